package org.styletransfer.lossgraph;

import org.styletransfer.vgg.VggLayerNames;

import org.styletransfer.testutil.OrtRun;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.styletransfer.testutil.OrtRun.Tensor;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * The default full-depth spec (content relu4_2, style relu1_1 .. relu5_1, four poolings) on a
 * full 16-layer network with few channels, 32x32 image: directional derivatives.
 *
 * <p>A full finite-difference gradient would cost 2 x 3072 reference evaluations of 13 layers, so
 * this test compares the graph's gradient g with float64 central differences (step 1e-4 along a
 * unit direction, on {@link ReferenceGatys}) along the gradient itself and along random Gaussian
 * directions d: |&lt;g, d&gt; - fd| / (||g|| ||d||) &lt; 1e-3. Normalising by ||g|| ||d|| rather
 * than by |fd| keeps a direction almost orthogonal to g from failing on noise alone.
 */
class DeepGradientTest {

    private static final int SIZE = 32;
    private static final double STEP = 1e-4;

    @ParameterizedTest(name = "{0} pooling, mask {1}")
    @CsvSource({"MAX, false", "AVERAGE, true"})
    void directionalDerivativesMatch(Pooling pooling, boolean mask) throws Exception {
        VggWeights w = TestWeights.random(21, InputConvention.caffe(),
                3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8);
        GatysGraphSpec spec = GatysGraphSpec.defaults(w).withPooling(pooling).withStyleMask(mask);
        ReferenceGatys reference = new ReferenceGatys(w, spec);
        double[] image = GatysGradientTest.randomImage(7, SIZE, SIZE);
        double[] m = mask ? GatysGradientTest.mask(SIZE, SIZE) : null;
        ReferenceGatys.Targets targets = targets(reference, spec);
        double[] lossWeights = {1, 1, 1e-4};

        Map<String, Tensor> feeds = new HashMap<>();
        feeds.put("image", Tensor.of(GatysGradientTest.floats(image), 1, 3, SIZE, SIZE));
        if (m != null) {
            feeds.put("mask", Tensor.of(GatysGradientTest.floats(m), 1, 1, SIZE, SIZE));
        }
        targets.content().forEach((layer, v) -> {
            int i = VggLayerNames.convIndex(layer);
            int side = SIZE >> VggLayerNames.poolsBefore(i);
            int channels = w.layers().get(i).out();
            feeds.put("content_" + layer, Tensor.of(GatysGradientTest.floats(v), 1, channels, side, side));
        });
        targets.grams().forEach((layer, v) -> {
            int c = (int) Math.round(Math.sqrt(v.length));
            feeds.put("gram_" + layer, Tensor.of(GatysGradientTest.floats(v), 1, c, c));
        });
        feeds.put("content_weight", Tensor.scalar(lossWeights[0]));
        feeds.put("style_weight", Tensor.scalar(lossWeights[1]));
        feeds.put("tv_weight", Tensor.scalar(lossWeights[2]));
        double[] grad;
        try (OrtRun run = new OrtRun(GatysGraphs.lossAndGradient(w, spec), 1)) {
            Map<String, Tensor> out = run.run(feeds);
            double expected = reference.loss(image, SIZE, SIZE, m, targets, lossWeights);
            double actual = out.get("loss").values()[0];
            assertTrue(Math.abs(actual - expected) < 1e-4 * expected, "loss " + actual + " vs " + expected);
            grad = out.get("grad").doubles();
        }
        double gradNorm = norm(grad);
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 5; k++) {
            double[] d = k == 0 ? grad.clone() : gaussian(random, grad.length);
            scale(d, 1 / norm(d));
            double fd = (reference.loss(add(image, d, STEP), SIZE, SIZE, m, targets, lossWeights)
                    - reference.loss(add(image, d, -STEP), SIZE, SIZE, m, targets, lossWeights)) / (2 * STEP);
            double error = Math.abs(dot(grad, d) - fd) / gradNorm;
            System.out.printf(Locale.ROOT, "deep %s mask=%s direction %d: <g,d> %.6e  fd %.6e  err/|g| %.2e%n",
                    pooling, mask, k, dot(grad, d), fd, error);
            assertTrue(error < 1e-3, "direction " + k + ": relative error " + error);
        }
    }

    /** Targets from another random image, computed by the reference (float32-rounded, as a graph would give). */
    private static ReferenceGatys.Targets targets(ReferenceGatys reference, GatysGraphSpec spec) {
        double[] other = GatysGradientTest.randomImage(8, SIZE, SIZE);
        double[] ones = null;
        if (spec.styleMask()) {
            ones = new double[SIZE * SIZE];
            java.util.Arrays.fill(ones, 1);
        }
        ReferenceGatys.Targets t = reference.targets(other, SIZE, SIZE, ones);
        t.content().replaceAll((k, v) -> round(v));
        t.grams().replaceAll((k, v) -> round(v));
        return t;
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (float) v[i];
        }
        return r;
    }

    private static double[] gaussian(SplittableRandom random, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = TestWeights.gaussian(random);
        }
        return d;
    }

    private static double[] add(double[] x, double[] d, double t) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += t * d[i];
        }
        return y;
    }

    private static void scale(double[] x, double s) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= s;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
