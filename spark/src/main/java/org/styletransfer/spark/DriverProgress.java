package org.styletransfer.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The job's progress line on the driver, next to the Spark UI's stages: frames done of all, frames
 * per second since the start, and the time left at that rate. Counted as tasks succeed (task
 * {@code i} is partition {@code i}, which holds work item {@code i}); retried attempts count once.
 */
final class DriverProgress extends SparkListener {
    private final int[] frames;
    private final boolean[] counted;
    private final long total;
    private final PrintStream err;
    private final long start = System.nanoTime();
    private long done;

    DriverProgress(List<WorkItem> items, PrintStream err) {
        this.frames = items.stream().mapToInt(WorkItem::frames).toArray();
        this.counted = new boolean[frames.length];
        this.total = items.stream().mapToLong(WorkItem::frames).sum();
        this.err = err;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        int index = end.taskInfo().index();
        if (!end.taskInfo().successful() || index >= frames.length || counted[index]) return;
        counted[index] = true;
        done += frames[index];
        err.println(line(done, total, (System.nanoTime() - start) / 1e9));
    }

    /** "Progress: 120 of 2000 frames, 35.2 frames/s, 0:53 left". */
    static String line(long done, long total, double seconds) {
        double fps = seconds > 0 ? done / seconds : 0;
        long left = fps > 0 ? Math.round((total - done) / fps) : 0;
        return String.format(Locale.ROOT, "Progress: %d of %d frames, %.1f frames/s, %d:%02d left",
            done, total, fps, left / 60, left % 60);
    }
}
