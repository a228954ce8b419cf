package org.styletransfer.command;

import ij.ImagePlus;

/**
 * What a style command produced: a new image (the source is never modified) and how it was made.
 *
 * @param image        the new, not yet shown, image
 * @param provider     the execution provider that ran the networks ("CPU" or "CUDA")
 * @param providerNote why that provider was used when it differs from the one asked for, or ""
 * @param planes       planes (2-D images) processed
 * @param seconds      wall time of the processing
 */
public record StyleResult(ImagePlus image, String provider, String providerNote, int planes, double seconds) {

    /** Planes per second. */
    public double planesPerSecond() {
        return seconds > 0 ? planes / seconds : 0;
    }

    /** One line for the status bar and the log, e.g. "candy: 12 planes in 3.4 s (3.5 fps) on CPU". */
    public String summary(String what) {
        return String.format("%s: %d plane%s in %.1f s (%.2f fps) on %s%s", what, planes, planes == 1 ? "" : "s",
            seconds, planesPerSecond(), provider, providerNote.isEmpty() ? "" : " (" + providerNote + ")");
    }
}
