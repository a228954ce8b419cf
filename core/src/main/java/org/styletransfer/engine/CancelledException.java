package org.styletransfer.engine;

/** Thrown when the user cancelled a run; whatever was produced so far is discarded. */
public class CancelledException extends StyleTransferException {
    public CancelledException() {
        super("Cancelled by the user; the source image is unchanged.");
    }
}
