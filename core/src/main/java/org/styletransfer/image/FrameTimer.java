package org.styletransfer.image;

import java.util.function.LongSupplier;

/**
 * Frames done, frame rate and time left of a run over many frames, as one status line:
 * {@code "frame 12/1000, 3.1 fps, 5 min 18 s left"}. The rate is the average since the start, which
 * is steady for a video whose frames all cost the same.
 */
public final class FrameTimer {
    private final int total;
    private final LongSupplier nanoClock;
    private final long start;
    private int done;

    /** A timer for {@code total} frames, started now. */
    public FrameTimer(int total) {
        this(total, System::nanoTime);
    }

    /** A timer on the given clock (nanoseconds), so that tests need not wait. */
    public FrameTimer(int total, LongSupplier nanoClock) {
        this.total = total;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Records that one more frame is finished. */
    public synchronized void frameDone() {
        done++;
    }

    /** Frames finished so far. */
    public synchronized int done() {
        return done;
    }

    /** Seconds since the start. */
    public double seconds() {
        return (nanoClock.getAsLong() - start) / 1e9;
    }

    /** Frames per second so far, 0 before the first frame is done. */
    public synchronized double fps() {
        double s = seconds();
        return done > 0 && s > 0 ? done / s : 0;
    }

    /**
     * The status while the next frame is being worked on: its number, and once a frame is done the
     * rate and the time left, e.g. {@code "frame 12/1000, 3.1 fps, 5 min 18 s left"}.
     */
    public synchronized String status() {
        StringBuilder sb = new StringBuilder("frame ").append(Math.min(done + 1, total)).append('/').append(total);
        double fps = fps();
        if (fps > 0) {
            sb.append(String.format(java.util.Locale.ROOT, ", %.1f fps, %s left", fps, duration((total - done) / fps)));
        }
        return sb.toString();
    }

    /** A duration for people: "42 s", "5 min 18 s", "2 h 3 min". */
    public static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) return s + " s";
        if (s < 3600) return s / 60 + " min " + s % 60 + " s";
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}
