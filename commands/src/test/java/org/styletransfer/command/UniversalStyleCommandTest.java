package org.styletransfer.command;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.testutil.StandInDecoders;
import org.styletransfer.testutil.SyntheticFigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Universal Style Transfer as the front ends run it, with the real partial VGG-19 and stand-in
 * decoders: results, selections, stacks, and the bad inputs of the issue (style pictures that are
 * 1x1, 16-bit, a stack or missing; decoders that do not fit; more levels than decoders).
 */
class UniversalStyleCommandTest {
    private static Path decoders;
    private static String starryNight;

    @BeforeAll
    static void standInDecoders() {
        decoders = StandInDecoders.write(Paths.get("target", "universal-decoders"), NeuralStyleVgg.load(""))
            .toAbsolutePath();
        starryNight = SharedData.styleImage("starry_night.jpg").toAbsolutePath().toString();
    }

    @Test
    void stylisesAnRgbImageWithTheDefaultsAndLeavesTheSourceAlone() {
        ImagePlus source = CommandFixtures.rgbMovie("photo", 72, 56, 1, 3);
        int[] before = ((int[]) source.getProcessor().getPixels()).clone();
        StyleResult r = UniversalStyleCommand.run(source, values(starryNight), Progress.NONE);
        assertEquals(72, r.image().getWidth());
        assertEquals(56, r.image().getHeight());
        assertEquals(ImagePlus.COLOR_RGB, r.image().getType());
        assertArrayEquals(before, (int[]) source.getProcessor().getPixels(), "source unchanged");
        assertTrue(differing(before, (int[]) r.image().getProcessor().getPixels()) > 0.5, "most pixels change");
    }

    @Test
    void strengthZeroWithOneLevelKeepsTheSourceRoughly() {
        // At strength 0 the features are not changed; the stand-in decoder is no inverse of the encoder,
        // so only the plumbing is checked here: every option is read and the run completes.
        ParamValues v = values(starryNight).set(UniversalStyleSpec.STRENGTH, 0).set(UniversalStyleSpec.LEVELS, 1)
            .set(UniversalStyleSpec.METHOD, "AdaIN").set(UniversalStyleSpec.PRESERVE_COLOURS, true)
            .set(UniversalStyleSpec.STYLE_SCALE, 0.5).set(UniversalStyleSpec.TILE_SIZE, 32);
        StyleResult r = UniversalStyleCommand.run(CommandFixtures.rgbMovie("p", 64, 48, 1, 1), v, Progress.NONE);
        assertEquals(64, r.image().getWidth());
    }

    @Test
    void useRoiKeepsTheOutsideOrGivesItTheSecondStyle() {
        ImagePlus source = CommandFixtures.rgbMovie("photo", 64, 48, 1, 5);
        source.setRoi(new Roi(16, 12, 32, 24));
        int[] before = ((int[]) source.getProcessor().getPixels()).clone();
        ParamValues v = values(starryNight).set(UniversalStyleSpec.USE_ROI, true);
        int[] inside = (int[]) UniversalStyleCommand.run(source, v, Progress.NONE).image().getProcessor().getPixels();
        assertEquals(before[0], inside[0], "outside kept");
        assertNotEquals(before[24 * 64 + 32], inside[24 * 64 + 32], "inside stylised");
        String wave = SharedData.styleImage("great_wave.jpg").toString();
        int[] two = (int[]) UniversalStyleCommand.run(source, v.set(UniversalStyleSpec.STYLE_OUTSIDE, wave),
            Progress.NONE).image().getProcessor().getPixels();
        assertNotEquals(before[0], two[0], "outside takes the second style");
        assertEquals(inside[24 * 64 + 32], two[24 * 64 + 32], "inside as before");
    }

