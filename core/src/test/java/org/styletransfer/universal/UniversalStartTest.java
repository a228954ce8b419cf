package org.styletransfer.universal;

import org.styletransfer.image.StyleImage;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Provider;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TestImages;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Neural Style's universal start with stand-in decoders, which are far from inverting the encoder:
 * what they lose of the content is put back, and only the style's change (its colours, then the
 * light transfer's at {@link UniversalStart#STRENGTH}) remains.
 */
class UniversalStartTest {
    private static final Runnable NO_TICK = () -> { };

    @Test
    void theContentAsItsOwnStyleGivesAboutTheContentBackWhereTheUniversalResultDoesNot() throws Exception {
        ColorImage content = UniversalFixtures.content("amber.jpg", 96);
        float[] before = content.data().clone();
        List<StyleImage> itself = List.of(new StyleImage(content, 1));
        List<Decoder> oneLevel = UniversalFixtures.decoders(1);
        ColorImage universal = new UniversalStylizer(UniversalFixtures.vgg(), oneLevel, itself,
            UniversalSettings.defaults(), Provider.CPU, 1).apply(content, NO_TICK);
        ColorImage start = new UniversalStart(UniversalFixtures.vgg(), oneLevel, itself, Provider.CPU, 1)
            .apply(content, NO_TICK);
        double lost = TestImages.meanAbsoluteDifference(content, universal, 0);
        double kept = TestImages.meanAbsoluteDifference(content, start, 0);
        assertTrue(lost > 30, "the stand-in decoder changes the content: " + lost + " grey levels");
        // Not exactly the content: the WCT floors the whitening's small eigenvalues (measured: 75 grey
        // levels lost by the decoder, 4 left in the start).
        assertTrue(kept < lost / 10, "the start is the content: " + kept + " grey levels off, against " + lost);
        assertArrayEquals(before, content.data(), "the source is not modified");
    }

    @Test
    void aPaintingGivesTheContentInItsColoursPlusTheLightTransfersChange() throws Exception {
        ColorImage content = UniversalFixtures.content("amber.jpg", 96);
        ColorImage painting = UniversalFixtures.style("great_wave.jpg", 96);
        List<StyleImage> wave = List.of(new StyleImage(painting, 1));
        List<Decoder> decoders = UniversalFixtures.decoders(3);
        ColorImage coloured = PixelWct.apply(content, List.of(painting), new double[] {1});
        UniversalSettings light = UniversalSettings.defaults().withStrength(UniversalStart.STRENGTH);
        ColorImage universal = new UniversalStylizer(UniversalFixtures.vgg(), decoders, wave, light, Provider.CPU, 1)
            .apply(coloured, NO_TICK);
        ColorImage decoded = new UniversalStylizer(UniversalFixtures.vgg(), decoders, wave, light.withStrength(0),
            Provider.CPU, 1).apply(coloured, NO_TICK);
        ColorImage start = new UniversalStart(UniversalFixtures.vgg(), decoders, wave, Provider.CPU, 1)
            .apply(content, NO_TICK);
        float[] p = coloured.data();
        float[] u = universal.data();
        float[] u0 = decoded.data();
        float[] s = start.data();
        int unclamped = 0;
        for (int i = 0; i < p.length; i++) {
            float expected = p[i] + u[i] - u0[i];
            if (expected < 0 || expected > 255) continue;
            unclamped++;
            assertTrue(Math.abs(s[i] - expected) < 1e-3, "value " + i + ": " + s[i] + " against " + expected);
        }
        assertTrue(unclamped > p.length / 2, "most values need no clamping: " + unclamped + " of " + p.length);
        for (float v : s) assertTrue(v >= 0 && v <= 255, "clamped to 0..255");
        // Measured 1.9 grey levels at strength 0.2 with these decoders; strength 0 would change nothing.
        double change = TestImages.meanAbsoluteDifference(coloured, start, 0);
        assertTrue(change > 1, "the transfer changes the start: " + change + " grey levels");
        for (int c = 0; c < 3; c++) {
            double toPainting = Math.abs(mean(start, c) - mean(painting, c));
            double toContent = Math.abs(mean(start, c) - mean(content, c));
            assertTrue(toPainting < toContent, "channel " + c + " takes the painting's mean colour: " + toPainting
                + " from it, " + toContent + " from the content's");
        }
    }

    private static double mean(ColorImage image, int channel) {
        return FeatureStats.of(image.data(), 3).mean()[channel];
    }
}
