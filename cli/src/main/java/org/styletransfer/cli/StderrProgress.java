package org.styletransfer.cli;

import org.styletransfer.engine.Progress;

import java.io.PrintStream;

/**
 * Progress as plain lines on a stream (stderr), so that stdout carries only results. Lines are
 * throttled: logs of a long run stay readable and a redirect into a file stays small.
 */
public final class StderrProgress implements Progress {
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream err;
    private long lastPrint = Long.MIN_VALUE / 2;

    public StderrProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void update(long done, long total, String status) {
        String s = status == null || status.isEmpty() ? (total > 0 && done >= total ? "done" : "") : status;
        long now = System.nanoTime();
        boolean finished = total > 0 && done >= total;
        // The status changes with every tile (it carries a rate), so throttle on time alone.
        if (!finished && now - lastPrint < MIN_INTERVAL_NANOS) return;
        lastPrint = now;
        err.println(total > 0 ? String.format("[%d/%d] %s", done, total, s).trim() : s);
    }

    /** Prints the note at once: notes are rare and matter, so they are not throttled like updates. */
    @Override
    public void note(String message) {
        err.println(message);
    }

    @Override
    public boolean isCancelled() {
        // Ctrl+C ends the whole process; there is nothing to cancel from a terminal.
        return false;
    }
}
