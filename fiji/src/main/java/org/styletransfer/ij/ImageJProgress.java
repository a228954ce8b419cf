package org.styletransfer.ij;

import ij.IJ;
import org.styletransfer.engine.Progress;

/**
 * Shows a run's progress in ImageJ's progress bar and status line; pressing Esc cancels it
 * (the usual ImageJ gesture, which works in every window).
 */
final class ImageJProgress implements Progress {
    private final String title;

    /** @param title prefixes status lines so that the user sees which command is busy */
    ImageJProgress(String title) {
        this.title = title;
        // A stale Esc press from earlier would otherwise cancel this run at its first check.
        IJ.resetEscape();
    }

    @Override
    public void update(long done, long total, String status) {
        IJ.showProgress(total > 0 ? (double) done / total : 0);
        if (status != null) IJ.showStatus(title + ": " + status + " (Esc to cancel)");
    }

    /**
     * Logs the note, so that it outlives the status line, and shows it there; the progress bar is
     * left as it is (the default would reset it, not knowing the run's counts).
     */
    @Override
    public void note(String message) {
        IJ.log(title + ": " + message);
        IJ.showStatus(message);
    }

    @Override
    public boolean isCancelled() {
        return IJ.escapePressed();
    }

    /** Clears the progress bar whatever the outcome. */
    void finish() {
        IJ.showProgress(1.0);
    }
}
