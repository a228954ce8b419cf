package org.styletransfer.image;

import java.util.function.LongSupplier;

/**
 * Frames done, frame rate and time left of a run over many frames, as one status line:
 * {@code "frame 12/1000, 3.1 fps, 5 min 18 s left"}. The rate is the average since the start, which
 * is steady for a video whose frames all cost the same. Planes that are not time points (channels,
 * Z slices) are counted as planes instead: {@code "plane 2/24, 3.1 planes/s, 7 s left"}.
 */
public final class FrameTimer {
    /** What the status calls the frames of a video, and its rate "fps". */
    public static final String FRAME = "frame";
    /** What the status calls planes that are not time points. */
    public static final String PLANE = "plane";

    private final int total;
    private final String unit;
    private final LongSupplier nanoClock;
    private final long start;
    private int done;

    /** A timer for {@code total} frames, started now. */
    public FrameTimer(int total) {
        this(total, FRAME, System::nanoTime);
    }

    /** A timer for {@code total} items called {@code unit} ({@link #FRAME}, {@link #PLANE}), started now. */
    public FrameTimer(int total, String unit) {
        this(total, unit, System::nanoTime);
    }

    /** A timer for frames on the given clock (nanoseconds), so that tests need not wait. */
    public FrameTimer(int total, LongSupplier nanoClock) {
        this(total, FRAME, nanoClock);
    }

    /** A timer for items called {@code unit} on the given clock (nanoseconds). */
    public FrameTimer(int total, String unit, LongSupplier nanoClock) {
        this.total = total;
        this.unit = unit;
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
        StringBuilder sb = new StringBuilder(unit).append(' ').append(Math.min(done + 1, total)).append('/').append(total);
        double fps = fps();
        if (fps > 0) {
            String rate = FRAME.equals(unit) ? "fps" : unit + "s/s";
            sb.append(String.format(java.util.Locale.ROOT, ", %.1f %s, %s left", fps, rate, duration((total - done) / fps)));
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
