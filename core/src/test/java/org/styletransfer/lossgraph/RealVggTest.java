package org.styletransfer.lossgraph;

import org.styletransfer.testutil.OrtRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.testutil.OrtRun.Tensor;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.vgg.VggWeights;

/**
 * The exported graphs on the real VGG-19 conv1_1 .. conv3_4 (ImageNet weights, Caffe convention):
 * features against the independently derived ONNX file, and the loss and gradient at 256x256.
 * Skipped when ../shared is absent (required under CI).
 */
class RealVggTest {

    private static VggWeights weights;

    @BeforeAll
    static void readWeights() throws Exception {
        weights = TestWeights.realPartial(SharedData.model("vgg19_keras_tfjs_partial"));
    }

    @Test
    void featuresMatchTheDerivedOnnx() throws Exception {
        int w = 128;
        int h = 96;
        double[] rgb = TestImages.load(SharedData.contentImage("tubingen.jpg"), w, h);
        Map<String, Tensor> ours;
        try (OrtRun run = new OrtRun(GatysGraphs.features(weights), 2)) {
            ours = run.run(Map.of("image", Tensor.of(GatysGradientTest.floats(rgb), 1, 3, h, w)));
        }
        Map<String, Tensor> theirs;
        byte[] derived = Files.readAllBytes(SharedData.model("derived/vgg19_conv1_1-conv3_4.onnx"));
        try (OrtRun run = new OrtRun(derived, 2)) {
            theirs = run.run(Map.of("input", Tensor.of(caffeInput(rgb, h * w), 1, 3, h, w)));
        }
        assertEquals(8, ours.size());
        for (String layer : theirs.keySet()) {
            double[] a = ours.get(layer).doubles();
            double[] b = theirs.get(layer).doubles();
            double relative = relativeL2(a, b);
            double maxRelative = maxAbsDiff(a, b) / maxAbs(b);
            System.out.printf(Locale.ROOT, "features %s: L2 rel err %.2e, max err / max %.2e (max %.1f)%n", layer,
                    relative, maxRelative, maxAbs(b));
            assertTrue(relative < 1e-3 && maxRelative < 1e-3, layer + ": " + relative + ", " + maxRelative);
        }
    }

    /** The derived model's input: BGR, 0..255 minus the ImageNet mean. */
    private static float[] caffeInput(double[] rgb, int n) {
        double[] mean = {103.939, 116.779, 123.68};
        float[] bgr = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < n; p++) {
                bgr[c * n + p] = (float) (rgb[(2 - c) * n + p] - mean[c]);
            }
        }
        return bgr;
    }

    @Test
    void lossAt256DecreasesAlongTheNegativeGradient() throws Exception {
        int size = 256;
        GatysGraphSpec spec = GatysGraphSpec.defaults(weights);
        double[] content = TestImages.load(SharedData.contentImage("tubingen.jpg"), size, size);
        double[] style = TestImages.load(SharedData.root().resolve("images/style/starry_night.jpg"), size, size);
        Map<String, Tensor> feeds = new HashMap<>();
        try (OrtRun targets = new OrtRun(GatysGraphs.targets(weights, spec), 2)) {
            Map<String, Tensor> fromContent = targets.run(Map.of("image", image(content, size)));
            Map<String, Tensor> fromStyle = targets.run(Map.of("image", image(style, size)));
            spec.contentLayers().forEach(l -> feeds.put("content_" + l, fromContent.get("content_" + l)));
            spec.styleLayers().forEach(l -> feeds.put("gram_" + l, fromStyle.get("gram_" + l)));
        }
        feeds.put("content_weight", Tensor.scalar(1));
        feeds.put("style_weight", Tensor.scalar(10));
        feeds.put("tv_weight", Tensor.scalar(1e-4));
        double[] x = noisy(content, 40);
        try (OrtRun loss = new OrtRun(GatysGraphs.lossAndGradient(weights, spec), 2)) {
            Map<String, Tensor> out = run(loss, feeds, x, size);
            double l0 = out.get("loss").values()[0];
            double[] g = out.get("grad").doubles();
            double maxAbs = maxAbs(g);
            double squaredNorm = 0;
            for (double v : g) {
                assertTrue(Double.isFinite(v), "gradient not finite");
                squaredNorm += v * v;
            }
            for (String name : out.keySet()) {
                assertTrue(Double.isFinite(out.get(name).values()[0]), name + " not finite");
            }
            // Step so that the largest pixel change is 0.5 (0..255 units): small enough for the first-order term.
            double t = 0.5 / maxAbs;
            double[] stepped = x.clone();
            for (int i = 0; i < x.length; i++) {
                stepped[i] -= t * g[i];
            }
            double l1 = run(loss, feeds, stepped, size).get("loss").values()[0];
            double predicted = t * squaredNorm;
            System.out.printf(Locale.ROOT, "real 256x256: loss %.6f (content %.4f, style %.4f, tv %.2f) -> %.6f;"
                    + " decrease %.4e, first-order prediction %.4e%n", l0, out.get("content_loss").values()[0],
                    out.get("style_loss").values()[0], out.get("tv_loss").values()[0], l1, l0 - l1, predicted);
            assertTrue(l1 < l0, "the loss must decrease along -grad: " + l0 + " -> " + l1);
            assertTrue(Math.abs((l0 - l1) / predicted - 1) < 0.2, "decrease " + (l0 - l1) + " vs " + predicted);
        }
    }

    private static Map<String, Tensor> run(OrtRun loss, Map<String, Tensor> feeds, double[] x, int size)
            throws Exception {
        Map<String, Tensor> all = new HashMap<>(feeds);
        all.put("image", image(x, size));
        return loss.run(all);
    }

    private static Tensor image(double[] rgb, int size) {
        return Tensor.of(GatysGradientTest.floats(rgb), 1, 3, size, size);
    }

    private static double[] noisy(double[] image, double amplitude) {
        double[] noise = GatysGradientTest.randomImage(9, 256, 256);
        double[] x = image.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(255, Math.max(0, x[i] + amplitude * (noise[i] / 255 - 0.5)));
        }
        return x;
    }

    private static double relativeL2(double[] a, double[] b) {
        double err = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            err += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(err / norm);
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
