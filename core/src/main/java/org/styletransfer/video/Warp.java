package org.styletransfer.video;

import org.styletransfer.image.ColorImage;

/**
 * Backward warping: the warped image at pixel x is the source sampled (bilinearly) at
 * x + flow(x). With the flow from the current frame to the previous one this moves the previous
 * frame (or its stylised version) onto the current frame's pixel grid.
 */
public final class Warp {
    private Warp() {
    }

    /**
     * The colour image {@code src} pulled along {@code flow}; points outside the source take the
     * nearest edge value (the consistency mask marks them as unusable anyway).
     *
     * @param flow a field on the output's grid, of the source's size
     */
    public static ColorImage backward(ColorImage src, FlowField flow) {
        requireSameSize(src.width(), src.height(), flow);
        int w = src.width();
        int h = src.height();
        int n = w * h;
        float[] s = src.data();
        float[] out = new float[3 * n];
        Rows.parallel(w, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float px = x + flow.u()[i];
                    float py = y + flow.v()[i];
                    for (int c = 0; c < 3; c++) out[c * n + i] = sample(s, c * n, w, h, px, py);
                }
            }
        });
        return new ColorImage(w, h, out);
    }

    /** The grey image {@code src} pulled along {@code flow} (see {@link #backward(ColorImage, FlowField)}). */
    public static GreyImage backward(GreyImage src, FlowField flow) {
        requireSameSize(src.width(), src.height(), flow);
        int w = src.width();
        int h = src.height();
        float[] out = new float[w * h];
        Rows.parallel(w, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    out[i] = sample(src.data(), 0, w, h, x + flow.u()[i], y + flow.v()[i]);
                }
            }
        });
        return new GreyImage(w, h, out);
    }

    private static void requireSameSize(int w, int h, FlowField flow) {
        if (flow.width() != w || flow.height() != h) {
            throw new IllegalArgumentException("flow is " + flow.width() + "x" + flow.height() + ", image " + w + "x" + h);
        }
    }

    /**
     * Bilinear sample of the plane starting at {@code offset} of {@code plane} at (x, y), clamped to
     * the edge.
     */
    static float sample(float[] plane, int offset, int w, int h, float x, float y) {
        float fx = Math.max(0f, Math.min(w - 1f, x));
        float fy = Math.max(0f, Math.min(h - 1f, y));
        int x0 = Math.min((int) fx, w - 2 < 0 ? 0 : w - 2);
        int y0 = Math.min((int) fy, h - 2 < 0 ? 0 : h - 2);
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        float tx = fx - x0;
        float ty = fy - y0;
        int r0 = offset + y0 * w;
        int r1 = offset + y1 * w;
        float top = plane[r0 + x0] + tx * (plane[r0 + x1] - plane[r0 + x0]);
        float bottom = plane[r1 + x0] + tx * (plane[r1 + x1] - plane[r1 + x0]);
        return top + ty * (bottom - top);
    }

    /** True when (x, y) lies inside the image (where a warp samples real pixels, not the clamped edge). */
    static boolean inside(int w, int h, float x, float y) {
        return x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1;
    }
}
