package org.styletransfer.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionTest {
    @Test
    void growAddsTheMarginClipsToTheImageAndAlignsTheCorner() {
        Region r = new Region(21, 30, 10, 5);
        assertEquals(new Region(13, 22, 26, 21), r.grow(8, 1, 100, 100));
        // Corner onto a multiple of 4, so that a stride-4 network samples the whole image's grid.
        assertEquals(new Region(12, 20, 27, 23), r.grow(8, 4, 100, 100));
        assertEquals(new Region(0, 0, 35, 40), r.grow(40, 4, 35, 40));
        assertEquals(new Region(6, 20, 10, 5), r.within(new Region(15, 10, 30, 30)));
    }

    @Test
    void cropAndPasteCopyTheRegionOnly() {
        ColorImage img = new ColorImage(5, 4);
        for (int i = 0; i < img.data().length; i++) img.data()[i] = i;
        Region r = new Region(1, 2, 3, 2);
        ColorImage part = img.crop(r);
        assertEquals(img.get(2, 1, 2), part.get(2, 0, 0));
        assertEquals(img.get(0, 3, 3), part.get(0, 2, 1));
        float[] before = img.data().clone();
        ColorImage pasted = img.paste(new ColorImage(3, 2), r);
        assertArrayEquals(before, img.data(), "paste copies");
        assertEquals(0f, pasted.get(1, 2, 3));
        assertEquals(img.get(1, 0, 3), pasted.get(1, 0, 3));
        assertTrue(Region.all(5, 4).covers(img));
        assertFalse(r.covers(img));
    }
}
