package org.styletransfer.optim;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Runs a loop over a long vector on several threads at once, each on its own contiguous slice,
 * with an all-reduce for the dot products the loop needs whole. Why: the L-BFGS two-loop
 * recursion reads every correction pair twice per iteration (100 pairs at 512x512 are 1.2 GB),
 * which is memory-bound on one core while the evaluation's threads wait for it.
 *
 * <p>The partial sums are added in slice order, so every slice sees the same total and a run
 * gives the same numbers every time for a given team size. A team of one is the plain loop.
 */
final class SliceTeam {

    /** Floats per slice at least: below this the hand-offs cost more than the second core gives. */
    static final int MIN_SLICE = 1 << 16;
    /** Busy-wait rounds before a waiting slice yields its core (another program may need it). */
    private static final int SPINS_BEFORE_YIELD = 1 << 12;

    /** Helpers for every team: daemon threads that end after a minute without work. */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "style-transfer-optimiser-slice");
        t.setDaemon(true);
        return t;
    });

    /** The loop over one slice, {@code from} inclusive to {@code to} exclusive. */
    interface Body {
        void run(int from, int to, AllReduce sum);
    }

    /** The sum over all slices of one partial value per slice; every slice must ask in the same order. */
    interface AllReduce {
        double of(double partial);
    }

    private final int[] bounds;

    private SliceTeam(int[] bounds) {
        this.bounds = bounds;
    }

    /**
     * A team for vectors of {@code n} floats: {@code threads} slices at most, and none shorter than
     * {@link #MIN_SLICE}.
     */
    static SliceTeam of(int threads, int n) {
        int slices = Math.max(1, Math.min(threads, n / MIN_SLICE));
        int[] bounds = new int[slices + 1];
        // Slices start on VectorMath's blocks, so that each slice's sums are blocked as one loop's.
        for (int k = 1; k < slices; k++) bounds[k] = (int) ((long) n * k / slices / VectorMath.BLOCK * VectorMath.BLOCK);
        bounds[slices] = n;
        return new SliceTeam(bounds);
    }

    int size() {
        return bounds.length - 1;
    }

    /** Runs {@code body} on every slice, this thread taking the first, and returns when all are done. */
    void run(Body body) {
        int slices = size();
        if (slices == 1) {
            body.run(0, bounds[1], partial -> partial);
            return;
        }
        Exchange exchange = new Exchange(slices);
        Future<?>[] helpers = new Future<?>[slices - 1];
        for (int k = 1; k < slices; k++) {
            int slice = k;
            helpers[k - 1] = HELPERS.submit(() -> exchange.runSlice(slice, body, bounds[slice], bounds[slice + 1]));
        }
        exchange.runSlice(0, body, 0, bounds[1]);
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the optimiser's slices ran", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a slice of the optimiser failed", e.getCause());
            }
        }
    }

    /**
     * The all-reduce of one {@link #run}: slice k publishes its partial sum of round r in
     * {@code partials[r % 2][k]}, then its round count; two buffers are enough because no slice can
     * publish round r + 2 before every slice has published round r + 1, that is, read round r.
     */
    private static final class Exchange {
        private final int slices;
        private final AtomicLongArray partials;
        private final AtomicLongArray rounds;
        private final AtomicInteger failed = new AtomicInteger();

        Exchange(int slices) {
            this.slices = slices;
            this.partials = new AtomicLongArray(2 * slices);
            this.rounds = new AtomicLongArray(slices);
        }

        void runSlice(int slice, Body body, int from, int to) {
            long[] round = {0};
            try {
                body.run(from, to, partial -> reduce(slice, ++round[0], partial));
            } catch (RuntimeException | Error e) {
                failed.set(1); // the other slices stop waiting for this one
                throw e;
            }
        }

        private double reduce(int slice, long round, double partial) {
            int buffer = (int) (round & 1) * slices;
            partials.set(buffer + slice, Double.doubleToRawLongBits(partial));
            rounds.set(slice, round);
            double sum = 0;
            for (int k = 0; k < slices; k++) {
                awaitRound(k, round);
                sum += Double.longBitsToDouble(partials.get(buffer + k));
            }
            return sum;
        }

        private void awaitRound(int slice, long round) {
            for (int spins = 0; rounds.get(slice) < round; spins++) {
                if (failed.get() != 0) throw new IllegalStateException("another slice of the optimiser failed");
                if (spins < SPINS_BEFORE_YIELD) Thread.onSpinWait();
                else Thread.yield();
            }
        }
    }
}
