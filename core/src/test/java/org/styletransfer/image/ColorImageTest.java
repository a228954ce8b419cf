package org.styletransfer.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Moving one image towards another by per-pixel weights, and adding another's detail. */
class ColorImageTest {
    @Test
    void towardsMovesEachPixelByItsWeightInEveryChannel() {
        ColorImage a = new ColorImage(2, 1, new float[] {0, 10, 100, 110, 200, 210});
        ColorImage b = new ColorImage(2, 1, new float[] {40, 50, 140, 150, 240, 250});
        assertArrayEquals(new float[] {0, 30, 100, 130, 200, 230}, a.towards(b, new float[] {0, 1}, 0.5).data());
        assertArrayEquals(new float[] {10, 50, 110, 150, 210, 250}, a.towards(b, new float[] {0.25f, 1}, 1).data());
        assertThrows(IllegalArgumentException.class, () -> a.towards(b, new float[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> a.towards(new ColorImage(1, 2), new float[] {1, 1}, 1));
    }

    @Test
    void plusDetailAddsWhatTheBlurredImageLacksAndClamps() {
        ColorImage base = new ColorImage(2, 1, new float[] {100, 250, 10, 10, 0, 0});
        ColorImage sharp = new ColorImage(2, 1, new float[] {90, 200, 30, 30, 5, 5});
        ColorImage blurred = new ColorImage(2, 1, new float[] {80, 180, 20, 40, 5, 5});
        assertArrayEquals(new float[] {110, 255, 20, 0, 0, 0},
            base.plusDetail(sharp, blurred).data(), 1e-6f);
    }
}
