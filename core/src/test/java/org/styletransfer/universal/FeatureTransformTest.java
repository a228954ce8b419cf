package org.styletransfer.universal;

import org.junit.jupiter.api.Test;
import org.styletransfer.image.ColorImage;
import org.styletransfer.lossgraph.UniversalGraphs;
import org.styletransfer.testutil.OrtRun;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feature transforms give content features the style's statistics, measured on the features
 * the level graphs compute before decoding (real VGG-19, real pictures), and stay finite for flat
 * pictures, whose covariances are singular.
 */
class FeatureTransformTest {
    private static final List<String> LEVELS = List.of("relu3_1", "relu2_1", "relu1_1");

    @Test
    void wctGivesTheStyleMeansAndCovariancesAtEveryLevel() throws Exception {
        ColorImage content = UniversalFixtures.content("tubingen.jpg", 160);
        ColorImage style = UniversalFixtures.style("starry_night.jpg", 160);
        for (String level : LEVELS) {
            FeatureStats s = stats(level, style);
            FeatureStats t = transformedStats(level, content, Method.WCT, s);
            assertTrue(relative(t.mean(), s.mean()) < 1e-3, level + " mean error " + relative(t.mean(), s.mean()));
            assertTrue(relative(t.cov(), s.cov()) < 1e-3, level + " covariance error " + relative(t.cov(), s.cov()));
        }
    }

    @Test
    void adainGivesTheStyleMeansAndVariances() throws Exception {
        ColorImage content = UniversalFixtures.content("golden_gate.jpg", 128);
        ColorImage style = UniversalFixtures.style("the_scream.jpg", 128);
        for (String level : LEVELS) {
            FeatureStats s = stats(level, style);
            FeatureStats t = transformedStats(level, content, Method.ADAIN, s);
            assertTrue(relative(t.mean(), s.mean()) < 1e-3, level + " mean");
            assertTrue(relative(diagonal(t), diagonal(s)) < 1e-3, level + " variances");
        }
    }

    @Test
    void flatPicturesGiveFiniteTransforms() {
        int c = 4;
        FeatureStats flat = new FeatureStats(c, new double[] {1, 2, 3, 4}, new double[c * c]);
        double[] cov = new double[c * c];
        for (int i = 0; i < c; i++) cov[i * c + i] = i + 1;
        cov[1] = cov[4] = 0.5;
        FeatureStats textured = new FeatureStats(c, new double[] {5, 6, 7, 8}, cov);
        for (Method m : Method.values()) {
            for (FeatureTransform t : List.of(FeatureTransform.of(m, flat, textured), FeatureTransform.of(m, textured, flat),
                FeatureTransform.of(m, flat, flat))) {
                for (double v : t.matrix()) assertTrue(Double.isFinite(v), m + " matrix");
                for (double v : t.shift()) assertTrue(Double.isFinite(v), m + " shift");
            }
            // A flat style: every content pixel becomes the style's mean.
            float[] out = FeatureTransform.of(m, textured, flat).apply(new float[] {1, 2, 3, 4, 5, 6, 7, 8}.clone());
            assertEquals(0, out.length % c);
        }
        float[] features = {0, 1, 2, 3, 4, 5, 6, 7};
        float[] toFlat = FeatureTransform.of(Method.WCT, FeatureStats.of(features, c), flat).apply(features);
        for (int k = 0; k < c; k++) assertEquals(flat.mean()[k], toFlat[2 * k], 1e-4);
    }

    @Test
    void strengthZeroIsTheIdentity() {
        float[] features = {0, 1, 2, 3, 4, 5, 6, 9, 1, 1, 2, 2};
        FeatureStats s = FeatureStats.of(new float[] {5, 1, 0, 2, 2, 7, 3, 1, 9, 9, 1, 0}, 3);
        FeatureTransform t = FeatureTransform.of(Method.WCT, FeatureStats.of(features, 3), s).withStrength(0);
        float[] out = t.apply(features);
        for (int i = 0; i < features.length; i++) assertEquals(features[i], out[i], 1e-5);
    }

