package org.styletransfer.command;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.Progress;
import org.styletransfer.testutil.SharedData;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.fast;
import static org.styletransfer.command.CommandFixtures.rgbMovie;
import static org.styletransfer.command.CommandFixtures.styleNet;

/**
 * Fast Style on a single plane goes tile by tile from the source plane into the result plane; it
 * gives the pixels of the whole-plane float path (which a pipelined run still takes) within one
 * level, for colour and grey planes, with several tile rows and the strength mix; it honours a
 * selection (the source outside it, bit for bit) and the border margin of zero-padding networks.
 */
class TiledPlaneTest {
    @TempDir
    static Path dir;

    private static ImagePlus runBoth(ImagePlus source, ParamValues v, boolean tiled) {
        // pipelined = true takes the whole-plane path (one plane: no helper threads, floats held whole).
        return FastStyleCommand.run(source, v, Progress.NONE, !tiled).image();
    }

    private static ParamValues options() {
        return fast(styleNet(dir, true, 7)).set(FastStyleSpec.TILE_SIZE, 128).set(FastStyleSpec.STRENGTH, 0.7);
    }

    @Test
    void tiledRgbPlaneMatchesWholePlanePath() {
        ImagePlus source = rgbMovie("big", 331, 297, 1, 3);
        int[] before = ((int[]) source.getProcessor().getPixels()).clone();
        ImagePlus whole = runBoth(source, options(), false);
        ImagePlus tiled = runBoth(source, options(), true);
        assertTrue(maxDiff(whole.getProcessor(), tiled.getProcessor()) <= 1);
        assertTrue(java.util.Arrays.equals(before, (int[]) source.getProcessor().getPixels()), "source changed");
        assertTrue(differs(source.getProcessor(), tiled.getProcessor()), "not stylised");
    }

    @Test
    void tiledGreyPlaneMatchesWholePlanePath() {
        ShortProcessor sp = new ShortProcessor(300, 270);
        for (int i = 0; i < sp.getPixelCount(); i++) sp.set(i, 1000 + (i * 37 % 3001));
        ImagePlus source = new ImagePlus("grey", sp);
        ImagePlus whole = runBoth(source, options(), false);
        ImagePlus tiled = runBoth(source, options(), true);
        // One 0..255 level of the 1000..4000 range is about 12 grey values.
        assertTrue(maxDiff(whole.getProcessor(), tiled.getProcessor()) <= 12);
        assertTrue(differs(source.getProcessor(), tiled.getProcessor()), "not stylised");
    }

    @Test
    void tiledRunHonoursASelectionWithASoftEdge() {
        ImagePlus source = rgbMovie("big", 331, 297, 1, 5);
        Roi roi = new OvalRoi(40, 30, 250, 200);
        source.setRoi(roi);
        ParamValues v = options().set(FastStyleSpec.SELECTION_EDGE, 4);
        ImagePlus whole = runBoth(source, v, false);
        ImagePlus tiled = runBoth(source, v, true);
        assertTrue(maxDiff(whole.getProcessor(), tiled.getProcessor()) <= 1);
        assertOutsideIsSource(source, roi, tiled.getProcessor());
        assertTrue(differs(source.getProcessor(), tiled.getProcessor()), "not stylised");
    }

    @Test
    void tiledGreyRunHonoursARectangleSelection() {
        ShortProcessor sp = new ShortProcessor(300, 270);
        for (int i = 0; i < sp.getPixelCount(); i++) sp.set(i, 1000 + (i * 37 % 3001));
        ImagePlus source = new ImagePlus("grey", sp);
        Roi roi = new Roi(150, 20, 140, 230);
        source.setRoi(roi);
        ImagePlus whole = runBoth(source, options(), false);
        ImagePlus tiled = runBoth(source, options(), true);
        assertTrue(maxDiff(whole.getProcessor(), tiled.getProcessor()) <= 12);
        assertOutsideIsSource(source, roi, tiled.getProcessor());
        assertTrue(differs(source.getProcessor(), tiled.getProcessor()), "not stylised");
    }

    /**
     * A zero-padding network (la_muse, with its mirrored border margin) in 192-px tiles: the tiled
     * run gives the whole-plane path's pixels. The result is left in target/ to look at for seams.
     */
    @Test
    void tiledZeroPaddingNetworkMatchesWholePlanePath() {
        ImagePlus photo = IJ.openImage(SharedData.contentImage("golden_gate.jpg").toString());
        ImagePlus source = new ImagePlus("gate", photo.getProcessor().resize(640, 427, true));
        ParamValues v = FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL, "la_muse")
            .set(FastStyleSpec.PROVIDER, "CPU").set(FastStyleSpec.TILE_SIZE, 192);
        ImagePlus whole = runBoth(source, v, false);
        ImagePlus tiled = runBoth(source, v, true);
        assertTrue(maxDiff(whole.getProcessor(), tiled.getProcessor()) <= 1);
        save(tiled, "tiled-la_muse-192px-tiles.png");
    }

    /** Writes {@code imp} (RGB) as a PNG into target/. */
    private static void save(ImagePlus imp, String name) {
        try {
            java.nio.file.Files.createDirectories(Path.of("target"));
            javax.imageio.ImageIO.write(((ColorProcessor) imp.getProcessor()).getBufferedImage(), "png",
                Path.of("target", name).toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Outside {@code roi}, {@code result} holds the source's pixels exactly. */
    private static void assertOutsideIsSource(ImagePlus source, Roi roi, ImageProcessor result) {
        ImageProcessor src = source.getProcessor();
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                if (!roi.contains(x, y)) assertEquals(src.get(x, y), result.get(x, y), "outside at " + x + "," + y);
            }
        }
    }

    private static boolean differs(ImageProcessor a, ImageProcessor b) {
        return maxDiff(a, b) > 20;
    }

    /** Largest difference of any channel of any pixel. */
    static int maxDiff(ImageProcessor a, ImageProcessor b) {
        int max = 0;
        for (int i = 0; i < a.getPixelCount(); i++) {
            if (a instanceof ColorProcessor) {
                int p = a.get(i);
                int q = b.get(i);
                for (int s = 0; s <= 16; s += 8) max = Math.max(max, Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff)));
            } else {
                max = Math.max(max, Math.abs(a.get(i) - b.get(i)));
            }
        }
        return max;
    }
}
