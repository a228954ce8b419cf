package org.styletransfer.gatys;

import org.junit.jupiter.api.Test;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TinyVgg;
import org.styletransfer.vgg.VggWeights;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The optimiser trusts the graph's gradient: check it against central differences of the loss
 * along random directions (directional derivatives; per-pixel differences drown in float32 noise).
 */
class GradientCheckTest {

    @Test
    void gradientMatchesFiniteDifferences() {
        check(org.styletransfer.lossgraph.Pooling.MAX);
    }

    @Test
    void gradientMatchesFiniteDifferencesWithAveragePooling() {
        check(org.styletransfer.lossgraph.Pooling.AVERAGE);
    }

    /**
     * In the GPU build on a machine with a GPU: the loss graph written for CUDA (see
     * {@link LossNetwork#target(String)}) gives the CPU graph's loss and gradient on the CUDA provider.
     * Elsewhere it is skipped; run it with {@code mvn -Pcuda test -Dtest=GradientCheckTest}.
     */
    @Test
    void theCudaGraphOnCudaGivesTheCpuGraphsLossAndGradient() {
        assumeTrue(OnnxEngine.cudaBuilt(), "not the GPU build (-Pcuda)");
        VggWeights w = TinyVgg.weights(11);
        String key = NeuralStylizer.fingerprint(w);
        var spec = new NeuralStylizer(w).spec();
        LossNetwork cpu = new LossNetwork(w, key, spec, Provider.CPU);
        LossNetwork cuda;
        try {
            cuda = new LossNetwork(w, key, spec, Provider.CUDA);
        } catch (RuntimeException e) {
            abort("no usable GPU: " + e.getMessage());
            return;
        }
        int width = 64;
        int height = 48;
        ColorImage content = TinyVgg.content(width, height);
        float[] gCpu = new float[3 * width * height];
        float[] gCuda = new float[gCpu.length];
        double lossCpu = evaluateOnce(cpu, content, gCpu);
        double lossCuda = evaluateOnce(cuda, content, gCuda);
        assertEquals("CUDA", cuda.provider());
        // CUDA may use TF32 for convolutions and products (about 1e-3 relative).
        assertEquals(lossCpu, lossCuda, 1e-2 * Math.abs(lossCpu));
        double err = 0;
        for (int i = 0; i < gCpu.length; i++) err += (gCpu[i] - gCuda[i]) * (double) (gCpu[i] - gCuda[i]);
        assertTrue(Math.sqrt(err) < 1e-2 * norm(gCpu), "gradient relative L2 error " + Math.sqrt(err) / norm(gCpu));
    }

    /** Loss and gradient near the content image (a ripple added), against {@link #evaluator}'s targets. */
    private static double evaluateOnce(LossNetwork net, ColorImage content, float[] gradient) {
        float[] x = content.data().clone();
        for (int i = 0; i < x.length; i++) x[i] += (float) (20 * Math.sin(0.7 * i));
        try (Evaluator ev = evaluator(net, content)) {
            return ev.evaluate(x, gradient);
        }
    }

    /** The objective with content targets from {@code content} and style targets from a stripe pattern. */
    private static Evaluator evaluator(LossNetwork net, ColorImage content) {
        Map<String, float[]> grams = new HashMap<>();
        Map<String, float[]> feats = new HashMap<>();
        Map<String, float[]> st = net.targets(TinyVgg.style(40, 40, 5));
        for (String l : net.spec().styleLayers()) grams.put(l, st.get("gram_" + l));
        Map<String, float[]> ct = net.targets(content);
        for (String l : net.spec().contentLayers()) feats.put(l, ct.get("content_" + l));
        return net.evaluator(content.width(), content.height(), feats, grams, 1, 10, 1e-3, null);
    }

    private void check(org.styletransfer.lossgraph.Pooling pooling) {
        VggWeights w = TinyVgg.weights(11);
        NeuralStylizer stylizer = new NeuralStylizer(w);
        LossNetwork net = new LossNetwork(w, NeuralStylizer.fingerprint(w), stylizer.spec().withPooling(pooling), Provider.CPU);
        int width = 32;
        int height = 24;
        ColorImage content = TinyVgg.content(width, height);
        Random r = new Random(3);
        // A smooth image: on noise the tiny random net's ReLU and pooling kinks are so dense that
        // differences over any usable step mostly measure kinks, not the gradient.
        float[] x = content.data().clone();
        try (Evaluator ev = evaluator(net, content)) {
            float[] g = new float[x.length];
            ev.evaluate(x, g);
            for (int k = 0; k < 3; k++) {
                float[] d = new float[x.length];
                for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
                double analytic = 0;
                for (int i = 0; i < d.length; i++) analytic += (double) g[i] * d[i];
                double h = 0.005;
                double numeric = (ev.evaluate(shift(x, d, h), new float[x.length])
                    - ev.evaluate(shift(x, d, -h), new float[x.length])) / (2 * h);
                // |g.d| is about |g| for Gaussian d: allow 10% of that for kinks and float32 rounding.
                assertEquals(numeric, analytic, 0.1 * norm(g), pooling + " direction " + k);
            }
        }
    }

    private static double norm(float[] g) {
        double s = 0;
        for (float v : g) s += (double) v * v;
        return Math.sqrt(s);
    }

    private static float[] shift(float[] x, float[] d, double h) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = (float) (x[i] + h * d[i]);
        return y;
    }
}
