package org.styletransfer.video;

import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Provider;
import org.styletransfer.fast.FastStylizer;
import org.styletransfer.fast.StyleNetwork;
import org.styletransfer.image.ColorImage;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.testutil.SharedData;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Temporal smoothing of the real candy network's output on the synthetic moving scene. */
class FastTemporalTest {
    private static final int FRAMES = 8;
    /** The strength recommended in the README. */
    private static final double STRENGTH = 0.6;

    @Test
    void smoothingLowersTheFlickerOfTheCandyNetwork() {
        StyleNetwork candy = StyleNetwork.open(
            ModelCatalog.get().resolve(SharedData.model(SharedData.CANDY).toString()), Provider.CPU, 0);
        FastStylizer stylizer = new FastStylizer(List.of(candy), new double[] {1}, 1, 0, 64);
        List<ColorImage> content = MovingScene.standard().frames(FRAMES);
        List<ColorImage> raw = new ArrayList<>();
        for (ColorImage frame : content) raw.add(stylizer.apply(frame, () -> { }));

        TemporalSmoother smoother = new TemporalSmoother(STRENGTH);
        List<ColorImage> smoothed = new ArrayList<>();
        for (int t = 0; t < FRAMES; t++) smoothed.add(smoother.next(content.get(t), raw.get(t)));

        List<FrameMotion> motions = Flicker.motions(content, new OpticalFlow(), Consistency.Options.defaults());
        Flicker.Result off = measure(content, raw, motions);
        Flicker.Result on = measure(content, smoothed, motions);
        System.out.printf(Locale.ROOT, "candy flicker, smoothing off:        %s%n", off);
        System.out.printf(Locale.ROOT, "candy flicker, smoothing %.1f:        %s%n", STRENGTH, on);
        System.out.printf(Locale.ROOT, "candy flicker ratio on/off: static %.3f, warping %.3f, combined %.3f%n",
            on.staticChange() / off.staticChange(), on.warpError() / off.warpError(), on.combined() / off.combined());
        assertTrue(off.staticPixels() > 0 && off.warpedPixels() > 0, "both regions must be measured");
        assertTrue(on.combined() < 0.7 * off.combined(), "flicker " + on.combined() + " vs " + off.combined());
        assertTrue(on.staticChange() < 0.75 * off.staticChange(), "static change " + on + " vs " + off);
        assertTrue(on.warpError() < 0.7 * off.warpError(), "warping error " + on + " vs " + off);
        // The first frame has no predecessor and must come through untouched.
        assertArrayEquals(raw.get(0).data(), smoothed.get(0).data());
        // Smoothing must not wash the style out: the frames stay about as far from the content.
        double styleOff = meanAbs(raw.get(FRAMES - 1), content.get(FRAMES - 1));
        double styleOn = meanAbs(smoothed.get(FRAMES - 1), content.get(FRAMES - 1));
        System.out.printf(Locale.ROOT, "distance from the content, last frame: off %.1f, on %.1f%n", styleOff, styleOn);
        assertTrue(styleOn > 0.8 * styleOff, "style washed out: " + styleOn + " vs " + styleOff);
    }

    @Test
    void strengthZeroPassesFramesThrough() {
        MovingScene scene = MovingScene.standard();
        TemporalSmoother off = new TemporalSmoother(0);
        for (int t = 0; t < 3; t++) {
            ColorImage frame = scene.frame(t);
            ColorImage fake = scene.frame(t + 5);
            assertTrue(off.next(frame, fake) == fake);
        }
    }

    static Flicker.Result measure(List<ColorImage> content, List<ColorImage> styled, List<FrameMotion> motions) {
        return Flicker.measure(content, styled, motions, Flicker.DEFAULT_STATIC_THRESHOLD, Flicker.DEFAULT_MIN_CONSISTENCY);
    }

    static double meanAbs(ColorImage a, ColorImage b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) s += Math.abs(a.data()[i] - b.data()[i]);
        return s / a.data().length;
    }
}
