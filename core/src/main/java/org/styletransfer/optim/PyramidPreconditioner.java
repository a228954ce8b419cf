package org.styletransfer.optim;

import java.util.stream.IntStream;

/**
 * Favours the low spatial frequencies of image-shaped vectors (planes of {@code width x height}
 * values, one after the other). The gradient of a VGG loss with respect to the pixels is
 * dominated by fine detail, so steepest descent, and L-BFGS's first steps and the directions its
 * short memory does not cover, barely move the broad layout of colours and shapes; this map
 * gives each octave of a Gaussian pyramid an equal say:
 *
 * <pre>M = sum over k = 0..levels of 4^k (D^T)^k D^k</pre>
 *
 * where D is 2x downsampling with the 5-tap binomial filter (1 4 6 4 1)/16 and zero borders, so
 * that D^T is the matching upsampling. Every term is a product A^T A, so M is symmetric positive
 * definite (the k = 0 term is the identity), and it passes each frequency band below 1/2^k of the
 * sampling rate with a gain of about one per level that reaches it. Applying it costs a few
 * passes over the vector, nothing against a VGG evaluation.
 */
public final class PyramidPreconditioner implements Preconditioner {
    private static final float[] TAPS = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};
    /** Below this many pixels on a side, a level holds too little to be worth another octave. */
    private static final int SMALLEST_SIDE = 4;

    private final int planes;
    private final int width;
    private final int height;
    private final int levels;

    /**
     * @param planes number of planes (3 for an RGB image)
     * @param width  plane width
     * @param height plane height
     * @param levels octaves below full resolution; 0 gives the identity. Levels whose planes would
     *               fall below 4 pixels on a side are left out.
     */
    public PyramidPreconditioner(int planes, int width, int height, int levels) {
        if (planes < 1 || width < 1 || height < 1) throw new IllegalArgumentException("empty planes");
        if (levels < 0) throw new IllegalArgumentException("levels must not be negative");
        this.planes = planes;
        this.width = width;
        this.height = height;
        this.levels = levels;
    }

    /**
     * The map for {@code octaves} octaves below full resolution: {@link Preconditioner#NONE} for 0
     * (plain L-BFGS, with no pass over the planes), a pyramid otherwise.
     */
    public static Preconditioner of(int planes, int width, int height, int octaves) {
        PyramidPreconditioner pyramid = new PyramidPreconditioner(planes, width, height, octaves); // checks them
        return octaves == 0 ? Preconditioner.NONE : pyramid;
    }

    @Override
    public void apply(float[] v, float[] out) {
        int plane = width * height;
        if (v.length != planes * plane || out.length != v.length) {
            throw new IllegalArgumentException("expected " + planes * plane + " values, got " + v.length);
        }
        IntStream.range(0, planes).parallel().forEach(p -> {
            float[] one = new float[plane];
            System.arraycopy(v, p * plane, one, 0, plane);
            System.arraycopy(applyFrom(one, width, height, 0), 0, out, p * plane, plane);
        });
    }

    /** 4^k a + D^T (the same one octave down), which unrolls to the sum above. */
    private float[] applyFrom(float[] a, int w, int h, int k) {
        float[] b = new float[a.length];
        float weight = (float) Math.pow(4, k);
        for (int i = 0; i < a.length; i++) b[i] = weight * a[i];
        if (k < levels && w >= SMALLEST_SIDE && h >= SMALLEST_SIDE) {
            int dw = (w + 1) / 2;
            int dh = (h + 1) / 2;
            addUpsampled(applyFrom(downsample(a, w, h, dw, dh), dw, dh, k + 1), dw, dh, w, h, b);
        }
        return b;
    }

    /** D a: filter and keep every second row and column (output j is centred on input 2j). */
    static float[] downsample(float[] a, int w, int h, int dw, int dh) {
        float[] rows = new float[dw * h];
        for (int y = 0; y < h; y++) downsampleRow(a, y * w, w, rows, y * dw, dw);
        float[] out = new float[dw * dh];
        for (int i = 0; i < dh; i++) {
            for (int o = -2; o <= 2; o++) {
                int y = 2 * i + o;
                if (y < 0 || y >= h) continue;
                float tap = TAPS[o + 2];
                for (int j = 0; j < dw; j++) out[i * dw + j] += tap * rows[y * dw + j];
            }
        }
        return out;
    }

    /**
     * One row of D's horizontal pass. The outputs whose five taps all fall inside the row take a
     * loop without bounds tests (the preconditioner runs twice per L-BFGS iteration over the whole
     * image, so its speed shows in every iteration); the one or two at each end test them.
     */
    private static void downsampleRow(float[] a, int in, int w, float[] rows, int at, int dw) {
        int last = Math.min(dw - 1, (w - 3) / 2); // the last j with 2j + 2 < w
        rows[at] = downsampledAt(a, in, w, 0);
        for (int j = 1; j <= last; j++) {
            int x = in + 2 * j;
            rows[at + j] = TAPS[0] * (a[x - 2] + a[x + 2]) + TAPS[1] * (a[x - 1] + a[x + 1]) + TAPS[2] * a[x];
        }
        for (int j = Math.max(1, last + 1); j < dw; j++) rows[at + j] = downsampledAt(a, in, w, j);
    }

    /** Output j of D's horizontal pass, taps outside the row left out. */
    private static float downsampledAt(float[] a, int in, int w, int j) {
        float s = 0;
        for (int o = -2; o <= 2; o++) {
            int x = 2 * j + o;
            if (x >= 0 && x < w) s += TAPS[o + 2] * a[in + x];
        }
        return s;
    }

    /** out += D^T d: the transpose of {@link #downsample}, column pass then row pass. */
    static void addUpsampled(float[] d, int dw, int dh, int w, int h, float[] out) {
        float[] rows = new float[dw * h];
        for (int i = 0; i < dh; i++) {
            for (int o = -2; o <= 2; o++) {
                int y = 2 * i + o;
                if (y < 0 || y >= h) continue;
                float tap = TAPS[o + 2];
                for (int j = 0; j < dw; j++) rows[y * dw + j] += tap * d[i * dw + j];
            }
        }
        for (int y = 0; y < h; y++) addUpsampledRow(rows, y * dw, dw, out, y * w, w);
    }

    /**
     * One row of D^T's horizontal pass, gathered: output x takes the inputs j with |x - 2j| <= 2,
     * that is j = x/2 - 1, x/2, x/2 + 1 (taps 1, 6, 1) for even x and j = (x-1)/2, (x+1)/2 (taps 4, 4)
     * for odd x. Pairs (2m, 2m + 1) whose inputs all exist take a loop without bounds tests.
     */
    private static void addUpsampledRow(float[] r, int in, int dw, float[] out, int at, int w) {
        int last = Math.min(dw - 2, (w - 2) / 2); // the last m with m + 1 < dw and 2m + 1 < w
        for (int x = 0; x < Math.min(2, w); x++) out[at + x] += upsampledAt(r, in, dw, x);
        for (int m = 1; m <= last; m++) {
            int j = in + m;
            out[at + 2 * m] += TAPS[0] * (r[j - 1] + r[j + 1]) + TAPS[2] * r[j];
            out[at + 2 * m + 1] += TAPS[1] * (r[j] + r[j + 1]);
        }
        for (int x = Math.max(2, 2 * last + 2); x < w; x++) out[at + x] += upsampledAt(r, in, dw, x);
    }

    /** Output x of D^T's horizontal pass, inputs outside the row left out. */
    private static float upsampledAt(float[] r, int in, int dw, int x) {
        float s = 0;
        for (int j = Math.max(0, (x - 1) / 2); j < dw && 2 * j <= x + 2; j++) {
            int o = x - 2 * j;
            if (o >= -2 && o <= 2) s += TAPS[o + 2] * r[in + j];
        }
        return s;
    }
}
