package org.styletransfer.lossgraph;


import org.styletransfer.testutil.OrtRun;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.styletransfer.testutil.OrtRun.Tensor;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.vgg.VggWeights;

/**
 * Times one loss + gradient run on the real partial VGG-19 (default spec: relu3_2, relu1_1,
 * relu2_1, relu3_1), CPU, 2 threads, optimisation level ALL. A measurement, not a check: run with
 * {@code -Dexport.timing=true} (and {@code -Dexport.timing.pooling=AVERAGE} for average pooling,
 * {@code -Dexport.timing.full=true} for a random full VGG-19 with the classic layers relu4_2,
 * relu1_1 .. relu5_1, as in the peers' table).
 */
@EnabledIfSystemProperty(named = "export.timing", matches = "true")
class GatysTimingTest {

    /** Channel widths of the full VGG-19 (random weights: timings do not depend on values). */
    private static final int[] FULL_VGG19 = {3, 64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512,
        512, 512};

    @ParameterizedTest
    @ValueSource(ints = {256, 512})
    void lossAndGradient(int size) throws Exception {
        VggWeights w = Boolean.getBoolean("export.timing.full")
                ? TestWeights.random(1, VggWeights.InputConvention.caffe(), FULL_VGG19)
                : TestWeights.realPartial(SharedData.model("vgg19_keras_tfjs_partial"));
        Pooling pooling = Pooling.valueOf(System.getProperty("export.timing.pooling", "MAX"));
        GatysGraphSpec spec = GatysGraphSpec.defaults(w).withPooling(pooling);
        double[] image = GatysGradientTest.randomImage(1, size, size);
        Map<String, Tensor> feeds = new HashMap<>();
        feeds.put("image", Tensor.of(GatysGradientTest.floats(image), 1, 3, size, size));
        try (OrtRun targets = new OrtRun(GatysGraphs.targets(w, spec), 2)) {
            Map<String, Tensor> t = targets.run(Map.of("image", Tensor.of(GatysGradientTest.floats(
                    GatysGradientTest.randomImage(2, size, size)), 1, 3, size, size)));
            t.forEach(feeds::put);
        }
        feeds.put("content_weight", Tensor.scalar(1));
        feeds.put("style_weight", Tensor.scalar(1));
        feeds.put("tv_weight", Tensor.scalar(1e-4));
        OnnxModel model = GatysGraphs.lossAndGradient(w, spec);
        long t0 = System.nanoTime();
        String profile = System.getProperty("export.timing.profile");
        try (OrtRun run = new OrtRun(model.toBytes(), 2, profile == null ? null : profile + "-" + size)) {
            long loaded = System.nanoTime();
            for (int i = 0; i < 2; i++) {
                run.run(feeds);
            }
            double[] ms = new double[7];
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                run.run(feeds);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            String network = Boolean.getBoolean("export.timing.full") ? "full" : "partial";
            System.out.printf(Locale.ROOT, "timing %s %dx%d %s: session %.0f ms, loss+grad median %.0f ms"
                    + " (min %.0f, max %.0f), file %.1f MB%n", network, size, size, pooling, (loaded - t0) / 1e6,
                    ms[ms.length / 2], ms[0], ms[ms.length - 1], model.toBytes().length / 1e6);
            if (profile != null) {
                System.out.println("profile: " + run.endProfiling());
            }
        }
    }
}
