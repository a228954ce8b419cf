package org.styletransfer.optim;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyramidPreconditionerTest {

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    private static float[] applied(Preconditioner m, float[] v) {
        float[] out = new float[v.length];
        m.apply(v, out);
        return out;
    }

    @Test
    void isSymmetricOnOddSizes() {
        Random r = new Random(1);
        PyramidPreconditioner m = new PyramidPreconditioner(3, 37, 23, 5);
        for (int t = 0; t < 5; t++) {
            float[] u = random(r, 3 * 37 * 23);
            float[] v = random(r, 3 * 37 * 23);
            double uMv = dot(u, applied(m, v));
            double vMu = dot(v, applied(m, u));
            assertEquals(uMv, vMu, 1e-4 * Math.abs(uMv) + 1e-3, "u.Mv against v.Mu");
        }
    }

    /**
     * D and D^T against their definition, tap by tap with zero borders, on even and odd sizes and
     * rows too short for the passes' inner loops.
     */
    @Test
    void downsamplingAndItsTransposeFollowTheBinomialFilter() {
        Random r = new Random(3);
        float[] taps = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};
        for (int[] size : new int[][] {{1, 1}, {2, 3}, {3, 2}, {4, 4}, {5, 7}, {8, 6}, {37, 23}, {64, 9}}) {
            int w = size[0];
            int h = size[1];
            int dw = (w + 1) / 2;
            int dh = (h + 1) / 2;
            float[] a = random(r, w * h);
            float[] d = random(r, dw * dh);
            float[] down = new float[dw * dh];
            float[] up = new float[w * h];
            for (int i = 0; i < dh; i++) {
                for (int j = 0; j < dw; j++) {
                    for (int oy = -2; oy <= 2; oy++) {
                        for (int ox = -2; ox <= 2; ox++) {
                            int y = 2 * i + oy;
                            int x = 2 * j + ox;
                            if (y < 0 || y >= h || x < 0 || x >= w) continue;
                            float k = taps[oy + 2] * taps[ox + 2];
                            down[i * dw + j] += k * a[y * w + x];
                            up[y * w + x] += k * d[i * dw + j];
                        }
                    }
                }
            }
            String at = w + "x" + h;
            assertArrayEquals(down, PyramidPreconditioner.downsample(a, w, h, dw, dh), 1e-5f, "D at " + at);
            float[] upsampled = new float[w * h];
            PyramidPreconditioner.addUpsampled(d, dw, dh, w, h, upsampled);
            assertArrayEquals(up, upsampled, 1e-5f, "D^T at " + at);
        }
    }

    @Test
    void neverShrinksAVectorsEnergy() {
        // M = I + a sum of A^T A terms, so v.Mv >= v.v: positive definite, and never below plain L-BFGS.
        Random r = new Random(2);
        PyramidPreconditioner m = new PyramidPreconditioner(2, 32, 32, 4);
        for (int t = 0; t < 5; t++) {
            float[] v = random(r, 2 * 32 * 32);
            assertTrue(dot(v, applied(m, v)) >= dot(v, v) * (1 - 1e-6));
        }
    }

    @Test
    void passesBroadShapesOncePerOctaveAndFineDetailAlmostUnchanged() {
        int w = 128;
        float[] flat = new float[w * w];
        float[] checker = new float[w * w];
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                flat[y * w + x] = 1;
                checker[y * w + x] = (x + y) % 2 == 0 ? 1 : -1;
            }
        }
        PyramidPreconditioner m = new PyramidPreconditioner(1, w, w, 3);
        // Away from the zero borders a constant comes back 1 + 3 times (one per octave).
        assertEquals(4.0, applied(m, flat)[64 * w + 64], 1e-3);
        // The binomial filter removes the finest checkerboard entirely: it is left as it was.
        assertEquals(1.0, applied(m, checker)[64 * w + 64], 1e-4);
    }

    @Test
    void noOctavesIsTheIdentityAndTooSmallPlanesStopTheOctaves() {
        Random r = new Random(3);
        float[] v = random(r, 3 * 9 * 7);
        assertArrayEquals(v, applied(new PyramidPreconditioner(3, 9, 7, 0), v));
        // 9x7 has one octave at 5x4, and no more (4 on a side is the smallest that gets another).
        assertArrayEquals(applied(new PyramidPreconditioner(3, 9, 7, 2), v),
            applied(new PyramidPreconditioner(3, 9, 7, 10), v));
    }

    @Test
    void noOctavesAreThePlainIdentityAndOthersAPyramid() {
        assertSame(Preconditioner.NONE, PyramidPreconditioner.of(3, 9, 7, 0));
        assertTrue(PyramidPreconditioner.of(3, 9, 7, 2) instanceof PyramidPreconditioner);
        assertThrows(IllegalArgumentException.class, () -> PyramidPreconditioner.of(0, 9, 7, 0));
        assertThrows(IllegalArgumentException.class, () -> PyramidPreconditioner.of(3, 9, 7, -1));
    }

    @Test
    void refusesVectorsOfAnotherShape() {
        PyramidPreconditioner m = new PyramidPreconditioner(3, 8, 8, 2);
        assertThrows(IllegalArgumentException.class, () -> m.apply(new float[10], new float[10]));
        assertThrows(IllegalArgumentException.class, () -> new PyramidPreconditioner(3, 8, 8, -1));
    }
}
