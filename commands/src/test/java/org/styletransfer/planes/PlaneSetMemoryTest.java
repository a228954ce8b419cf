package org.styletransfer.planes;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.StyleTransferException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory a run needs, and what the refusal advises. */
class PlaneSetMemoryTest {
    private static final long MB = 1L << 20;

    @Test
    void tiledSinglePlaneNeedsTheResultPlusAStrip() {
        int w = 8000;
        long pixels = (long) w * w;
        long tiled = PlaneSet.neededBytes(w, w, 4, 1, true, PlaneSet.Work.TILED);
        // 4 bytes a pixel for the RGB result, plus a strip of 1024 rows and a fixed reserve.
        assertTrue(tiled >= 4 * pixels, tiled + " bytes");
        assertTrue(tiled - 4 * pixels <= 16L * w * 1024 + 64 * MB, (tiled - 4 * pixels) / MB + " MB besides the result");
        long whole = PlaneSet.neededBytes(w, w, 4, 1, true, PlaneSet.Work.WHOLE);
        assertTrue(whole > 100 * pixels, whole / pixels + " bytes a pixel");
        // To disk, the plane being made is held until it is written.
        assertEquals(tiled, PlaneSet.neededBytes(w, w, 4, 1, false, PlaneSet.Work.TILED));
        // 20000x20000: under 5 bytes a pixel in all.
        long big = PlaneSet.neededBytes(20000, 20000, 4, 1, true, PlaneSet.Work.TILED);
        assertTrue(big < 5L * 20000 * 20000, big / MB + " MB");
    }

    /** A plane the whole-plane estimate refuses within this JVM's heap goes through tiled. */
    @Test
    void largePlaneAcceptedTiledAndSinglePlaneRefusalGivesOnlyAdviceThatHelps() {
        long free = Runtime.getRuntime().maxMemory();
        // Big enough that 157 bytes a pixel cannot fit, small enough that 4 bytes a pixel (twice: source and result) do.
        int side = (int) Math.sqrt(free / 100.0);
        ImagePlus imp = new ImagePlus("large", new ColorProcessor(side, side));
        PlaneSet tiled = PlaneSet.of(imp, false, null, PlaneSet.Work.TILED);
        assertEquals(1, tiled.size());
        StyleTransferException e = assertThrows(StyleTransferException.class,
            () -> PlaneSet.of(imp, false, null, PlaneSet.Work.WHOLE));
        assertTrue(e.getMessage().contains("give ImageJ more memory"), e.getMessage());
        assertFalse(e.getMessage().contains("current plane only"), e.getMessage());
        assertFalse(e.getMessage().contains("output_folder"), e.getMessage());
    }
}
