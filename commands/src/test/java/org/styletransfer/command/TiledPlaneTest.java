package org.styletransfer.command;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.Progress;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.fast;
import static org.styletransfer.command.CommandFixtures.rgbMovie;
import static org.styletransfer.command.CommandFixtures.styleNet;

/**
 * Fast Style on a single plane goes tile by tile from the source plane into the result plane; it
 * gives the pixels of the whole-plane float path (which a pipelined run still takes) within one
 * level, for colour and grey planes, with several tile rows and the strength mix.
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
