package org.styletransfer.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding burned-in annotations: thin extreme-coloured structures are found, the rest is not. */
class AnnotationMaskTest {
    private static final int W = 96;
    private static final int H = 64;

    /** A textured grey-green background that never reaches an extreme value. */
    private static ColorImage background() {
        ColorImage img = new ColorImage(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float v = (float) (120 + 60 * Math.sin(x / 3.0) * Math.cos(y / 5.0));
                set(img, x, y, v, v + 20, v - 20);
            }
        }
        return img;
    }

    private static void set(ColorImage img, int x, int y, float r, float g, float b) {
        img.data()[img.index(0, x, y)] = r;
        img.data()[img.index(1, x, y)] = g;
        img.data()[img.index(2, x, y)] = b;
    }

    private static void fill(ColorImage img, int x0, int y0, int w, int h, float r, float g, float b) {
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) set(img, x, y, r, g, b);
    }

    @Test
    void thinExtremeStructuresAreFoundAndLargeOrTexturedAreasAreNot() {
        ColorImage img = background();
        fill(img, 4, 4, 40, 6, 255, 255, 255);      // a white scale bar 6 px thick
        fill(img, 4, 20, 30, 2, 0, 0, 0);           // a black line
        fill(img, 50, 4, 2, 30, 255, 255, 0);       // a yellow arrow shaft
        fill(img, 60, 30, 30, 30, 255, 255, 255);   // a large white area: no annotation
        set(img, 40, 50, 255, 255, 255);            // a lone white speck: noise
        boolean[] found = AnnotationMask.detect(img);
        assertTrue(found[8 * W + 10] && found[21 * W + 10] && found[10 * W + 50], "bar, line and arrow");
        assertFalse(found[45 * W + 75], "inside the large white area");
        assertFalse(found[50 * W + 40], "speck");
        assertFalse(found[40 * W + 20], "background");
    }

    @Test
    void softMaskCoversTheFringeAndFadesOut() {
        boolean[] hard = new boolean[W * H];
        hard[30 * W + 30] = true;
        float[] soft = AnnotationMask.soften(hard, W, H);
        assertEquals(1f, soft[30 * W + 30]);
        assertEquals(1f, soft[30 * W + 30 + AnnotationMask.GROW - 1], "the anti-aliased fringe comes back fully");
        float edge = soft[30 * W + 30 + AnnotationMask.GROW + 1];
        assertTrue(edge > 0 && edge < 1, "fades: " + edge);
        assertEquals(0f, soft[30 * W + 30 + AnnotationMask.GROW + 2]);
    }

    @Test
    void fillInReplacesTheMaskedPixelsFromAroundThem() {
        ColorImage ramp = new ColorImage(W, H);
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) set(ramp, x, y, 2 * x, 100, 200 - y);
        ColorImage labelled = new ColorImage(W, H, ramp.data().clone());
        fill(labelled, 30, 20, 20, 6, 255, 255, 255);
        float[] soft = AnnotationMask.soften(AnnotationMask.detect(labelled), W, H);
        ColorImage filled = AnnotationMask.fillIn(labelled, soft);
        assertEquals(100, filled.get(1, 40, 23), 1, "a flat channel stays flat");
        assertEquals(80, filled.get(0, 40, 23), 12, "a ramp is continued across the label");
        assertEquals(labelled.get(0, 5, 5), filled.get(0, 5, 5), "pixels away from the label are kept");
    }

    @Test
    void restorePutsTheSourceBackWhereTheMaskIsOne() {
        ColorImage src = background();
        ColorImage styled = new ColorImage(W, H);
        float[] soft = new float[W * H];
        soft[5] = 1f;
        soft[6] = 0.5f;
        AnnotationMask.restore(styled, src, soft);
        assertEquals(src.get(1, 5, 0), styled.get(1, 5, 0));
        assertEquals(src.get(1, 6, 0) / 2, styled.get(1, 6, 0), 1e-4);
        assertEquals(0f, styled.get(1, 7, 0));
    }
}
