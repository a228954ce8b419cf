package org.styletransfer.command;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.planes.SelectionArea;
import org.styletransfer.testutil.ProgressProbe;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.*;

/**
 * Fast Style Transfer on an image with a selection, as ImageJ's filters treat one: outside the
 * selection the result is the source, bit for bit; inside it is what the whole-image run makes
 * there (the test networks see 2 pixels around each pixel, far less than the context margin, and
 * their instance normalisation takes the whole plane's statistics); a soft edge fades in from the
 * selection's border; only the bounding box and its margin go through the network.
 */
class FastStyleSelectionTest {
    private static final int W = 72;
    private static final int H = 60;

    @TempDir
    static Path tmp;
    private static Path net;

    @BeforeAll
    static void network() {
        net = styleNet(tmp, true, 3);
    }

    private static ImagePlus image() {
        return rgbMovie("scene.tif", W, H, 1, 2);
    }

    private static ImagePlus run(ImagePlus source, ParamValues values) {
        return FastStyleCommand.run(source, values, Progress.NONE, false).image();
    }

    /**
     * Options whose context margin (the tile overlap) leaves most of the test image out of a
     * selection's run, so that the run really sees only a part of the plane.
     */
    private static ParamValues narrow() {
        return fast(net).set(FastStyleSpec.TILE_OVERLAP, 8);
    }

    /** The whole-image result of {@code source} (its selection taken off for the run, then put back). */
    private static ImagePlus whole(ImagePlus source) {
        Roi roi = source.getRoi();
        source.deleteRoi();
        ImagePlus out = run(source, fast(net));
        source.setRoi(roi);
        return out;
    }

    @Test
    void rectangleLimitsTheResultToTheSelection() {
        checkLimited(new Roi(10, 14, 30, 21));
    }

    @Test
    void ovalGoesByTheMask() {
        checkLimited(new OvalRoi(20, 8, 40, 33));
    }

