package org.styletransfer.universal;

import org.junit.jupiter.api.Test;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TestImages;
import org.styletransfer.testutil.TinyVgg;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.universal.FeatureTransformTest.relative;

/** The content in the styles' colours: their colour statistics, the content's structure, no NaN. */
class PixelWctTest {
    private static final ColorImage CONTENT = TinyVgg.content(64, 48);

    /** Correlated colours of moderate spread, so that the transformed content needs no clamping. */
    private static ColorImage style(long seed, double red) {
        Random r = new Random(seed);
        return TestImages.painted(40, 40, (x, y, rgb) -> {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            rgb[0] = (float) (red + 22 * a);
            rgb[1] = (float) (100 + 12 * a + 9 * b);
            rgb[2] = (float) (140 - 18 * b);
        });
    }

    @Test
    void theContentTakesTheStylesColourMeanAndCovarianceAndKeepsItsStructure() {
        ColorImage style = style(3, 120);
        ColorImage out = PixelWct.apply(CONTENT, List.of(style), new double[] {1});
        for (float v : out.data()) assertTrue(v > 0 && v < 255, "clamped: " + v);
        FeatureStats want = FeatureStats.of(style.data(), 3);
        FeatureStats got = FeatureStats.of(out.data(), 3);
        assertTrue(relative(got.mean(), want.mean()) < 1e-3, "mean " + relative(got.mean(), want.mean()));
        assertTrue(relative(got.cov(), want.cov()) < 1e-3, "covariance " + relative(got.cov(), want.cov()));
        double c = correlation(edges(CONTENT), edges(out));
        assertTrue(c > 0.9, "edges moved: correlation " + c);
    }

    @Test
    void stylesMixByWeight() {
        ColorImage a = style(3, 120);
        ColorImage b = style(4, 60);
        assertArrayEquals(PixelWct.apply(CONTENT, List.of(a), new double[] {1}).data(),
            PixelWct.apply(CONTENT, List.of(a, b), new double[] {2, 0}).data());
        double[] mixed = FeatureStats.of(PixelWct.apply(CONTENT, List.of(a, b), new double[] {1, 1}).data(), 3).mean();
        double[] ma = FeatureStats.of(a.data(), 3).mean();
        double[] mb = FeatureStats.of(b.data(), 3).mean();
        for (int c = 0; c < 3; c++) assertEquals((ma[c] + mb[c]) / 2, mixed[c], 1e-3 * ma[c]);
    }

    @Test
    void flatPicturesGiveFiniteColours() {
        ColorImage grey = TestImages.painted(32, 32, (x, y, rgb) -> java.util.Arrays.fill(rgb, 90));
        ColorImage flatStyle = TestImages.painted(32, 32, (x, y, rgb) -> {
            rgb[0] = 200;
            rgb[1] = 40;
            rgb[2] = 10;
        });
        float[] styledGrey = PixelWct.apply(grey, List.of(style(3, 120)), new double[] {1}).data();
        double[] mean = FeatureStats.of(style(3, 120).data(), 3).mean();
        for (int c = 0; c < 3; c++) assertEquals(mean[c], styledGrey[c * 32 * 32 + 100], 1e-3, "channel " + c);
        float[] flat = PixelWct.apply(CONTENT, List.of(flatStyle), new double[] {1}).data();
        int n = 64 * 48;
        for (int i = 0; i < n; i++) {
            assertEquals(200, flat[i], 1e-2);
            assertEquals(40, flat[n + i], 1e-2);
            assertEquals(10, flat[2 * n + i], 1e-2);
        }
    }

    /** |horizontal| + |vertical| difference, summed over the channels. */
    private static double[] edges(ColorImage img) {
        int w = img.width();
        int h = img.height();
        double[] e = new double[(w - 1) * (h - 1)];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h - 1; y++) {
                for (int x = 0; x < w - 1; x++) {
                    float v = img.get(c, x, y);
                    e[y * (w - 1) + x] += Math.abs(img.get(c, x + 1, y) - v) + Math.abs(img.get(c, x, y + 1) - v);
                }
            }
        }
        return e;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }
}
