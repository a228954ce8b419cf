package org.styletransfer.gatys;

import org.styletransfer.image.ColorImage;

import java.util.SplittableRandom;

/** Pixel operations the optimisation needs around the network: padding, cropping, masks, colour. */
public final class ImageOps {
    private ImageOps() {
    }

    /** Placement of an image inside a padded canvas. */
    record Padding(int width, int height, int left, int top, int paddedWidth, int paddedHeight) {
        /** Pads (width, height) up to multiples of {@code multiple}, the extra split between both sides. */
        static Padding of(int width, int height, int multiple) {
            int pw = roundUp(width, multiple);
            int ph = roundUp(height, multiple);
            return new Padding(width, height, (pw - width) / 2, (ph - height) / 2, pw, ph);
        }

        private static int roundUp(int v, int multiple) {
            return (v + multiple - 1) / multiple * multiple;
        }
    }

    /**
     * Reflect padding (edge pixel not repeated), which keeps the statistics near the border close
     * to the image's own; zero padding would add dark edges to the style Gram matrices.
     */
    static float[] pad(float[] planes, int channels, Padding p) {
        int w = p.width();
        int h = p.height();
        int pw = p.paddedWidth();
        int ph = p.paddedHeight();
        float[] out = new float[channels * pw * ph];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < ph; y++) {
                int sy = mirror(y - p.top(), h);
                int src = (c * h + sy) * w;
                int dst = (c * ph + y) * pw;
                for (int x = 0; x < pw; x++) out[dst + x] = planes[src + mirror(x - p.left(), w)];
            }
        }
        return out;
    }

    /** The inverse of {@link #pad}: the original region of a padded set of planes. */
    static float[] crop(float[] padded, int channels, Padding p) {
        int w = p.width();
        int h = p.height();
        float[] out = new float[channels * w * h];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int src = (c * p.paddedHeight() + y + p.top()) * p.paddedWidth() + p.left();
                System.arraycopy(padded, src, out, (c * h + y) * w, w);
            }
        }
        return out;
    }

    /** Reflects an index into [0, n), for any overshoot (tiny images may need several bounces). */
    static int mirror(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Bilinear resize of a single-channel plane (via the colour image resampler). */
    static float[] resizePlane(float[] plane, int w, int h, int nw, int nh) {
        if (w == nw && h == nh) return plane.clone();
        float[] rgb = new float[3 * w * h];
        System.arraycopy(plane, 0, rgb, 0, w * h);
        float[] r = new ColorImage(w, h, rgb).resize(nw, nh).data();
        float[] out = new float[nw * nh];
        System.arraycopy(r, 0, out, 0, out.length);
        return out;
    }

    /** White noise, uniform over 0..255, from the seed alone. */
    static ColorImage noise(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[3 * w * h];
        for (int i = 0; i < d.length; i++) d[i] = (float) (255 * r.nextDouble());
        return new ColorImage(w, h, d);
    }

    /**
     * A coarse level's result at the next level's size, plus the start image's own detail finer
     * than the coarse level ({@code start} null, as for noise: none). The coarse level settles
     * colours and layout, and a blurred start is slow for L-BFGS to sharpen (time-to-quality
     * benchmark at 256x256: 340 instead of 431 full-size evaluations to the same loss from the
     * content with 2 levels; 154 instead of 184 from a fast style network's output with 3 levels).
     * A coarse result that is the start's own downscale comes back as the start.
     */
    static ColorImage upsampled(ColorImage coarse, ColorImage start, int w, int h) {
        ColorImage up = coarse.resize(w, h);
        if (start == null) return up;
        ColorImage sharp = start.resize(w, h);
        return up.plusDetail(sharp, sharp.resize(coarse.width(), coarse.height()).resize(w, h));
    }

    /** A copy with every value clamped to 0..255. */
    static ColorImage clamped(ColorImage img) {
        float[] d = img.data().clone();
        for (int i = 0; i < d.length; i++) d[i] = Math.max(0f, Math.min(255f, d[i]));
        return new ColorImage(img.width(), img.height(), d);
    }

    /**
     * Luminance of {@code styled} with the chrominance of {@code content} (YIQ): the colour-
     * preserving variant of Gatys et al. 2016, where only the light and dark pattern of the style
     * is transferred.
     */
    public static ColorImage keepColours(ColorImage styled, ColorImage content) {
        ColorImage c = content.width() == styled.width() && content.height() == styled.height()
            ? content : content.resize(styled.width(), styled.height());
        int n = styled.width() * styled.height();
        float[] s = styled.data();
        float[] k = c.data();
        float[] out = new float[3 * n];
        double[][] m = RGB_TO_YIQ;
        double[][] inv = YIQ_TO_RGB;
        for (int i = 0; i < n; i++) {
            double y = m[0][0] * s[i] + m[0][1] * s[n + i] + m[0][2] * s[2 * n + i];
            double ci = m[1][0] * k[i] + m[1][1] * k[n + i] + m[1][2] * k[2 * n + i];
            double cq = m[2][0] * k[i] + m[2][1] * k[n + i] + m[2][2] * k[2 * n + i];
            for (int ch = 0; ch < 3; ch++) out[ch * n + i] = (float) (inv[ch][0] * y + inv[ch][1] * ci + inv[ch][2] * cq);
        }
        return new ColorImage(styled.width(), styled.height(), out);
    }

    /** RGB to YIQ (FCC NTSC coefficients). */
    private static final double[][] RGB_TO_YIQ = {
        {0.299, 0.587, 0.114},
        {0.596, -0.274, -0.322},
        {0.211, -0.523, 0.312}};
    /** The exact inverse, so that a round trip changes nothing (the rounded textbook inverse is off by ~0.1%). */
    private static final double[][] YIQ_TO_RGB = invert(RGB_TO_YIQ);

    /** Inverse of a 3x3 matrix by cofactors. */
    static double[][] invert(double[][] a) {
        double[][] inv = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                // Cofactor of a[c][r] (transposed: adjugate).
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                inv[r][c] = a[r1][c1] * a[r2][c2] - a[r1][c2] * a[r2][c1];
            }
        }
        double det = a[0][0] * inv[0][0] + a[0][1] * inv[1][0] + a[0][2] * inv[2][0];
        for (double[] row : inv) for (int c = 0; c < 3; c++) row[c] /= det;
        return inv;
    }

    /** Rec. 601 luma, the Y of YIQ. */
    static double luma(double r, double g, double b) {
        return 0.299 * r + 0.587 * g + 0.114 * b;
    }
}
