package org.styletransfer.bench;

import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.onnx.ModelBuilder;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorInfo;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * The machine's practical fp32 matrix-multiply rate, measured with ONNX Runtime through the same
 * engine (threads, optimisation level, provider) as the style networks, so that the networks'
 * achieved GFLOP/s can be read as a fraction of what this machine can do.
 */
final class MatMulPeak {
    /** Result of one measurement. */
    record Peak(int n, int chain, String provider, double medianMs, double gflops) {
    }

    private MatMulPeak() {
    }

    /** Chained MatMuls per run by default: 1 on CPU; 8 on a GPU, where one 2048^3 product is shorter than its copies. */
    static int defaultChain(Provider provider) {
        return provider == Provider.CPU ? 1 : 8;
    }

    /**
     * Times {@code chain} chained n x n x n MatMuls in one run ({@code chain} > 1 hides the
     * host-device copies on a GPU), {@code warmup} untimed and {@code runs} timed runs, with
     * {@code threads} ONNX Runtime threads (0 for the engine's default).
     */
    static Peak measure(int n, int chain, int warmup, int runs, Provider provider, int threads) {
        byte[] model = model(n, chain).toBytes();
        ModelSession session = OnnxEngine.shared().session("bench-matmul-" + n + "x" + chain, "MatMul benchmark",
            () -> model, provider, threads);
        try (FloatTensor a = filled(n, 1); FloatTensor b = filled(n, 2); FloatTensor c = FloatTensor.allocate(n, n)) {
            Map<String, FloatTensor> in = Map.of("a", a, "b", b);
            Map<String, FloatTensor> out = Map.of("c", c);
            for (int i = 0; i < warmup; i++) session.run(in, out);
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                session.run(in, out);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            double median = Stats.median(ms);
            double flops = 2.0 * n * n * (double) n * chain;
            return new Peak(n, chain, session.provider(), median, flops / (median * 1e6));
        }
    }

    /** c = (((a b) b) ... b): both factors are inputs, so nothing can be folded at load time. */
    static OnnxModel model(int n, int chain) {
        ModelBuilder m = OnnxModel.builder(13)
            .input(TensorInfo.floatTensor("a", n, n))
            .input(TensorInfo.floatTensor("b", n, n));
        String previous = "a";
        for (int i = 1; i <= chain; i++) {
            String next = i == chain ? "c" : "t" + i;
            m.node(OnnxNode.of("MatMul", next, previous, "b"));
            previous = next;
        }
        return m.output(TensorInfo.floatTensor("c", n, n)).build();
    }

    /**
     * Random values scaled by 1/sqrt(n) (variance 1/n) so that chained products keep their
     * magnitude: no overflow, and no denormals, which would slow a CPU down and skew the figure.
     */
    private static FloatTensor filled(int n, long seed) {
        FloatTensor t = FloatTensor.allocate(n, n);
        SplittableRandom r = new SplittableRandom(seed);
        double scale = Math.sqrt(3.0 / n);
        for (int i = 0; i < t.size(); i++) t.buffer().put(i, (float) ((2 * r.nextDouble() - 1) * scale));
        return t;
    }
}
