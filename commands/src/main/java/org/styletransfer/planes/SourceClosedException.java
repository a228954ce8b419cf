package org.styletransfer.planes;

import org.styletransfer.engine.StyleTransferException;

/**
 * A plane of the source could not be read because the user closed the image while it was being
 * styled (only a virtual stack whose reader closes with its window does this; planes in memory are
 * held by the run). The planes finished before stay usable.
 */
public final class SourceClosedException extends StyleTransferException {
    private final String title;

    SourceClosedException(String title, int index, Throwable cause) {
        super("'" + title + "' was closed while being styled, and its plane " + index
            + " can no longer be read. Keep the image open until the run ends.", cause);
        this.title = title;
    }

    /** The title of the closed image. */
    public String title() {
        return title;
    }
}
