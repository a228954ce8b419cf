package org.styletransfer.bench;

import java.util.Locale;
import java.util.Random;
import org.styletransfer.optim.Lbfgs;
import org.styletransfer.optim.Objective;
import org.styletransfer.optim.PyramidPreconditioner;

/**
 * What L-BFGS adds to every evaluation of a Neural Style run, apart from any loss graph
 * ({@code bench-gatys --parts lbfgs}): the two-loop recursion's passes over a full memory, the
 * preconditioner and the line search's vector operations, for an RGB image of a given size. The
 * objective is a cheap separable quartic whose curvatures span six decades, so that the memory
 * fills and every direction uses it; its own time is left out.
 */
final class LbfgsBench {

    private LbfgsBench() {
    }

    /**
     * The BENCH line of one size: milliseconds per iteration outside the objective, measured over
     * {@code iterations} iterations once the memory is full.
     */
    static String run(int size, int memory, int octaves, int threads, int iterations) {
        int n = 3 * size * size;
        Random r = new Random(1);
        float[] curvature = new float[n];
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            curvature[i] = (float) Math.pow(10, -6 * r.nextDouble());
            x[i] = r.nextFloat();
        }
        long[] objectiveNs = {0};
        Objective quartic = (p, g) -> {
            long t0 = System.nanoTime();
            double f = 0;
            for (int i = 0; i < n; i++) {
                double v = p[i] - 0.3;
                f += curvature[i] * v * v * (1 + 0.1 * v * v);
                g[i] = (float) (2 * curvature[i] * v * (1 + 0.2 * v * v));
            }
            objectiveNs[0] += System.nanoTime() - t0;
            return f;
        };
        Lbfgs.Options options = Lbfgs.Options.defaults().withMemory(memory).withThreads(threads)
            .withGradientTolerance(0);
        try (Lbfgs opt = new Lbfgs(quartic, x, options, PyramidPreconditioner.of(3, size, size, octaves))) {
            for (int i = 0; i < memory + 5; i++) opt.step();
            long t0 = System.nanoTime();
            long objective0 = objectiveNs[0];
            int evaluations0 = opt.evaluations();
            for (int i = 0; i < iterations; i++) opt.step();
            double ms = (System.nanoTime() - t0 - (objectiveNs[0] - objective0)) / 1e6 / iterations;
            return String.format(Locale.ROOT, "BENCH case=lbfgs_%d ms_per_iteration=%.2f memory=%d octaves=%d "
                    + "threads=%d evaluations_per_iteration=%.2f", size, ms, memory, octaves, threads,
                (opt.evaluations() - evaluations0) / (double) iterations);
        }
    }
}