    /**
     * A blend of style targets gives the weighted mean of the styles' own transforms (the WCT
     * paper's interpolation), so that each image needs one transform, not one per style.
     */
    @Test
    void aBlendOfTargetsIsTheWeightedMeanOfTheTransforms() {
        FeatureStats content = randomStats(6, 1);
        FeatureStats a = randomStats(6, 2);
        FeatureStats b = randomStats(6, 3);
        for (Method m : Method.values()) {
            FeatureTransform blended = FeatureTransform.toward(content, FeatureTransform.Target.blend(
                List.of(FeatureTransform.Target.of(m, a), FeatureTransform.Target.of(m, b)), new double[] {3, 7}));
            FeatureTransform ta = FeatureTransform.of(m, content, a);
            FeatureTransform tb = FeatureTransform.of(m, content, b);
            double[] matrix = new double[ta.matrix().length];
            for (int i = 0; i < matrix.length; i++) matrix[i] = 0.3 * ta.matrix()[i] + 0.7 * tb.matrix()[i];
            double[] shift = new double[ta.shift().length];
            for (int i = 0; i < shift.length; i++) shift[i] = 0.3 * ta.shift()[i] + 0.7 * tb.shift()[i];
            assertTrue(relative(blended.matrix(), matrix) < 1e-12, m + " matrix " + relative(blended.matrix(), matrix));
            assertTrue(relative(blended.shift(), shift) < 1e-12, m + " shift " + relative(blended.shift(), shift));
        }
    }

    /** Statistics of random correlated features: C channels, 50 samples. */
    private static FeatureStats randomStats(int channels, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int n = 50;
        float[] features = new float[channels * n];
        for (int p = 0; p < n; p++) {
            double common = r.nextGaussian();
            for (int c = 0; c < channels; c++) features[c * n + p] = (float) (c + common + (c + 1) * r.nextGaussian());
        }
        return FeatureStats.of(features, channels);
    }

    /** The statistics graph's result for {@code img} at {@code level}. */
    private static FeatureStats stats(String level, ColorImage img) throws Exception {
        VggWeights w = UniversalFixtures.vgg();
        try (OrtRun run = new OrtRun(UniversalGraphs.statistics(w, List.of(level)), 0)) {
            Map<String, OrtRun.Tensor> out = run.run(Map.of(UniversalGraphs.IMAGE, image(img)));
            return FeatureStats.of(out.get(UniversalGraphs.meanName(level)).values(),
                out.get(UniversalGraphs.covarianceName(level)).values());
        }
    }

    /** Statistics (computed here, in double) of the level graph's transformed features, before decoding. */
    private static FeatureStats transformedStats(String level, ColorImage content, Method method, FeatureStats style)
        throws Exception {
        VggWeights w = UniversalFixtures.vgg();
        int c = w.layers().get(VggLayerNames.convIndex(level)).out();
        FeatureTransform t = FeatureTransform.of(method, stats(level, content), style);
        try (OrtRun run = new OrtRun(UniversalGraphs.level(w, level, null, null, null), 0)) {
            Map<String, OrtRun.Tensor> out = run.run(Map.of(UniversalGraphs.IMAGE, image(content),
                UniversalGraphs.TRANSFORM, OrtRun.Tensor.of(t.kernel(), c, c, 1, 1),
                UniversalGraphs.SHIFT, OrtRun.Tensor.of(t.bias(), c)));
            return FeatureStats.of(out.get(UniversalGraphs.FEATURES).values(), c);
        }
    }

    private static OrtRun.Tensor image(ColorImage img) {
        return OrtRun.Tensor.of(img.data(), 1, 3, img.height(), img.width());
    }

    private static double[] diagonal(FeatureStats s) {
        double[] d = new double[s.channels()];
        for (int c = 0; c < d.length; c++) d[c] = s.variance(c);
        return d;
    }

    /** ||a - b|| / ||b|| (Euclidean, Frobenius for matrices). */
    static double relative(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }
}
