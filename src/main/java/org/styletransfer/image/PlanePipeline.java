package org.styletransfer.image;

import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs every plane of a {@link PlaneSet} through a style function and stores the results, either
 * one plane after the other, or pipelined: a reader thread reads and converts the next planes and a
 * writer thread converts and stores the finished ones while the calling thread runs the networks.
 * At most {@link #AHEAD} planes are read ahead and at most {@link #AHEAD} wait to be written, so
 * memory stays bounded however many planes there are. Both ways give identical results.
 *
 * <p>A {@link CancelledException} from the style function stops the run after the planes already
 * finished, which are all stored before this returns: a cancelled run keeps its work.</p>
 */
public final class PlanePipeline {
    /** Planes read ahead of the one being stylised, and finished planes that may wait to be written. */
    public static final int AHEAD = 2;

    /**
     * What a run did.
     *
     * @param done      planes stylised and stored (the first {@code done} planes of the set)
     * @param cancelled true when the style function cancelled the run before the last plane
     */
    public record Outcome(int done, boolean cancelled) {
    }

    private PlanePipeline() {
    }

    /**
     * Stylises and stores the planes of {@code planes} in order.
     *
     * @param stylize   turns a 0..255 plane into its result; may throw {@link CancelledException}
     * @param pipelined overlap reading and writing with {@code stylize} on two helper threads
     * @param frameDone called on the calling thread after each plane's style function finished
     * @throws StyleTransferException (or another exception) from reading, styling or writing; the
     *                                planes stored before stay stored
     */
    public static Outcome run(PlaneSet planes, UnaryOperator<ColorImage> stylize, boolean pipelined, Runnable frameDone) {
        return pipelined ? pipelined(planes, stylize, frameDone) : sequential(planes, stylize, frameDone);
    }

    private static Outcome sequential(PlaneSet planes, UnaryOperator<ColorImage> stylize, Runnable frameDone) {
        for (int k = 0; k < planes.size(); k++) {
            PlaneSet.Frame frame = planes.readFrame(k);
            ColorImage styled;
            try {
                styled = stylize.apply(frame.image());
            } catch (CancelledException e) {
                return new Outcome(k, true);
            }
            planes.write(frame, styled);
            frameDone.run();
        }
        return new Outcome(planes.size(), false);
    }

    private static Outcome pipelined(PlaneSet planes, UnaryOperator<ColorImage> stylize, Runnable frameDone) {
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> daemon(r, "style-read"));
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "style-write"));
        Deque<Future<PlaneSet.Frame>> reads = new ArrayDeque<>();
        Deque<Future<?>> writes = new ArrayDeque<>();
        boolean finished = false;
        try {
            int next = 0;
            for (int k = 0; k < planes.size(); k++) {
                for (; next < planes.size() && next <= k + AHEAD; next++) {
                    int n = next;
                    reads.add(reader.submit(() -> planes.readFrame(n)));
                }
                PlaneSet.Frame frame = result(reads.poll());
                ColorImage styled;
                try {
                    styled = stylize.apply(frame.image());
                } catch (CancelledException e) {
                    drain(writes);
                    finished = true;
                    return new Outcome(k, true);
                }
                writes.add(writer.submit(() -> planes.write(frame, styled)));
                // Bounded: wait for the oldest write rather than letting results pile up.
                while (writes.size() > AHEAD) result(writes.poll());
                frameDone.run();
            }
            drain(writes);
            finished = true;
            return new Outcome(planes.size(), false);
        } finally {
            reads.forEach(f -> f.cancel(false));
            if (!finished) drainQuietly(writes);
            // Wait for the helpers, so that nothing touches the source or the folder after this returns.
            shutdown(reader);
            shutdown(writer);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void drain(Deque<Future<?>> writes) {
        while (!writes.isEmpty()) result(writes.poll());
    }

    /** After a failure: lets the pending writes finish, keeping the first failure as the one reported. */
    private static void drainQuietly(Deque<Future<?>> writes) {
        for (Future<?> f : writes) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // Reported by whoever failed first.
            }
        }
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new StyleTransferException("Reading or writing a plane failed: " + cause, cause);
        }
    }

    private static void shutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