    @Test
    void outputFolderGetsOneTiffPerPlane() throws Exception {
        Path folder = Files.createDirectories(Paths.get("target", "universal-output").toAbsolutePath());
        try (var old = Files.list(folder)) {
            for (Path f : old.toList()) Files.delete(f);
        }
        StyleResult r = UniversalStyleCommand.run(CommandFixtures.rgbMovie("movie", 40, 32, 2, 6),
            values(starryNight).set(UniversalStyleSpec.OUTPUT_FOLDER, folder.toString()), Progress.NONE);
        assertTrue(r.image().getStack().isVirtual());
        try (var files = Files.list(folder)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".tif")).count());
        }
    }

    @Test
    void useRoiWithoutASelectionSaysSo() {
        ParamValues v = values(starryNight).set(UniversalStyleSpec.USE_ROI, true);
        String m = message(() -> UniversalStyleCommand.run(CommandFixtures.rgbMovie("p", 32, 32, 1, 1), v, Progress.NONE));
        assertTrue(m.contains("no area selection"), m);
    }

    @Test
    void everyPlaneOfAStackWithTemporalCoherence() {
        ImagePlus movie = CommandFixtures.rgbMovie("movie", 48, 40, 3, 2);
        ParamValues v = values(starryNight).set(UniversalStyleSpec.TEMPORAL_COHERENCE, 0.6);
        StyleResult r = UniversalStyleCommand.run(movie, v, Progress.NONE);
        assertEquals(3, r.image().getStackSize());
        assertEquals(3, r.planes());
    }

    /**
     * style_scale sets the pictures' longer side whatever their own size: a picture smaller than
     * that is enlarged (the universal transfer uses its pictures as given, unlike Neural Style's
     * stylizer, which sizes them itself), so style_scale 2 paints with larger strokes than 1.
     */
    @Test
    void styleScaleSizesSmallAndLargePicturesAlike() {
        Path small = Paths.get("target", "small-style.png").toAbsolutePath();
        new ij.io.FileSaver(CommandFixtures.rgbMovie("small", 32, 24, 1, 4)).saveAsPng(small.toString());
        for (String picture : new String[] {small.toString(), starryNight}) {
            for (int edge : new int[] {20, 64, 128}) {
                var image = NeuralStyleImages.stylesAt(picture, "", edge).get(0).image();
                assertEquals(edge, Math.max(image.width(), image.height()), picture + " at " + edge);
            }
        }
        ImagePlus source = CommandFixtures.rgbMovie("photo", 64, 48, 1, 5);
        int[] once = pixels(UniversalStyleCommand.run(source, values(small.toString()), Progress.NONE));
        int[] twice = pixels(UniversalStyleCommand.run(source, values(small.toString())
            .set(UniversalStyleSpec.STYLE_SCALE, 2), Progress.NONE));
        assertTrue(differing(once, twice) > 0.5, "style_scale 2 changes the result");
    }

    private static int[] pixels(StyleResult r) {
        return (int[]) r.image().getProcessor().getPixels();
    }

    @Test
    void badStylePicturesGetOneLineMessagesOrASensibleResult() throws Exception {
        ImagePlus source = CommandFixtures.rgbMovie("photo", 48, 40, 1, 1);
        Path tiny = Paths.get("target", "tiny-style.png").toAbsolutePath();
        new ij.io.FileSaver(new ImagePlus("tiny", new ColorProcessor(1, 1))).saveAsPng(tiny.toString());
        String m = message(() -> UniversalStyleCommand.run(source, values(tiny.toString()), Progress.NONE));
        assertTrue(m.contains("1x1"), m);
        String missing = message(() -> UniversalStyleCommand.run(source, values("/no/such/painting.jpg"), Progress.NONE));
        assertTrue(missing.contains("neither the title of an open image nor an existing file"), missing);

        Path sixteen = Paths.get("target", "style16.tif").toAbsolutePath();
        ShortProcessor sp = new ShortProcessor(40, 40);
        for (int i = 0; i < 1600; i++) sp.set(i, 1000 + 37 * i);
        new ij.io.FileSaver(new ImagePlus("s16", sp)).saveAsTiff(sixteen.toString());
        ImageStack frames = new ImageStack(40, 40);
        frames.addSlice(new ColorProcessor(40, 40));
        frames.addSlice(CommandFixtures.rgbMovie("x", 40, 40, 1, 9).getProcessor());
        Path stack = Paths.get("target", "style-stack.tif").toAbsolutePath();
        new ij.io.FileSaver(new ImagePlus("stack", frames)).saveAsTiffStack(stack.toString());
        int[] before = ((int[]) source.getProcessor().getPixels()).clone();
        for (Path p : new Path[] {sixteen, stack}) {
            StyleResult r = UniversalStyleCommand.run(source, values(p.toString()), Progress.NONE);
            assertTrue(differing(before, (int[]) r.image().getProcessor().getPixels()) > 0.5, p + " styles the image");
        }
        assertTrue(Files.exists(sixteen) && Files.exists(stack), "the style files are left alone");
    }

    @Test
    void decodersThatDoNotFitOrAreMissingAreRefused() throws Exception {
        Path wrong = Paths.get("target", "wrong-decoders").toAbsolutePath();
        Files.createDirectories(wrong);
        StandInDecoders.model(NeuralStyleVgg.load(""), "relu2_1", "relu3_1")
            .write(wrong.resolve("decoder_relu3_1.onnx"));
        ImagePlus source = CommandFixtures.rgbMovie("photo", 48, 40, 1, 1);
        ParamValues v = values(starryNight).set(UniversalStyleSpec.DECODERS, wrong.toString())
            .set(UniversalStyleSpec.LEVELS, 1);
        String m = message(() -> UniversalStyleCommand.run(source, v, Progress.NONE));
        assertTrue(m.contains("does not fit"), m);
        String levels = message(() -> UniversalStyleCommand.run(source, values(starryNight)
            .set(UniversalStyleSpec.LEVELS, 4), Progress.NONE));
        assertTrue(levels.contains("4 levels need 4 decoders"), levels);
    }

    @Test
    void theSpecsKeysRecordAndReplay() {
        ParamValues v = values(starryNight).set(UniversalStyleSpec.METHOD, "adain").set(UniversalStyleSpec.LEVELS, 2);
        String macro = v.toMacroOptions();
        assertTrue(macro.contains("method=AdaIN") && macro.contains("levels=2"), macro);
    }

    @Test
    void neuralStyleCanStartFromTheUniversalResult() throws Exception {
        StandInDecoders.write(ModelLocator.userModelFolder().resolve("decoders"), NeuralStyleVgg.load(""));
        ImagePlus source = CommandFixtures.rgbMovie("photo", 64, 48, 1, 4);
        ParamValues v = NeuralStyleSpec.spec().defaults().set(NeuralStyleSpec.STYLE, starryNight)
            .set(NeuralStyleSpec.ITERATIONS, 1).set(NeuralStyleSpec.LEVELS, 1).set(NeuralStyleSpec.PREVIEW_EVERY, 0)
            .set(NeuralStyleSpec.KEEP_EVOLUTION, 0).set(NeuralStyleSpec.THREADS, 2);
        int[] fromContent = (int[]) NeuralStyleCommand.run(source, v, Progress.NONE, null).image().getProcessor()
            .getPixels();
        v.set(NeuralStyleSpec.INIT, "universal");
        int[] fromUniversal = (int[]) NeuralStyleCommand.run(source, v, Progress.NONE, null).image().getProcessor()
            .getPixels();
        assertTrue(differing(fromContent, fromUniversal) > 0.5, "the universal start changes the result");
        String m = message(() -> InterpolationCommand.run(source, InterpolationSpec.spec().defaults()
            .set(InterpolationSpec.STYLE_A, starryNight).set(InterpolationSpec.STYLE_B, starryNight)
            .set(NeuralStyleSpec.INIT, "universal"), Progress.NONE, null));
        assertTrue(m.contains("init=universal"), m);
    }

    @Test
    void protectedAnnotationsComeBackAndTheOverlayIsKept() {
        SharedData.root();
        SyntheticFigure.Figure figure = SyntheticFigure.make(SyntheticFigure.Type.RGB, 240, 160, 5);
        figure.image().setOverlay(new Overlay(new Roi(10, 10, 20, 20)));
        StyleResult without = UniversalStyleCommand.run(figure.image(), values(starryNight), Progress.NONE);
        StyleResult with = UniversalStyleCommand.run(figure.image(),
            values(starryNight).set(AnnotationSpec.PROTECT_ANNOTATIONS, true), Progress.NONE);
        AnnotationProtectionTest.Measures m = AnnotationProtectionTest.Measures.of(figure,
            without.image().getProcessor(), with.image().getProcessor());
        assertTrue(m.annotationWith() < 3 && m.annotationWithout() > 3 * m.annotationWith(), m.toString());
        assertTrue(m.restWithVsWithout() < 0.5, m.toString());
        assertEquals(1, with.image().getOverlay().size());
        assertTrue(with.image().getInfoProperty().contains("Universal Style Transfer"), with.image().getInfoProperty());
    }

    private static ParamValues values(String style) {
        return UniversalStyleSpec.spec().defaults().set(UniversalStyleSpec.STYLE, style)
            .set(UniversalStyleSpec.DECODERS, decoders.toString()).set(UniversalStyleSpec.THREADS, 2);
    }

    private static String message(org.junit.jupiter.api.function.Executable run) {
        String m = assertThrows(StyleTransferException.class, run).getMessage();
        assertEquals(1, m.lines().count(), m);
        return m;
    }

    private static double differing(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n / (double) a.length;
    }
}