    /**
     * Outside the selection the source; inside the whole-image result (within one grey level);
     * source and selection unchanged.
     */
    private static void checkLimited(Roi roi) {
        ImagePlus source = image();
        source.setRoi(roi);
        List<Object> before = pixels(source);
        ImagePlus expected = whole(source);
        ImagePlus result = run(source, narrow());
        ImageProcessor src = source.getProcessor();
        ImageProcessor styled = expected.getProcessor();
        ImageProcessor out = result.getProcessor();
        int inside = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (roi.contains(x, y)) {
                    assertNear(styled.get(x, y), out.get(x, y), 1, "inside at " + x + "," + y);
                    inside++;
                } else {
                    assertEquals(src.get(x, y), out.get(x, y), "outside at " + x + "," + y);
                }
            }
        }
        assertTrue(inside > 100, "the selection holds pixels");
        assertNotEquals(src.get(roi.getBounds().x + 5, roi.getBounds().y + 15), styled.get(roi.getBounds().x + 5, roi.getBounds().y + 15));
        assertTrue(java.util.Objects.deepEquals(before.toArray(), pixels(source).toArray()), "the source is unchanged");
        assertEquals(roi, source.getRoi(), "the selection is the same object");
        assertEquals(roi.getBounds(), source.getRoi().getBounds(), "the selection did not move");
        assertEquals(W, result.getWidth());
        assertEquals(H, result.getHeight());
    }

    /** Each RGB channel of {@code expected} and {@code actual} within {@code levels}. */
    private static void assertNear(int expected, int actual, int levels, String where) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expected >> shift) & 0xff;
            int a = (actual >> shift) & 0xff;
            assertTrue(Math.abs(e - a) <= levels, where + ": " + Integer.toHexString(actual & 0xffffff)
                + " instead of " + Integer.toHexString(expected & 0xffffff));
        }
    }

    @Test
    void softEdgeFadesInMonotonically() {
        ImagePlus source = image();
        Roi roi = new Roi(8, 10, 50, 40);
        source.setRoi(roi);
        int edge = 6;
        ImagePlus expected = whole(source);
        ImagePlus result = run(source, narrow().set(FastStyleSpec.SELECTION_EDGE, edge));
        SelectionArea area = SelectionArea.of(source, edge).orElseThrow();
        int y = 30;
        float last = 0;
        for (int x = 0; x < 40; x++) {
            float w = area.weight(x, y);
            assertTrue(w >= last, "weights rise from the border inwards at x=" + x);
            last = w;
            if (x < 8) assertEquals(0f, w, "outside");
            if (x >= 8 && x < 8 + edge) assertTrue(w > 0 && w < 1, "soft edge at x=" + x + ": " + w);
            if (x >= 8 + edge) assertEquals(1f, w, "inside, past the soft edge");
            for (int shift = 0; shift <= 16; shift += 8) {
                int s = (source.getProcessor().get(x, y) >> shift) & 0xff;
                int t = (expected.getProcessor().get(x, y) >> shift) & 0xff;
                int r = (result.getProcessor().get(x, y) >> shift) & 0xff;
                assertTrue(Math.abs(s + w * (t - s) - r) <= 1.5, "blend at x=" + x + ": " + r + " between "
                    + s + " and " + t + " at " + w);
            }
        }
        // Every weight of the soft edge is a pixel nearer the border than the next.
        assertTrue(area.weight(8, y) < area.weight(9, y) && area.weight(9, y) < area.weight(10, y));
    }

    @Test
    void ignoreSelectionStylisesTheWholeImage() {
        ImagePlus source = image();
        source.setRoi(new OvalRoi(10, 10, 20, 20));
        ImagePlus expected = whole(source);
        ImagePlus result = run(source, fast(net).set(FastStyleSpec.IGNORE_SELECTION, true));
        assertSamePlanes(expected, result, 1);
    }

    @Test
    void lineSelectionsAreNoArea() {
        ImagePlus source = image();
        source.setRoi(new ij.gui.Line(3, 4, 50, 40));
        assertSamePlanes(whole(source), run(source, fast(net)), 1);
    }

    @Test
    void onlyTheBoundingBoxAndItsMarginGoThroughTheNetwork() {
        ImagePlus source = image();
        ParamValues tiled = fast(net).set(FastStyleSpec.TILE_SIZE, 16).set(FastStyleSpec.TILE_OVERLAP, 4);
        ProgressProbe all = ProgressProbe.never();
        FastStyleCommand.run(source, tiled, all, false);
        source.setRoi(new Roi(30, 30, 8, 8));
        ProgressProbe part = ProgressProbe.never();
        ImagePlus result = FastStyleCommand.run(source, tiled, part, false).image();
        long wholeTiles = all.count("Fast style");
        long partTiles = part.count("Fast style");
        assertTrue(partTiles * 4 <= wholeTiles, partTiles + " tiles for the selection, " + wholeTiles + " for all");
        source.deleteRoi();
        ImagePlus expected = FastStyleCommand.run(source, tiled, Progress.NONE, false).image();
        for (int y = 30; y < 38; y++) {
            for (int x = 30; x < 38; x++) {
                assertNear(expected.getProcessor().get(x, y), result.getProcessor().get(x, y), 1, x + "," + y);
            }
        }
    }

    @Test
    void everyPlaneIsLimited() {
        ImagePlus source = rgbMovie("clip.avi", W, H, 3, 5);
        Roi roi = new OvalRoi(12, 6, 36, 40);
        source.setRoi(roi);
        ImagePlus result = run(source, fast(net).set(FastStyleSpec.PLANES, PlaneScope.ALL));
        assertEquals(3, result.getStackSize());
        for (int i = 1; i <= 3; i++) {
            ImageProcessor src = source.getStack().getProcessor(i);
            ImageProcessor out = result.getStack().getProcessor(i);
            int changed = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    if (!roi.contains(x, y)) assertEquals(src.get(x, y), out.get(x, y), "plane " + i);
                    else if (src.get(x, y) != out.get(x, y)) changed++;
                }
            }
            assertTrue(changed > 100, "plane " + i + " is stylised inside");
        }
    }

    @Test
    void floatImageKeepsItsValuesOutsideBitForBit() {
        FloatProcessor fp = new FloatProcessor(W, H);
        for (int i = 0; i < W * H; i++) fp.setf(i, (float) (Math.sin(i * 0.37) * 1e-3 + 0.123456789 * (i % 7)));
        fp.setf(3, Float.NaN);
        ImagePlus source = new ImagePlus("float.tif", fp);
        Roi roi = new OvalRoi(5, 5, 40, 30);
        source.setRoi(roi);
        float[] before = ((float[]) fp.getPixels()).clone();
        ImagePlus result = run(source, fast(net).set(FastStyleSpec.SELECTION_EDGE, 3));
        float[] out = (float[]) result.getProcessor().getPixels();
        int changed = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                if (!roi.contains(x, y)) {
                    assertEquals(Float.floatToIntBits(before[i]), Float.floatToIntBits(out[i]), "outside at " + x + "," + y);
                } else if (out[i] != before[i]) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 100);
        assertTrue(java.util.Arrays.equals(before, (float[]) fp.getPixels()), "source unchanged");
    }

    @Test
    void aSelectionOffTheImageIsReported() {
        ImagePlus source = image();
        Roi roi = new Roi(-40, -40, 20, 20);
        source.setRoi(roi);
        // ImageJ may drop a selection wholly outside the image; if it kept it, the run says so.
        if (source.getRoi() == null) return;
        assertThrows(StyleTransferException.class, () -> run(source, fast(net)));
    }

    @Test
    void aSelectionReachingOverTheBorderIsClipped() {
        ImagePlus source = image();
        Roi roi = new Roi(W - 20, H - 15, 40, 40);
        source.setRoi(roi);
        ImagePlus expected = whole(source);
        ImagePlus result = run(source, fast(net).set(FastStyleSpec.SELECTION_EDGE, 4));
        ImageProcessor out = result.getProcessor();
        // No soft edge along the image's own border: the corner pixel is fully stylised.
        assertNear(expected.getProcessor().get(W - 1, H - 1), out.get(W - 1, H - 1), 1, "corner");
        assertEquals(source.getProcessor().get(W - 21, H - 1), out.get(W - 21, H - 1), "left of the selection");
        assertEquals(new Rectangle(W - 20, H - 15, 40, 40), source.getRoi().getBounds());
    }
}
