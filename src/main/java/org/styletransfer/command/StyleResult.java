package org.styletransfer.command;

import ij.ImagePlus;

/**
 * What a style command produced: a new image (the source is never modified) and how it was made.
 * A run cancelled after some planes returns those planes, marked by {@link #cancelled()} and in the
 * title and summary, so that it is never taken for a complete result.
 *
 * @param image        the new, not yet shown, image
 * @param provider     the execution provider that ran the networks ("CPU" or "CUDA")
 * @param providerNote why that provider was used when it differs from the one asked for, or ""
 * @param planes       planes (2-D images) processed
 * @param seconds      wall time of the processing
 * @param totalPlanes  planes the run was asked to process ({@code planes} when it completed)
 * @param cancelled    true when the user stopped the run after {@code planes} of {@code totalPlanes}
 */
public record StyleResult(ImagePlus image, String provider, String providerNote, int planes, double seconds,
                          int totalPlanes, boolean cancelled) {

    /** A complete run's result. */
    public StyleResult(ImagePlus image, String provider, String providerNote, int planes, double seconds) {
        this(image, provider, providerNote, planes, seconds, planes, false);
    }

    /** True when every plane asked for was processed. */
    public boolean complete() {
        return !cancelled;
    }

    /** Planes per second. */
    public double planesPerSecond() {
        return seconds > 0 ? planes / seconds : 0;
    }

    /** What titles and summaries of a cancelled run say: "(cancelled after 3 of 40 frames)". */
    public static String cancelledNote(int done, int total) {
        return "(cancelled after " + done + " of " + total + " frame" + (total == 1 ? "" : "s") + ")";
    }

    /**
     * One line for the status bar and the log, e.g. "candy: 12 planes in 3.4 s (3.5 fps) on CPU";
     * a cancelled run ends with {@link #cancelledNote}.
     */
    public String summary(String what) {
        return String.format("%s: %d plane%s in %.1f s (%.2f fps) on %s%s%s", what, planes, planes == 1 ? "" : "s",
            seconds, planesPerSecond(), provider, providerNote.isEmpty() ? "" : " (" + providerNote + ")",
            cancelled ? " " + cancelledNote(planes, totalPlanes) : "");
    }
}
