package org.styletransfer.command;

import ij.ImagePlus;

import java.util.ArrayList;
import java.util.List;

/**
 * What a style command produced: a new image (the source is never modified) and how it was made.
 * A run that ended early (the user cancelled it, or its source was closed and could no longer be
 * read) returns what it finished, marked by {@link #cancelled()} and by {@link #stopNote()} in the
 * title and summary, so that it is never taken for a complete result. So does a run some of whose
 * planes could not be read (a virtual stack's files deleted): those are blank in the result.
 *
 * @param image        the new, not yet shown, image
 * @param provider     the execution provider(s) that ran the networks: "CPU", "CUDA", or after CUDA
 *                     failed e.g. "CUDA, then CPU (CUDA failed at plane 3: ...)"
 * @param providerNote why that provider was used when it differs from the one asked for, or ""
 * @param notes        what the user should know about how the run went, oldest first, e.g. "Out of
 *                     memory with 768-px tiles; retried with 384-px tiles (plane 3)"; none for a
 *                     run without surprises
 * @param planes       planes (2-D images) in the result that were stylised
 * @param seconds      wall time of the processing
 * @param totalPlanes  planes the run was asked to process ({@code planes} when it completed)
 * @param cancelled    true when the result is partial: the run ended early, or planes could not
 *                     be read
 * @param stopNote     what is missing, as the title ends, e.g. "(cancelled after 3 of 40
 *                     frames)", "(cancelled: time points 1-3 of 4 kept; 4 missing)"; "" for a
 *                     complete run
 */
public record StyleResult(ImagePlus image, String provider, String providerNote, List<String> notes, int planes,
                          double seconds, int totalPlanes, boolean cancelled, String stopNote) {

    /** Copies {@code notes}, so that the result does not change with the run's list. */
    public StyleResult {
        notes = List.copyOf(notes);
    }

    /**
     * This result with {@code newImage} in place of its image and {@code note} (when not empty)
     * added to its notes: for what is done to a result after its run (the source's overlay
     * flattened into it).
     */
    public StyleResult with(ImagePlus newImage, String note) {
        List<String> all = new ArrayList<>(notes);
        if (!note.isEmpty()) all.add(note);
        return new StyleResult(newImage, provider, providerNote, all, planes, seconds, totalPlanes, cancelled, stopNote);
    }

    /** True when every plane asked for was stylised. */
    public boolean complete() {
        return !cancelled;
    }

    /** Planes per second. */
    public double planesPerSecond() {
        return seconds > 0 ? planes / seconds : 0;
    }

    /** What titles and summaries of a cancelled run say: "(cancelled after 3 of 40 frames)". */
    public static String cancelledNote(int done, int total) {
        return cancelledNote(done, total, "frame");
    }

    /**
     * What titles and summaries of a cancelled run over a stack along one axis say, counting
     * {@code unit}s ("frame", or "plane" for planes that are not frames): "(cancelled after 3 of
     * 40 planes)".
     */
    public static String cancelledNote(int done, int total, String unit) {
        return "(cancelled after " + done + " of " + count(total, unit) + ")";
    }

    /**
     * What titles and summaries say when the source was closed and could no longer be read:
     * "(partial: 'clip.avi' was closed after 3 of 40 frames)".
     */
    public static String closedNote(String source, int done, int total, String unit) {
        return "(partial: '" + source + "' was closed after " + done + " of " + count(total, unit) + ")";
    }

    private static String count(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /**
     * One line for the status bar and the log, e.g. "candy: 12 planes in 3.4 s (3.5 fps) on CPU"; the
     * rate only for several planes ("candy: 1 plane in 0.3 s on CPU"). A run that ended early goes on
     * with its {@link #stopNote()}; the {@link #providerNote()}, then each of the {@link #notes()},
     * follows as a sentence of its own.
     */
    public String summary(String what) {
        StringBuilder line = new StringBuilder(String.format("%s: %d plane%s in %.1f s", what, planes,
            planes == 1 ? "" : "s", seconds));
        if (planes > 1) line.append(String.format(" (%.2f fps)", planesPerSecond()));
        line.append(" on ").append(provider);
        if (cancelled) line.append(' ').append(stopNote);
        // Notes contain semicolons of their own ("...; retried with ..."), so they are set apart as sentences.
        // The provider's note is one of them: in parentheses it read as part of every run's provider,
        // "on CPU (CUDA is not available ...; using CPU)", at the end of every summary in the Log.
        if (!providerNote.isEmpty()) line.append(". ").append(providerNote);
        for (String note : notes) line.append(". ").append(note);
        return line.toString();
    }
}
