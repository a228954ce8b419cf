package org.styletransfer.lossgraph;

import org.styletransfer.testutil.OrtRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.styletransfer.testutil.OrtRun.Tensor;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * Checks the hand-written backward pass of {@link GatysGraphs#lossAndGradient} against finite
 * differences, for every loss term on its own (the other weights 0), both poolings, with and
 * without a style mask, on a small random network (3-4-4-6-6-8 channels, conv1_1 .. conv3_1, two
 * poolings) and an image of 19x27 padded to 20x28 by edge replication.
 *
 * <p>Method: the graph computes the gradient in float32. The finite differences are taken on
 * {@link ReferenceGatys}, an independent float64 Java implementation of the forward loss, with
 * central differences of step 1e-5 (0..255 units) per pixel. In float64 the rounding error of the
 * difference quotient is ~1e-16 L / 1e-5, far below 1e-3, and the step is small enough that
 * almost no ReLU or max-pool switch falls inside it; finite differences of the float32 graph
 * itself would drown in float32 rounding (1e-7 relative on L, divided by the step). The full
 * gradient is compared in L2 norm, relative error &lt; 1e-3; the maximum elementwise error
 * (relative to the largest gradient component) is reported too. The reference also checks the
 * graph's loss values and targets, so forward and backward are both pinned down.
 */
class GatysGradientTest {

    private static final int H = 20;
    private static final int W = 28;
    private static final double STEP = 1e-5;
    private static final double TOLERANCE = 1e-3;

    enum Term {
        CONTENT(1, 0, 0), STYLE(0, 1, 0), TV(0, 0, 1), ALL(1, 2, 0.0005);

        final double[] weights;

        Term(double... weights) {
            this.weights = weights;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Pooling pooling : Pooling.values()) {
            for (Term term : Term.values()) {
                cases.add(Arguments.of(pooling, false, term));
            }
            cases.add(Arguments.of(pooling, true, Term.STYLE));
            cases.add(Arguments.of(pooling, true, Term.ALL));
        }
        return cases.stream();
    }

    static GatysGraphSpec spec(Pooling pooling, boolean mask) {
        return new GatysGraphSpec(List.of("relu2_2", "relu1_1"), List.of("relu1_1", "relu2_1", "relu3_1"),
                new double[] {0.2, 0.3, 0.5}, pooling, mask);
    }

    @ParameterizedTest(name = "{0} pooling, mask {1}, {2}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Pooling pooling, boolean mask, Term term) throws Exception {
        VggWeights w = TestWeights.random(11, InputConvention.caffe(), 3, 4, 4, 6, 6, 8);
        GatysGraphSpec spec = spec(pooling, mask);
        assertEquals(4, spec.sizeMultiple());
        check(w, spec, GraphTarget.CPU, term.weights, String.format(Locale.ROOT, "%s mask=%s %s", pooling, mask, term));
    }

    /** The graph for CUDA (ScatterElements instead of MaxUnpool), run here on the CPU provider. */
    @Test
    void cudaGraphGradient() throws Exception {
        VggWeights w = TestWeights.random(11, InputConvention.caffe(), 3, 4, 4, 6, 6, 8);
        check(w, spec(Pooling.MAX, true), GraphTarget.CUDA, Term.ALL.weights, "CUDA graph, MAX, mask, ALL");
    }

    /**
     * ONNX Runtime's CUDA provider has no MaxUnpool kernel (its operator table lists none), so the
     * CUDA graph must not contain one; the CPU graph keeps it, being faster there.
     */
    @Test
    void onlyTheCpuGraphUsesMaxUnpool() {
        VggWeights w = TestWeights.random(11, InputConvention.caffe(), 3, 4, 4, 6, 6, 8);
        assertTrue(opTypes(GatysGraphs.lossAndGradient(w, spec(Pooling.MAX, false), GraphTarget.CPU)).contains("MaxUnpool"));
        List<String> cuda = opTypes(GatysGraphs.lossAndGradient(w, spec(Pooling.MAX, false), GraphTarget.CUDA));
        assertFalse(cuda.contains("MaxUnpool"), cuda::toString);
        assertTrue(cuda.contains("ScatterElements"));
    }

    private static List<String> opTypes(org.styletransfer.onnx.OnnxModel model) {
        return model.nodes().stream().map(org.styletransfer.onnx.OnnxNode::opType).toList();
    }

    @Test
    void torchvisionConventionGradient() throws Exception {
        VggWeights w = TestWeights.random(5, InputConvention.torchvision(), 3, 4, 4, 6, 6, 8);
        check(w, spec(Pooling.MAX, true), GraphTarget.CPU, Term.ALL.weights, "torchvision convention, MAX, mask, ALL");
    }

    /** The whole problem at one point: images, mask, targets from the targets graph. */
    private record Problem(double[] image, double[] mask, ReferenceGatys.Targets targets, Map<String, Tensor> feeds) {
    }

    private static void check(VggWeights w, GatysGraphSpec spec, GraphTarget target, double[] lossWeights, String label)
            throws Exception {
        ReferenceGatys reference = new ReferenceGatys(w, spec);
        Problem p = problem(w, spec, reference, lossWeights);
        Map<String, Tensor> out;
        try (OrtRun loss = new OrtRun(GatysGraphs.lossAndGradient(w, spec, target), 1)) {
            out = loss.run(p.feeds());
        }
        checkLosses(reference, spec, p, out, lossWeights);
        double[] grad = out.get("grad").doubles();
        double[] fd = finiteDifferences(reference, p, lossWeights);
        double err = 0;
        double norm = 0;
        double maxErr = 0;
        double maxGrad = 0;
        for (int k = 0; k < fd.length; k++) {
            err += (grad[k] - fd[k]) * (grad[k] - fd[k]);
            norm += fd[k] * fd[k];
            maxErr = Math.max(maxErr, Math.abs(grad[k] - fd[k]));
            maxGrad = Math.max(maxGrad, Math.abs(fd[k]));
        }
        double relative = Math.sqrt(err / norm);
        System.out.printf(Locale.ROOT, "gradient check %-40s |grad| %.3e  L2 rel err %.2e  max err/max %.2e%n",
                label, Math.sqrt(norm), relative, maxErr / maxGrad);
        assertTrue(norm > 0, label + ": zero gradient tells nothing");
        assertTrue(relative < TOLERANCE, label + ": gradient relative L2 error " + relative);
    }

    private static Problem problem(VggWeights w, GatysGraphSpec spec, ReferenceGatys reference, double[] lossWeights)
            throws Exception {
        double[] image = padByEdge(randomImage(1, H - 1, W - 1), H - 1, W - 1, H, W);
        double[] contentImage = randomImage(2, H, W);
        double[] styleImage = randomImage(3, 16, 24);
        double[] mask = spec.styleMask() ? mask(H, W) : null;
        Map<String, Tensor> feeds = new HashMap<>();
        Map<String, double[]> content = new HashMap<>();
        Map<String, double[]> grams = new HashMap<>();
        try (OrtRun targets = new OrtRun(GatysGraphs.targets(w, spec), 1)) {
            Map<String, Tensor> fromContent = targets.run(targetFeeds(spec, contentImage, H, W));
            Map<String, Tensor> fromStyle = targets.run(targetFeeds(spec, styleImage, 16, 24));
            ReferenceGatys.Targets expectedContent = reference.targets(contentImage, H, W, ones(spec, H, W));
            ReferenceGatys.Targets expectedStyle = reference.targets(styleImage, 16, 24, ones(spec, 16, 24));
            for (String layer : spec.contentLayers()) {
                Tensor t = fromContent.get("content_" + layer);
                assertClose(expectedContent.content().get(layer), t.doubles(), 1e-5, "content target " + layer);
                feeds.put("content_" + layer, t);
                content.put(layer, t.doubles());
            }
            for (String layer : spec.styleLayers()) {
                Tensor t = fromStyle.get("gram_" + layer);
                assertClose(expectedStyle.grams().get(layer), t.doubles(), 1e-5, "gram target " + layer);
                feeds.put("gram_" + layer, t);
                grams.put(layer, t.doubles());
            }
        }
        feeds.put("image", Tensor.of(floats(image), 1, 3, H, W));
        if (mask != null) {
            feeds.put("mask", Tensor.of(floats(mask), 1, 1, H, W));
        }
        feeds.put("content_weight", Tensor.scalar(lossWeights[0]));
        feeds.put("style_weight", Tensor.scalar(lossWeights[1]));
        feeds.put("tv_weight", Tensor.scalar(lossWeights[2]));
        return new Problem(image, mask, new ReferenceGatys.Targets(content, grams), feeds);
    }

    private static Map<String, Tensor> targetFeeds(GatysGraphSpec spec, double[] image, int h, int w) {
        Map<String, Tensor> feeds = new HashMap<>();
        feeds.put("image", Tensor.of(floats(image), 1, 3, h, w));
        if (spec.styleMask()) {
            feeds.put("mask", Tensor.of(floats(ones(spec, h, w)), 1, 1, h, w));
        }
        return feeds;
    }

    private static double[] ones(GatysGraphSpec spec, int h, int w) {
        if (!spec.styleMask()) {
            return null;
        }
        double[] m = new double[h * w];
        java.util.Arrays.fill(m, 1);
        return m;
    }

    private static void checkLosses(ReferenceGatys reference, GatysGraphSpec spec, Problem p, Map<String, Tensor> out,
            double[] lossWeights) {
        double[] expected = reference.losses(p.image(), H, W, p.mask(), p.targets());
        assertClose(new double[] {expected[0]}, out.get("content_loss").doubles(), 1e-4, "content_loss");
        assertClose(new double[] {expected[1]}, out.get("style_loss").doubles(), 1e-4, "style_loss");
        assertClose(new double[] {expected[2]}, out.get("tv_loss").doubles(), 1e-5, "tv_loss");
        double perLayer = 0;
        for (String layer : spec.styleLayers()) {
            perLayer += out.get("style_loss_" + layer).values()[0];
        }
        assertClose(new double[] {expected[1]}, new double[] {perLayer}, 1e-4, "sum of style_loss_<layer>");
        double total = lossWeights[0] * expected[0] + lossWeights[1] * expected[1] + lossWeights[2] * expected[2];
        assertClose(new double[] {total}, out.get("loss").doubles(), 1e-4, "loss");
    }

    private static double[] finiteDifferences(ReferenceGatys reference, Problem p, double[] lossWeights) {
        double[] x = p.image().clone();
        double[] fd = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double keep = x[k];
            x[k] = keep + STEP;
            double plus = reference.loss(x, H, W, p.mask(), p.targets(), lossWeights);
            x[k] = keep - STEP;
            double minus = reference.loss(x, H, W, p.mask(), p.targets(), lossWeights);
            x[k] = keep;
            fd[k] = (plus - minus) / (2 * STEP);
        }
        return fd;
    }

    /** Relative L2 difference below {@code tolerance}. */
    static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double err = 0;
        double norm = 0;
        for (int k = 0; k < expected.length; k++) {
            err += (expected[k] - actual[k]) * (expected[k] - actual[k]);
            norm += expected[k] * expected[k];
        }
        double relative = Math.sqrt(err / Math.max(norm, 1e-300));
        assertTrue(relative < tolerance, what + ": relative error " + relative);
    }

    static double[] randomImage(long seed, int h, int w) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] image = new double[3 * h * w];
        for (int k = 0; k < image.length; k++) {
            // Values of float32 so that the graph and the reference see the very same image.
            image[k] = (float) (255 * random.nextDouble());
        }
        return image;
    }

    /** Pads [3][h][w] to [3][ph][pw] by repeating the last row and column, as the caller pads. */
    static double[] padByEdge(double[] image, int h, int w, int ph, int pw) {
        double[] out = new double[3 * ph * pw];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ph; y++) {
                for (int x = 0; x < pw; x++) {
                    out[(c * ph + y) * pw + x] = image[(c * h + Math.min(y, h - 1)) * w + Math.min(x, w - 1)];
                }
            }
        }
        return out;
    }

    /** A mask that is 0 on the left third and random in 0.2..1 elsewhere. */
    static double[] mask(int h, int w) {
        SplittableRandom random = new SplittableRandom(4);
        double[] m = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m[y * w + x] = x < w / 3 ? 0 : (float) (0.2 + 0.8 * random.nextDouble());
            }
        }
        return m;
    }

    static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int k = 0; k < f.length; k++) {
            f[k] = (float) values[k];
        }
        return f;
    }
}
