package org.styletransfer.video;

/** Separable moving-average (box) filter with replicated edges: O(1) per pixel for any radius. */
final class BoxFilter {
    private BoxFilter() {
    }

    /**
     * Replaces {@code plane} by its mean over the (2r+1)x(2r+1) window around each pixel.
     *
     * @param scratch a work array of the plane's length (its contents are overwritten)
     */
    static void mean(float[] plane, float[] scratch, int w, int h, int r) {
        float norm = 1f / ((2 * r + 1) * (2 * r + 1));
        Rows.parallel(w, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) horizontal(plane, scratch, y * w, w, r);
        });
        Rows.parallel(w, h, (y0, y1) -> vertical(scratch, plane, w, h, r, y0, y1, norm));
    }

    /** Running sum along one row. */
    private static void horizontal(float[] src, float[] dst, int row, int w, int r) {
        float sum = 0;
        for (int x = -r; x <= r; x++) sum += src[row + clamp(x, w)];
        for (int x = 0; x < w; x++) {
            dst[row + x] = sum;
            sum += src[row + clamp(x + r + 1, w)] - src[row + clamp(x - r, w)];
        }
    }

    /** Running sums down the columns for output rows [y0, y1); a band starts its own sums. */
    private static void vertical(float[] src, float[] dst, int w, int h, int r, int y0, int y1, float norm) {
        if (y0 >= y1) return;
        // Double accumulators: float running sums drift over hundreds of rows of add-and-subtract.
        double[] acc = new double[w];
        for (int y = y0 - r; y <= y0 + r; y++) {
            int row = clamp(y, h) * w;
            for (int x = 0; x < w; x++) acc[x] += src[row + x];
        }
        for (int y = y0; y < y1; y++) {
            int out = y * w;
            int add = clamp(y + r + 1, h) * w;
            int sub = clamp(y - r, h) * w;
            for (int x = 0; x < w; x++) {
                dst[out + x] = (float) (acc[x] * norm);
                acc[x] += src[add + x] - src[sub + x];
            }
        }
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }
}
