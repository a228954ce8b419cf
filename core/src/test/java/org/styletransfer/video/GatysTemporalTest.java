package org.styletransfer.video;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.LossTerms;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TinyVgg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Optimisation-based video style transfer on a tiny random VGG and the synthetic moving scene. */
class GatysTemporalTest {
    private static final int FRAMES = 5;
    private static final MovingScene SCENE = new MovingScene(96, 72, 16, 28, 26, 2.8, 1.4);
    private static NeuralStylizer stylizer;
    private static List<StyleImage> styles;

    @BeforeAll
    static void setUp() {
        stylizer = new NeuralStylizer(TinyVgg.weights(7));
        styles = List.of(StyleImage.of(stripes(48, 48, 3)));
    }

    private static NeuralStyleSettings settings() {
        return NeuralStyleSettings.builder().iterations(20).contentWeight(1).styleWeight(10).tvWeight(1e-4)
            .tolerance(0).provider(Provider.CPU).build();
    }

    @Test
    void coherenceLowersTheFlicker() {
        List<ColorImage> content = SCENE.frames(FRAMES);
        List<ColorImage> off = run(content, TemporalNeuralStyle.Options.off());
        // The network loss of this tiny net at these weights is about 0.4; 0.01 * (grey levels)^2 is of that order.
        TemporalNeuralStyle.Options coherent = TemporalNeuralStyle.Options.defaults().withTemporalWeight(0.01)
            .withLaterIterations(10);
        List<ColorImage> on = run(content, coherent);
        List<FrameMotion> motions = Flicker.motions(content, new OpticalFlow(), Consistency.Options.defaults());
        Flicker.Result fOff = TemporalSmoothingTest.measure(content, off, motions);
        Flicker.Result fOn = TemporalSmoothingTest.measure(content, on, motions);
        System.out.printf(Locale.ROOT, "Gatys (tiny VGG) flicker, coherence off: %s%n", fOff);
        System.out.printf(Locale.ROOT, "Gatys (tiny VGG) flicker, coherence on (weight %.3g, 20 then 10 iterations): %s%n",
            coherent.temporalWeight(), fOn);
        System.out.printf(Locale.ROOT, "Gatys flicker ratio on/off: static %.3f, warping %.3f, combined %.3f%n",
            fOn.staticChange() / fOff.staticChange(), fOn.warpError() / fOff.warpError(), fOn.combined() / fOff.combined());
        assertTrue(fOn.combined() < 0.7 * fOff.combined(), fOn + " vs " + fOff);
        // The first frame is a still image either way.
        assertEquals(0, TemporalSmoothingTest.meanAbs(off.get(0), on.get(0)), 1e-6);
        double styleOff = TemporalSmoothingTest.meanAbs(off.get(FRAMES - 1), content.get(FRAMES - 1));
        double styleOn = TemporalSmoothingTest.meanAbs(on.get(FRAMES - 1), content.get(FRAMES - 1));
        System.out.printf(Locale.ROOT, "distance from the content, last frame: off %.1f, on %.1f%n", styleOff, styleOn);
        assertTrue(styleOn > 0.6 * styleOff, "style lost: " + styleOn + " vs " + styleOff);
    }

    @Test
    void theTemporalTermIsReportedAndItsGradientIsRight() {
        ColorImage target = SCENE.frame(0);
        float[] c = new float[target.width() * target.height()];
        for (int i = 0; i < c.length; i++) c[i] = (i % 7) / 6f;
        TemporalLoss loss = new TemporalLoss(target, c, 3.0);
        ColorImage x = SCENE.frame(2);
        float[] g = new float[x.data().length];
        double value = loss.addTo(x.data(), x.width(), x.height(), g);
        // Central differences at a few values; the term is quadratic, so they are exact up to rounding.
        for (int j : new int[] {5, 777, 3000, 9000}) {
            float[] p = x.data().clone();
            float[] m = x.data().clone();
            p[j] += 0.5f;
            m[j] -= 0.5f;
            double numeric = (loss.addTo(p, x.width(), x.height(), new float[g.length])
                - loss.addTo(m, x.width(), x.height(), new float[g.length]));
            assertEquals(numeric, g[j], 1e-6 + 1e-3 * Math.abs(numeric), "gradient at " + j);
        }
        assertTrue(value > 0);
        // Through the stylizer: the reported total is the network's weighted terms plus this term.
        List<LossTerms> terms = new ArrayList<>();
        NeuralStyleListener listener = new NeuralStyleListener() {
            @Override
            public void onIteration(IterationInfo info) {
                terms.add(info.loss());
            }
        };
        NeuralStyleSettings s = settings().toBuilder().iterations(3).build();
        NeuralStyleResult without = stylizer.stylize(target, styles, s, Progress.NONE, listener);
        NeuralStyleResult with = stylizer.stylize(target, styles, s, Progress.NONE, listener,
            new TemporalLoss(SCENE.frame(1), c, 100));
        assertEquals(6, terms.size());
        assertEquals(0, extra(terms.get(2)), 1e-4 * terms.get(2).total(), "no term, nothing extra");
        assertTrue(extra(terms.get(5)) > 0.01 * terms.get(5).total(), "the temporal term is in the total");
        assertTrue(with.initialLoss() > without.initialLoss(), "the term adds to the loss");
    }

    /** What the total holds beyond the network's weighted terms (weights of {@link #settings()}). */
    private static double extra(LossTerms t) {
        return t.total() - (t.content() + 10 * t.style() + 1e-4 * t.tv());
    }

    private List<ColorImage> run(List<ColorImage> content, TemporalNeuralStyle.Options options) {
        TemporalNeuralStyle video = new TemporalNeuralStyle(stylizer, styles, settings(), options);
        List<ColorImage> out = new ArrayList<>();
        for (ColorImage frame : content) out.add(video.next(frame, Progress.NONE, NeuralStyleListener.NONE).image());
        return out;
    }

    /** Noisy coloured diagonal stripes: the style. */
    static ColorImage stripes(int w, int h, long seed) {
        Random r = new Random(seed);
        ColorImage img = new ColorImage(w, h);
        int n = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean on = ((x + 2 * y) / 4) % 2 == 0;
                img.data()[y * w + x] = (float) ((on ? 230 : 40) + 15 * r.nextGaussian());
                img.data()[n + y * w + x] = (float) ((on ? 50 : 190) + 15 * r.nextGaussian());
                img.data()[2 * n + y * w + x] = (float) ((on ? 60 : 220) + 15 * r.nextGaussian());
            }
        }
        return img;
    }
}
