package org.styletransfer.video;

import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Provider;
import org.styletransfer.fast.FastStylizer;
import org.styletransfer.fast.StyleNetwork;
import org.styletransfer.image.ColorImage;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.testutil.TestImages;
import org.styletransfer.universal.Decoder;
import org.styletransfer.universal.DecoderFiles;
import org.styletransfer.image.StyleImage;
import org.styletransfer.universal.UniversalSettings;
import org.styletransfer.universal.UniversalStylizer;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeightsReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Temporal smoothing (temporal_coherence of Fast and Universal Style Transfer) of real stylised
 * frames of the synthetic moving scene: flicker falls, the style stays.
 */
class TemporalSmoothingTest {
    private static final int FRAMES = 8;
    /** The strength recommended in the README. */
    private static final double STRENGTH = 0.6;

    @Test
    void smoothingLowersTheFlickerOfTheCandyNetwork() {
        StyleNetwork candy = StyleNetwork.open(
            ModelCatalog.get().resolve(SharedData.model(SharedData.CANDY).toString()), Provider.CPU, 0);
        FastStylizer stylizer = new FastStylizer(List.of(candy), new double[] {1}, 1, 0, 64);
        assertSmoothingLowersFlicker("candy", frame -> stylizer.apply(frame, () -> { }));
    }

    /**
     * Universal transfer takes each frame's own feature statistics, so its frames flicker too; the
     * shipped decoders, all three levels, The Starry Night.
     */
    @Test
    void smoothingLowersTheFlickerOfUniversalStyleTransfer() {
        VggWeights vgg = VggWeightsReader.read(SharedData.model("vgg19_keras_tfjs_partial").resolve("model.json"));
        ColorImage style = TestImages.readScaled(SharedData.styleImage("starry_night.jpg"), 112);
        // The shipped ones by name: the tests' user model folder may hold other decoders by then.
        List<Decoder> shipped = DecoderFiles.load(UniversalSettings.DEFAULT_LEVELS, "onnx-models/decoders", vgg);
        UniversalStylizer stylizer = new UniversalStylizer(vgg, shipped, List.of(new StyleImage(style, 1)), UniversalSettings.defaults(), Provider.CPU, 0);
        assertSmoothingLowersFlicker("universal", frame -> stylizer.apply(frame, () -> { }));
    }

    /**
     * Stylises the moving scene frame by frame, smooths the frames as the commands do, and checks
     * that the flicker (static change and warping error) falls by at least 25-30%, the first frame
     * comes through untouched, and the last frame stays about as far from the content.
     */
    private static void assertSmoothingLowersFlicker(String name, UnaryOperator<ColorImage> stylise) {
        List<ColorImage> content = MovingScene.standard().frames(FRAMES);
        List<ColorImage> raw = new ArrayList<>();
        for (ColorImage frame : content) raw.add(stylise.apply(frame));

        TemporalSmoother smoother = new TemporalSmoother(STRENGTH);
        List<ColorImage> smoothed = new ArrayList<>();
        for (int t = 0; t < FRAMES; t++) smoothed.add(smoother.next(content.get(t), raw.get(t)));

        List<FrameMotion> motions = Flicker.motions(content, new OpticalFlow(), Consistency.Options.defaults());
        Flicker.Result off = measure(content, raw, motions);
        Flicker.Result on = measure(content, smoothed, motions);
        System.out.printf(Locale.ROOT, "%s flicker, smoothing off:        %s%n", name, off);
        System.out.printf(Locale.ROOT, "%s flicker, smoothing %.1f:        %s%n", name, STRENGTH, on);
        System.out.printf(Locale.ROOT, "%s flicker ratio on/off: static %.3f, warping %.3f, combined %.3f%n", name,
            on.staticChange() / off.staticChange(), on.warpError() / off.warpError(), on.combined() / off.combined());
        assertTrue(off.staticPixels() > 0 && off.warpedPixels() > 0, "both regions must be measured");
        assertTrue(on.combined() < 0.7 * off.combined(), name + ": flicker " + on.combined() + " vs " + off.combined());
        assertTrue(on.staticChange() < 0.75 * off.staticChange(), name + ": static change " + on + " vs " + off);
        assertTrue(on.warpError() < 0.7 * off.warpError(), name + ": warping error " + on + " vs " + off);
        // The first frame has no predecessor and must come through untouched.
        assertArrayEquals(raw.get(0).data(), smoothed.get(0).data());
        // Smoothing must not wash the style out: the frames stay about as far from the content.
        double styleOff = meanAbs(raw.get(FRAMES - 1), content.get(FRAMES - 1));
        double styleOn = meanAbs(smoothed.get(FRAMES - 1), content.get(FRAMES - 1));
        System.out.printf(Locale.ROOT, "%s distance from the content, last frame: off %.1f, on %.1f%n", name, styleOff,
            styleOn);
        assertTrue(styleOn > 0.8 * styleOff, name + ": style washed out: " + styleOn + " vs " + styleOff);
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
