package org.styletransfer.planes;

import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelSource;
import org.styletransfer.image.PixelTarget;

import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * Runs every plane of a {@link PlaneSet} through a style function and stores the results, either
 * one plane after the other, or pipelined: a reader thread reads and converts the next planes and a
 * writer thread converts and stores the finished ones while the calling thread runs the networks.
 * At most {@link #AHEAD} planes are read ahead and at most {@link #AHEAD} wait to be written, so
 * memory stays bounded however many planes there are. Both ways give identical results.
 *
 * <p>A {@link CancelledException} from the style function, or an interrupt of the calling thread,
 * stops the run after the planes already finished, which are all stored before this returns: a
 * cancelled run keeps its work. So does a source closed meanwhile whose planes can no longer be
 * read ({@link SourceClosedException}). Nothing touches the source or the output folder once this
 * has returned, and an interrupt is kept for the caller to see.</p>
 *
 * <p>A plane that cannot be read (a virtual stack's file gone or damaged, see
 * {@link PlaneSet.Frame#readable()}) does not go through the style function: a blank plane takes
 * its place, and the run goes on with the next one.</p>
 */
public final class PlanePipeline {
    /** Planes read ahead of the one being stylised, and finished planes that may wait to be written. */
    public static final int AHEAD = 2;

    /** Why a run ended. */
    public enum Stop {
        /** Every plane was stylised and stored. */
        NONE,
        /** The user cancelled (or the calling thread was interrupted). */
        CANCELLED,
        /** The source was closed and its next plane could no longer be read. */
        SOURCE_CLOSED
    }

    /**
     * What a run did.
     *
     * @param done planes stored (the first {@code done} planes of the set), stylised or, when they
     *             could not be read, blank
     * @param stop why it ended; anything but {@link Stop#NONE} before the last plane
     */
    public record Outcome(int done, Stop stop) {
        /** True when the user cancelled the run before the last plane. */
        public boolean cancelled() {
            return stop == Stop.CANCELLED;
        }

        /** True when every plane was done. */
        public boolean complete() {
            return stop == Stop.NONE;
        }
    }

    /** A style function that is told which plane it gets. */
    @FunctionalInterface
    public interface Style {
        /**
         * Turns plane {@code k} (0-based position in the set) as a 0..255 image into its result;
         * may throw {@link CancelledException}.
         */
        ColorImage apply(int k, ColorImage plane);
    }

    private PlanePipeline() {
    }

    /**
     * Stylises and stores the planes of {@code planes} in order.
     *
     * @param stylize   turns a 0..255 plane into its result; may throw {@link CancelledException};
     *                  not called for a plane that cannot be read
     * @param pipelined overlap reading and writing with {@code stylize} on two helper threads
     * @param frameDone called on the calling thread after each plane's style function finished (or
     *                  it was skipped for a plane that could not be read)
     * @throws StyleTransferException (or another exception) from reading, styling or writing; the
     *                                planes stored before stay stored
     */
    public static Outcome run(PlaneSet planes, Style stylize, boolean pipelined, Runnable frameDone) {
        return pipelined ? pipelined(planes, stylize, frameDone) : sequential(planes, stylize, frameDone);
    }

    /** The result of {@code frame}, or null for a plane that could not be read (stored blank). */
    private static ColorImage styled(PlaneSet.Frame frame, Style stylize) {
        return frame.readable() ? stylize.apply(frame.k(), frame.image()) : null;
    }

    private static Outcome sequential(PlaneSet planes, Style stylize, Runnable frameDone) {
        return oneByOne(planes, k -> {
            PlaneSet.Frame frame = planes.readFrame(k);
            planes.write(frame, styled(frame, stylize));
        }, frameDone);
    }

    /**
     * Runs {@code plane} (which stores plane k) for each plane in order, on the calling thread;
     * an interrupt, {@link CancelledException} or {@link SourceClosedException} ends the run with
     * the planes stored before.
     */
    private static Outcome oneByOne(PlaneSet planes, IntConsumer plane, Runnable frameDone) {
        for (int k = 0; k < planes.size(); k++) {
            try {
                checkInterrupt();
                plane.accept(k);
            } catch (CancelledException | SourceClosedException e) {
                return new Outcome(k, stopOf(e));
            }
            frameDone.run();
        }
        return new Outcome(planes.size(), Stop.NONE);
    }

    /**
     * Processes and stores the planes of {@code planes} in order, each tile by tile from its source
     * plane into its result plane ({@link PlaneSet#process}), one after the other: no plane is
     * held as floats, so a plane's working memory does not grow with its size. A plane that
     * cannot be read is stored blank without calling {@code style}, as {@link #run} does.
     *
     * @param style     reads one plane and writes its result; may throw {@link CancelledException}
     * @param frameDone called after each plane was stored
     */
    public static Outcome runTiled(PlaneSet planes, BiConsumer<PixelSource, PixelTarget> style, Runnable frameDone) {
        return oneByOne(planes, k -> planes.process(k, style), frameDone);
    }

    private static Outcome pipelined(PlaneSet planes, Style stylize, Runnable frameDone) {
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> daemon(r, "style-read"));
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "style-write"));
        Deque<Future<PlaneSet.Frame>> reads = new ArrayDeque<>();
        Deque<Future<?>> writes = new ArrayDeque<>();
        try {
            int next = 0;
            for (int k = 0; k < planes.size(); k++) {
                for (; next < planes.size() && next <= k + AHEAD; next++) {
                    int n = next;
                    reads.add(reader.submit(() -> planes.readFrame(n)));
                }
                try {
                    checkInterrupt();
                    PlaneSet.Frame frame = result(reads.poll());
                    ColorImage styled = styled(frame, stylize);
                    writes.add(writer.submit(() -> planes.write(frame, styled)));
                    // Bounded: wait for the oldest write rather than letting results pile up.
                    while (writes.size() > AHEAD) result(writes.poll());
                } catch (CancelledException | SourceClosedException e) {
                    // The planes finished so far are kept: wait until they are all stored.
                    awaitAll(writes);
                    return new Outcome(planes.written(), stopOf(e));
                }
                frameDone.run();
            }
            awaitAll(writes);
            return new Outcome(planes.size(), Stop.NONE);
        } finally {
            reads.forEach(f -> f.cancel(false));
            // After a failure: let the pending writes end, keeping the first failure as the one reported.
            awaitQuietly(writes);
            // Wait for the helpers, so that nothing touches the source or the folder after this returns.
            shutdown(reader);
            shutdown(writer);
        }
    }

    /** An interrupt of the calling thread cancels the run, as the user's cancel does. */
    private static void checkInterrupt() {
        if (Thread.currentThread().isInterrupted()) throw new CancelledException();
    }

    private static Stop stopOf(RuntimeException e) {
        return e instanceof SourceClosedException ? Stop.SOURCE_CLOSED : Stop.CANCELLED;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Waits until every pending write is stored, even when this thread is interrupted (the
     * interrupt is a cancel, and a cancel keeps the finished planes); the interrupt stays set.
     *
     * @throws RuntimeException the first write's failure
     */
    private static void awaitAll(Deque<Future<?>> writes) {
        boolean interrupted = false;
        try {
            while (!writes.isEmpty()) {
                try {
                    writes.peek().get();
                    writes.poll();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    writes.poll();
                    throw unwrap(e);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** As {@link #awaitAll}, ignoring failures: they are reported by whoever failed first. */
    private static void awaitQuietly(Deque<Future<?>> writes) {
        while (!writes.isEmpty()) {
            try {
                awaitAll(writes);
            } catch (RuntimeException | Error e) {
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
            throw unwrap(e);
        }
    }

    /** The failure of a read or write, as thrown where it happened. */
    private static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) return r;
        if (cause instanceof Error err) throw err;
        return new StyleTransferException("Reading or writing a plane failed: " + cause, cause);
    }

    /** Ends a helper once its last task is done, waiting for it even when this thread is interrupted. */
    private static void shutdown(ExecutorService executor) {
        executor.shutdown();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!executor.awaitTermination(1, TimeUnit.MINUTES)) executor.shutdownNow();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
