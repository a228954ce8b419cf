package org.styletransfer.gatys;

import org.junit.jupiter.api.Test;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TinyVgg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageOpsTest {

    @Test
    void mirrorReflectsWithoutRepeatingTheEdge() {
        int[] expected = {3, 2, 1, 0, 1, 2, 3, 2, 1};
        for (int i = -3; i <= 5; i++) assertEquals(expected[i + 3], ImageOps.mirror(i, 4), "i=" + i);
        assertEquals(0, ImageOps.mirror(7, 1));
    }

    @Test
    void goingUpALevelKeepsTheStartImagesOwnDetail() {
        ColorImage start = ImageOps.clamped(TinyVgg.style(64, 48, 3));
        ColorImage coarse = start.resize(32, 24);
        // A coarse result that is the start's own downscale comes back as the start: no detail lost.
        assertArrayEquals(start.data(), ImageOps.upsampled(coarse, start, 64, 48).data(), 1e-3f);
        // Without a start (noise), only the coarse result: the stripes' edges are gone.
        float[] plain = ImageOps.upsampled(coarse, null, 64, 48).data();
        assertArrayEquals(coarse.resize(64, 48).data(), plain);
        double lost = 0;
        for (int i = 0; i < plain.length; i++) lost = Math.max(lost, Math.abs(plain[i] - start.data()[i]));
        assertTrue(lost > 50, "largest difference " + lost);
    }

    @Test
    void padThenCropIsIdentity() {
        ColorImage img = TinyVgg.style(13, 7, 3);
        ImageOps.Padding p = ImageOps.Padding.of(13, 7, 8);
        assertEquals(16, p.paddedWidth());
        assertEquals(8, p.paddedHeight());
        float[] padded = ImageOps.pad(img.data(), 3, p);
        assertEquals(3 * 16 * 8, padded.length);
        assertArrayEquals(img.data(), ImageOps.crop(padded, 3, p));
        // Left padding column 0 mirrors column 1 of the original (p.left() = 1).
        assertEquals(img.get(2, 1, 0), padded[2 * 16 * 8 + 0]);
    }

    @Test
    void keepColoursTakesLuminanceFromTheResultAndChromaFromTheContent() {
        ColorImage content = TinyVgg.content(10, 6);
        ColorImage styled = TinyVgg.style(10, 6, 1);
        ColorImage out = ImageOps.keepColours(styled, content);
        int n = 60;
        for (int i = 0; i < n; i++) {
            float[] o = out.data();
            float[] s = styled.data();
            float[] c = content.data();
            assertEquals(ImageOps.luma(s[i], s[n + i], s[2 * n + i]), ImageOps.luma(o[i], o[n + i], o[2 * n + i]), 0.01);
            assertEquals(chromaI(c, i, n), chromaI(o, i, n), 0.01);
            assertEquals(chromaQ(c, i, n), chromaQ(o, i, n), 0.01);
        }
    }

    static double chromaI(float[] d, int i, int n) {
        return 0.596 * d[i] - 0.274 * d[n + i] - 0.322 * d[2 * n + i];
    }

    static double chromaQ(float[] d, int i, int n) {
        return 0.211 * d[i] - 0.523 * d[n + i] + 0.312 * d[2 * n + i];
    }

    @Test
    void levelsStopAboveTheMinimumSize() {
        assertEquals(1, NeuralStylizer.effectiveLevels(40, 40, 3));
        assertEquals(2, NeuralStylizer.effectiveLevels(64, 100, 3));
        assertEquals(3, NeuralStylizer.effectiveLevels(256, 128, 3));
    }
}
