package org.styletransfer.fast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TileGridTest {

    @Test
    void tilesCoverTheImageAndWeightsAddUpToOne() {
        for (int[] c : new int[][] {{1000, 700, 256, 64}, {512, 512, 256, 32}, {300, 257, 256, 64}, {3840, 2160, 768, 64}}) {
            TileGrid g = TileGrid.of(c[0], c[1], c[2], c[2], c[3]);
            double[] sum = new double[c[0] * c[1]];
            for (TileGrid.Tile t : g.tiles()) {
                assertTrue(t.x() >= 0 && t.y() >= 0 && t.x() + t.w() <= Math.max(c[0], c[2]) && t.y() + t.h() <= Math.max(c[1], c[2]));
                for (int j = 0; j < t.h() && t.y() + j < c[1]; j++) {
                    for (int i = 0; i < t.w() && t.x() + i < c[0]; i++) sum[(t.y() + j) * c[0] + t.x() + i] += t.weightX(i) * t.weightY(j);
                }
            }
            for (double s : sum) assertTrue(s > 0.0, "every pixel is covered");
            // Two neighbours only (no triple overlap): linear ramps form an exact partition of unity.
            if (g.count() <= 4) for (double s : sum) assertEquals(1.0, s, 1e-5);
        }
    }

    @Test
    void overlapIsAtLeastTheRequestedOne() {
        int[] s = TileGrid.starts(1000, 256, 64, 1);
        for (int i = 1; i < s.length; i++) assertTrue(s[i - 1] + 256 - s[i] >= 64);
        assertEquals(1000 - 256, s[s.length - 1]);
        assertArrayEquals(new int[] {0}, TileGrid.starts(200, 256, 64, 1));
    }

    @Test
    void alignedStartsAreMultiplesAndCoverThePaddedLength() {
        int[] s = TileGrid.starts(1001, 192, 64, 4);
        for (int i = 0; i < s.length; i++) assertEquals(0, s[i] % 4);
        for (int i = 1; i < s.length; i++) assertTrue(s[i - 1] + 192 - s[i] >= 64);
        assertTrue(s[s.length - 1] + 192 >= 1001);
    }

    @Test
    void reflectMirrorsWithoutRepeatingTheEdge() {
        assertEquals(1, StyleNetwork.reflect(-1, 5));
        assertEquals(3, StyleNetwork.reflect(5, 5));
        assertEquals(0, StyleNetwork.reflect(8, 5));
        assertEquals(0, StyleNetwork.reflect(7, 1));
        for (int i = -50; i < 50; i++) {
            int r = StyleNetwork.reflect(i, 3);
            assertTrue(r >= 0 && r < 3);
        }
    }
}
