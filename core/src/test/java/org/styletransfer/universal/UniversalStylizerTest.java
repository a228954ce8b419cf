package org.styletransfer.universal;

import org.styletransfer.image.StyleImage;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.FaultInjection;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TestImages;
import org.styletransfer.testutil.StandInDecoders;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stylizer with stand-in decoders (see {@link StandInDecoders}): tiles match the whole image,
 * flat pictures give finite pixels, the source is untouched, and mismatched decoders are refused.
 */
class UniversalStylizerTest {
    private static final Runnable NO_TICK = () -> { };

    @Test
    void tilesMatchTheWholeImageAwayFromBorders() throws Exception {
        ColorImage content = UniversalFixtures.content("stata.jpg", 300);
        List<StyleImage> style = List.of(new StyleImage(UniversalFixtures.style("great_wave.jpg", 200), 1));
        ColorImage whole = stylizer(style, 3, 0).apply(content, NO_TICK);
        UniversalStylizer tiling = stylizer(style, 3, 128);
        assertTrue(tiling.tilesPerImage(content.width(), content.height()) > 3, "more than one tile per level");
        ColorImage tiled = tiling.apply(content, NO_TICK);
        double diff = TestImages.meanAbsoluteDifference(whole, tiled, 8);
        assertTrue(diff < 1.0, "tiled vs whole: mean absolute difference " + diff + " grey levels");
    }

    @Test
    void outOfMemoryRetriesWithSmallerTiles() throws Exception {
        ColorImage content = UniversalFixtures.content("hoovertowernight.jpg", 300);
        List<StyleImage> style = List.of(new StyleImage(UniversalFixtures.style("udnie.jpg", 200), 1));
        ColorImage expected = stylizer(style, 1, 0).apply(content, NO_TICK);
        UniversalStylizer s = stylizer(style, 1, 256);
        ColorImage out;
        // Run 1 is the content's statistics, run 2 the first tile.
        try (FaultInjection f = FaultInjection.install().failRun(2, FaultInjection.Fault.ORT_OUT_OF_MEMORY)) {
            out = s.apply(content, NO_TICK);
        }
        assertEquals(1, s.notes().size(), s.notes().toString());
        assertTrue(s.notes().get(0).startsWith("Out of memory with 256x192-px tiles; retried with 128-px tiles"),
            s.notes().toString());
        assertTrue(TestImages.meanAbsoluteDifference(expected, out, 8) < 1.0, "the retry gives the same picture");
    }

    @Test
    void flatStyleAndFlatContentGiveFinitePixelsAndLeaveTheSourceAlone() throws Exception {
        ColorImage flat = new ColorImage(64, 48);
        Arrays.fill(flat.data(), 128f);
        ColorImage content = UniversalFixtures.content("amber.jpg", 96);
        float[] before = content.data().clone();
        for (Method m : Method.values()) {
            UniversalSettings s = new UniversalSettings(m, 1, 3, 0, UniversalSettings.DEFAULT_OVERLAP);
            ColorImage a = new UniversalStylizer(UniversalFixtures.vgg(), UniversalFixtures.decoders(3),
                List.of(new StyleImage(flat, 1)), s, Provider.CPU, 1).apply(content, NO_TICK);
            ColorImage b = new UniversalStylizer(UniversalFixtures.vgg(), UniversalFixtures.decoders(3),
                List.of(new StyleImage(content, 1)), s, Provider.CPU, 1).apply(flat, NO_TICK);
            for (float v : a.data()) assertTrue(Float.isFinite(v) && v >= 0 && v <= 255, m + " flat style");
            for (float v : b.data()) assertTrue(Float.isFinite(v) && v >= 0 && v <= 255, m + " flat content");
        }
        assertArrayEquals(before, content.data(), "the source is not modified");
    }

    @Test
    void theSameJobAtAnotherStrengthEqualsOneMadeAtIt() throws Exception {
        ColorImage content = UniversalFixtures.content("amber.jpg", 96);
        List<StyleImage> style = List.of(new StyleImage(UniversalFixtures.style("udnie.jpg", 96), 1));
        UniversalStylizer full = stylizer(style, 2, 0);
        UniversalSettings half = new UniversalSettings(Method.WCT, 0.5, 2, 0, UniversalSettings.DEFAULT_OVERLAP);
        ColorImage made = new UniversalStylizer(UniversalFixtures.vgg(), UniversalFixtures.decoders(2), style, half,
            Provider.CPU, 0).apply(content, NO_TICK);
        assertArrayEquals(made.data(), full.withStrength(0.5).apply(content, NO_TICK).data());
    }

    @Test
    void levelsAreTheDeepestFirst() {
        assertEquals(List.of("relu3_1", "relu2_1"), UniversalStylizer.levelsFor(2, List.of("relu1_1", "relu3_1", "relu2_1")));
        assertThrows(IllegalArgumentException.class, () -> UniversalStylizer.levelsFor(4, List.of("relu1_1")));
    }

    @Test
    void mismatchedDecodersAreRefusedInOneLine() throws Exception {
        Path folder = Paths.get("target", "mismatched-decoders");
        java.nio.file.Files.createDirectories(folder);
        Path claimsOther = folder.resolve("claims_relu2_1.onnx");
        StandInDecoders.model(UniversalFixtures.vgg(), "relu3_1", "relu2_1").write(claimsOther);
        Path fewerChannels = folder.resolve("relu2_1_as_relu3_1.onnx");
        StandInDecoders.model(UniversalFixtures.vgg(), "relu2_1", "relu3_1").write(fewerChannels);
        String level = assertThrows(StyleTransferException.class,
            () -> Decoder.load(claimsOther, "relu3_1", UniversalFixtures.vgg())).getMessage();
        assertTrue(level.contains("decodes relu2_1, not relu3_1"), level);
        String channels = assertThrows(StyleTransferException.class,
            () -> Decoder.load(fewerChannels, "relu3_1", UniversalFixtures.vgg())).getMessage();
        assertTrue(channels.contains("128 channels") && channels.contains("has 256"), channels);
        String missing = assertThrows(StyleTransferException.class,
            () -> Decoder.load(folder.resolve("none.onnx"), "relu1_1", UniversalFixtures.vgg())).getMessage();
        assertTrue(missing.contains("does not exist"), missing);
        for (String m : List.of(level, channels, missing)) assertEquals(1, m.lines().count(), m);
    }

    @Test
    void shippedDecodersFitThePartialVgg() throws Exception {
        try (var files = java.nio.file.Files.list(Paths.get("onnx-models", "decoders"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".onnx")).toList()) {
                String level = f.getFileName().toString().replace("decoder_", "").replace(".onnx", "");
                Decoder d = Decoder.load(f, level, UniversalFixtures.vgg());
                assertEquals(level, d.level());
            }
        }
    }

    private static UniversalStylizer stylizer(List<StyleImage> style, int levels, int tile) {
        UniversalSettings s = new UniversalSettings(Method.WCT, 1, levels, tile, UniversalSettings.DEFAULT_OVERLAP);
        return new UniversalStylizer(UniversalFixtures.vgg(), UniversalFixtures.decoders(levels), style, s,
            Provider.CPU, 0);
    }

}
