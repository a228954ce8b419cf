package org.styletransfer.gatys;

import org.styletransfer.image.StyleImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TinyVgg;
import org.styletransfer.universal.PixelWct;
import org.styletransfer.vgg.VggWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimisation flow on a tiny random VGG and the real exported graphs (fast: small images). */
class NeuralStylizerTest {
    private static final VggWeights WEIGHTS = TinyVgg.weights(11);
    private static final ColorImage CONTENT = TinyVgg.content(48, 40);
    private static final ColorImage STYLE = TinyVgg.style(40, 40, 5);
    private static final ColorImage STYLE_B = TinyVgg.content(40, 40);
    private static NeuralStylizer stylizer;

    @BeforeAll
    static void engine() {
        stylizer = new NeuralStylizer(WEIGHTS);
    }

    private static NeuralStyleSettings.Builder settings() {
        return NeuralStyleSettings.builder().iterations(12).contentWeight(1).styleWeight(10).tvWeight(1e-4)
            .tolerance(0).provider(Provider.CPU);
    }

    @Test
    void lbfgsLowersTheLossMonotonically() {
        NeuralStyleResult r = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), settings().build(), Progress.NONE);
        assertEquals(48, r.image().width());
        assertEquals(40, r.image().height());
        assertFalse(r.cancelled());
        double previous = r.initialLoss();
        for (IterationInfo info : r.history()) {
            assertTrue(info.loss().total() <= previous, "iteration " + info.iteration() + " raised the loss");
            previous = info.loss().total();
        }
        System.out.printf("tiny VGG 48x40, %d L-BFGS iterations (%d evaluations): loss %.4g -> %.4g%n",
            r.iterations(), r.evaluations(), r.initialLoss(), r.finalLoss());
        assertTrue(r.finalLoss() < 0.6 * r.initialLoss(), r.initialLoss() + " -> " + r.finalLoss());
        LossTerms last = r.history().get(r.history().size() - 1).loss();
        assertEquals(last.total(), last.content() * 1 + last.style() * 10 + last.tv() * 1e-4, 1e-3 * last.total());
        assertEquals(3, last.styleLayers().size());
        for (float v : r.image().data()) assertTrue(v >= 0 && v <= 255);
    }

    @Test
    void adamLowersTheLossToo() {
        NeuralStyleSettings s = settings().optimizer(NeuralStyleSettings.OptimizerKind.ADAM).iterations(30).build();
        NeuralStyleResult r = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), s, Progress.NONE);
        assertEquals(30, r.iterations());
        assertTrue(r.finalLoss() < 0.7 * r.initialLoss(), r.initialLoss() + " -> " + r.finalLoss());
    }

    @Test
    void theSeedReproducesResultsExactly() {
        NeuralStyleSettings s = settings().init(NeuralStyleSettings.Init.NOISE).seed(42).iterations(5).build();
        float[] a = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), s, Progress.NONE).image().data();
        float[] b = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), s, Progress.NONE).image().data();
        assertArrayEquals(a, b);
        NeuralStyleSettings other = s.toBuilder().seed(43).build();
        float[] c = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), other, Progress.NONE).image().data();
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void cancelReturnsTheBestImageSoFar() {
        int stopAfter = 4;
        Progress cancelling = new Progress() {
            int updates;

            @Override
            public void update(long done, long total, String status) {
                updates++;
            }

            @Override
            public boolean isCancelled() {
                return updates >= stopAfter;
            }
        };
        NeuralStyleSettings s = settings().iterations(20).build();
        NeuralStyleResult cancelled = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), s, cancelling);
        assertTrue(cancelled.cancelled());
        assertEquals(stopAfter, cancelled.iterations());
        NeuralStyleResult reference = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)),
            s.toBuilder().iterations(stopAfter).build(), Progress.NONE);
        assertArrayEquals(reference.image().data(), cancelled.image().data());
        assertEquals(reference.finalLoss(), cancelled.finalLoss());
    }

    @Test
    void outsideTheMaskPixelsDoNotChangeTheStyleLoss() {
        int w = 96;
        int h = 32;
        float[] mask = new float[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < 32; x++) mask[y * w + x] = 1;
        LossNetwork net = new LossNetwork(WEIGHTS, NeuralStylizer.fingerprint(WEIGHTS),
            stylizer.spec().withStyleMask(true), Provider.CPU);
        ColorImage a = TinyVgg.content(w, h);
        ColorImage b = new ColorImage(w, h, a.data().clone());
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) for (int x = 64; x < w; x++) b.data()[b.index(c, x, y)] = 255 - a.get(c, x, y);
        }
        Map<String, float[]> styleTargets = net.targets(STYLE);
        Map<String, float[]> grams = new java.util.HashMap<>();
        Map<String, float[]> content = new java.util.HashMap<>();
        for (String l : net.spec().styleLayers()) grams.put(l, styleTargets.get("gram_" + l));
        Map<String, float[]> contentTargets = net.targets(a);
        for (String l : net.spec().contentLayers()) content.put(l, contentTargets.get("content_" + l));
        try (Evaluator ev = net.evaluator(w, h, content, grams, 0, 1, 0, mask)) {
            float[] g = new float[3 * w * h];
            double la = ev.evaluate(a.data(), g);
            double lb = ev.evaluate(b.data(), g);
            assertEquals(la, lb, 1e-6 * la, "style loss changed by pixels outside the mask");
            // ... and the gradient there is zero: the optimiser leaves those pixels alone for style.
            for (int y = 0; y < h; y++) for (int x = 64; x < w; x++) assertEquals(0f, g[y * w + x]);
        }
    }

    @Test
    void styleStaysInsideTheMask() {
        int w = 96;
        int h = 40;
        float[] mask = new float[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w / 2; x++) mask[y * w + x] = 1;
        ColorImage content = TinyVgg.content(w, h);
        NeuralStyleSettings s = settings().mask(mask).iterations(15).tvWeight(0).build();
        ColorImage out = stylizer.stylize(content, List.of(StyleImage.of(STYLE)), s, Progress.NONE).image();
        double inside = meanAbsDiff(out, content, 0, 32);
        double outside = meanAbsDiff(out, content, 64, 96);
        System.out.printf("mask: mean change inside %.2f, outside %.2f grey levels%n", inside, outside);
        assertTrue(outside < 0.25 * inside, "inside " + inside + ", outside " + outside);
        assertThrows(StyleTransferException.class, () -> stylizer.stylize(content, List.of(StyleImage.of(STYLE)),
            s.toBuilder().mask(new float[10]).build(), Progress.NONE));
    }

    private static double meanAbsDiff(ColorImage a, ColorImage b, int x0, int x1) {
        double s = 0;
        int n = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < a.height(); y++) {
                for (int x = x0; x < x1; x++) {
                    s += Math.abs(a.get(c, x, y) - b.get(c, x, y));
                    n++;
                }
            }
        }
        return s / n;
    }

    @Test
    void preservedColoursKeepTheContentsChrominance() {
        NeuralStyleSettings s = settings().preserveColors(true).build();
        ColorImage out = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), s, Progress.NONE).image();
        ColorImage free = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), s.toBuilder().preserveColors(false)
            .build(), Progress.NONE).image();
        double kept = chromaError(out, CONTENT);
        double changed = chromaError(free, CONTENT);
        System.out.printf("chroma error vs content: preserved %.2f, free %.2f%n", kept, changed);
        assertTrue(kept < 1.5, "chroma error " + kept);
        assertTrue(changed > 3 * kept);
    }

    private static double chromaError(ColorImage a, ColorImage b) {
        int n = a.width() * a.height();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(ImageOpsTest.chromaI(a.data(), i, n) - ImageOpsTest.chromaI(b.data(), i, n));
            s += Math.abs(ImageOpsTest.chromaQ(a.data(), i, n) - ImageOpsTest.chromaQ(b.data(), i, n));
        }
        return s / (2 * n);
    }

    @Test
    void aZeroWeightStyleChangesNothing() {
        NeuralStyleSettings s = settings().iterations(4).build();
        float[] one = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), s, Progress.NONE).image().data();
        float[] blend = stylizer.stylize(CONTENT, List.of(new StyleImage(STYLE, 2), new StyleImage(STYLE_B, 0)), s,
            Progress.NONE).image().data();
        assertArrayEquals(one, blend);
        float[] mixed = stylizer.stylize(CONTENT, List.of(new StyleImage(STYLE, 1), new StyleImage(STYLE_B, 1)), s,
            Progress.NONE).image().data();
        assertFalse(java.util.Arrays.equals(one, mixed));
    }

    @Test
    void aModelStartIsMadeOnceFromTheContentAndStartsTheRunAsThatImageWould() {
        List<StyleImage> styles = List.of(StyleImage.of(STYLE));
        ColorImage content = TinyVgg.content(96, 64);
        ColorImage made = TinyVgg.style(96, 64, 9);
        List<ColorImage> asked = new ArrayList<>();
        NeuralStyleSettings.Builder twoLevels = settings().iterations(3).levels(2);
        NeuralStyleResult fromModel = stylizer.stylize(content, styles, twoLevels.initModel(c -> {
            asked.add(c);
            return made;
        }).build(), Progress.NONE);
        assertEquals(1, asked.size(), "made once a run, not once a level");
        assertArrayEquals(content.data(), asked.get(0).data());
        NeuralStyleResult fromImage = stylizer.stylize(content, styles, twoLevels.initImage(made).build(), Progress.NONE);
        assertEquals(fromImage.initialLoss(), fromModel.initialLoss());
        assertArrayEquals(fromImage.image().data(), fromModel.image().data());
        NeuralStyleResult fromContent = stylizer.stylize(content, styles,
            twoLevels.init(NeuralStyleSettings.Init.CONTENT).build(), Progress.NONE);
        assertTrue(Math.abs(fromContent.initialLoss() - fromModel.initialLoss()) > 1e-3 * fromContent.initialLoss(),
            fromContent.initialLoss() + " vs " + fromModel.initialLoss());
    }

    @Test
    void aColoursStartIsTheContentInTheStylesColoursInsideTheMask() {
        List<StyleImage> styles = List.of(new StyleImage(STYLE, 1), new StyleImage(STYLE_B, 0.5));
        ColorImage coloured = PixelWct.apply(CONTENT, List.of(STYLE, STYLE_B), new double[] {1, 0.5});
        assertStylisedStartInsideTheMask(styles, settings().init(NeuralStyleSettings.Init.COLOURS), coloured);
    }

    /** A model's or the universal transfer's start (here of another size) keeps the content outside the mask too. */
    @Test
    void modelAndUniversalStartsKeepTheContentOutsideTheMask() {
        ColorImage made = STYLE.resize(24, 20);
        List<StyleImage> styles = List.of(StyleImage.of(STYLE));
        ColorImage atContentSize = made.resize(CONTENT.width(), CONTENT.height());
        assertStylisedStartInsideTheMask(styles, settings().initModel(c -> made), atContentSize);
        assertStylisedStartInsideTheMask(styles, settings().initUniversal(c -> made), atContentSize);
    }

    /**
     * A run with {@code init} equals a run from {@code styled} (without a mask) or from the
     * content with {@code styled} in the left half (with one): the same initial loss and pixels.
     */
    private void assertStylisedStartInsideTheMask(List<StyleImage> styles, NeuralStyleSettings.Builder init,
                                                  ColorImage styled) {
        float[] leftHalf = new float[48 * 40];
        for (int i = 0; i < leftHalf.length; i++) leftHalf[i] = i % 48 < 24 ? 1 : 0;
        ColorImage expectedMasked = new ColorImage(48, 40);
        for (int i = 0; i < 3 * 48 * 40; i++) {
            float m = leftHalf[i % leftHalf.length];
            expectedMasked.data()[i] = CONTENT.data()[i] + m * (styled.data()[i] - CONTENT.data()[i]);
        }
        for (float[] mask : new float[][] {null, leftHalf}) {
            ColorImage start = mask == null ? styled : expectedMasked;
            NeuralStyleResult fromInit = stylizer.stylize(CONTENT, styles, init.iterations(2).mask(mask).build(),
                Progress.NONE);
            NeuralStyleResult fromImage = stylizer.stylize(CONTENT, styles,
                settings().iterations(2).mask(mask).initImage(start).build(), Progress.NONE);
            assertEquals(fromImage.initialLoss(), fromInit.initialLoss());
            assertArrayEquals(fromImage.image().data(), fromInit.image().data());
        }
    }

    @Test
    void coarseToFineRunsEveryLevelAndReportsPreviewsAndFrames() {
        ColorImage content = TinyVgg.content(128, 96);
        List<IterationInfo> seen = new ArrayList<>();
        List<ColorImage> previews = new ArrayList<>();
        NeuralStyleListener listener = new NeuralStyleListener() {
            @Override
            public void onIteration(IterationInfo info) {
                seen.add(info);
            }

            @Override
            public void onPreview(ColorImage image, IterationInfo info) {
                assertEquals(info.width(), image.width());
                previews.add(image);
            }
        };
        NeuralStyleSettings s = settings().levels(2).iterations(4).previewEvery(2).frameEvery(4).build();
        NeuralStyleResult r = stylizer.stylize(content, List.of(StyleImage.of(STYLE)), s, Progress.NONE, listener);
        assertEquals(8, r.iterations());
        assertEquals(8, seen.size());
        assertEquals(64, seen.get(0).width());
        assertEquals(128, seen.get(7).width());
        assertEquals(4, previews.size());
        assertEquals(2, r.frames().size());
        for (ColorImage f : r.frames()) assertEquals(128, f.width());
        assertEquals(128, r.image().width());
    }

    @Test
    void coarseLevelsRunTheirOwnIterationCountAndProgressCountsEveryLevel() {
        List<IterationInfo> seen = new ArrayList<>();
        List<long[]> updates = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void update(long done, long total, String status) {
                updates.add(new long[] {done, total});
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        NeuralStyleSettings s = settings().levels(3).iterations(5).coarseIterations(2).build();
        NeuralStyleResult r = stylizer.stylize(TinyVgg.content(128, 128), List.of(StyleImage.of(STYLE)), s, progress,
            new NeuralStyleListener() {
                @Override
                public void onIteration(IterationInfo info) {
                    seen.add(info);
                }
            });
        assertEquals(2 + 2 + 5, r.iterations());
        assertEquals(List.of(32, 32, 64, 64, 128, 128, 128, 128, 128), seen.stream().map(IterationInfo::width).toList());
        assertEquals(List.of(2, 2, 2, 2, 5, 5, 5, 5, 5), seen.stream().map(IterationInfo::iterations).toList());
        long[] last = updates.get(updates.size() - 1);
        assertArrayEquals(new long[] {9, 9}, last, "progress ends at all levels' iterations");
        assertEquals(3, updates.get(2)[0], "the second level's first iteration follows the first level's two");
    }

    @Test
    void interpolationGoesFromOneStyleToTheOther() {
        NeuralStyleSettings s = settings().iterations(4).build();
        InterpolationSequence.Result seq = InterpolationSequence.run(stylizer, CONTENT, STYLE, STYLE_B, 3, s,
            Progress.NONE, NeuralStyleListener.NONE);
        assertEquals(3, seq.images().size());
        assertFalse(seq.cancelled());
        float[] first = stylizer.stylize(CONTENT, List.of(StyleImage.of(STYLE)), s, Progress.NONE).image().data();
        assertArrayEquals(first, seq.images().get(0).data());
        assertEquals(List.of(0.0, 0.5, 1.0), seq.positions());
    }
}
