package org.styletransfer.video;

/**
 * Per-pixel trust in a warp from the previous frame to the current one, in [0, 1]: 1 where the
 * previous frame's pixel is the same scene point, 0 where it is not (disoccluded behind a moving
 * object, moved in from outside the frame, or the flow is simply wrong).
 *
 * <p>Three checks, multiplied (the first and third as in Ruder et al. 2016):
 * <ul>
 *   <li>forward–backward: following the backward flow and then the forward flow must come back to
 *       the start, |b(x) + f(x + b(x))| small relative to the motion;</li>
 *   <li>brightness: the warped previous frame must look like the current one, which catches flows
 *       that are consistent but wrong;</li>
 *   <li>motion boundaries: where the flow changes fast, |grad b|² large relative to |b|². Window-
 *       based flow smears an object's motion a few pixels beyond its edge, over the background it
 *       uncovers, and there the two flows agree with each other, so the first check misses it.</li>
 * </ul>
 * All fall off linearly rather than switching, so that blends along the mask show no hard seams.
 * The product is then eroded (3x3 minimum): failures come in thin bands along object edges whose
 * immediate neighbours are rarely much better, and a pixel of false trust shows as a ghost.
 */
public final class Consistency {

    /**
     * Thresholds of the two checks.
     *
     * @param relative     forward–backward: squared round-trip error allowed per squared motion
     * @param absolute     forward–backward: squared round-trip error always allowed (pixels²)
     * @param colourFull   brightness: luminance difference (0..255) still fully trusted
     * @param colourZero   brightness: luminance difference at which trust reaches 0
     * @param boundaryRelative motion boundary: squared flow gradient allowed per squared motion
     * @param boundaryAbsolute motion boundary: squared flow gradient always allowed (per pixel²)
     */
    public record Options(double relative, double absolute, double colourFull, double colourZero,
                          double boundaryRelative, double boundaryAbsolute) {
        public Options {
            if (relative < 0 || absolute <= 0) throw new IllegalArgumentException("thresholds must be positive");
            if (boundaryRelative < 0 || boundaryAbsolute <= 0) {
                throw new IllegalArgumentException("motion boundary thresholds must be positive");
            }
            if (!(colourZero > colourFull) || colourFull < 0) {
                throw new IllegalArgumentException("need 0 <= colourFull < colourZero");
            }
        }

        /**
         * Round trip within 0.01 |motion|² + 0.5 px² (Ruder et al.); flow gradient within
         * 0.05 |motion|² + 0.002 (five times Ruder et al.'s, whose flows have sharper edges than
         * window-based ones); trust falling to 0 at twice those. Full trust up to 8 grey levels of
         * luminance difference, none from 24.
         */
        public static Options defaults() {
            return new Options(0.01, 0.5, 8, 24, 0.05, 0.002);
        }
    }

    private Consistency() {
    }

    /**
     * The weights for the current frame's pixels.
     *
     * @param backward flow current to previous, on the current grid
     * @param forward  flow previous to current, on the previous grid
     * @param current  the current content frame (luminance)
     * @param previous the previous content frame (luminance)
     * @return width*height weights in [0, 1], row-major
     */
    public static float[] weights(FlowField backward, FlowField forward, GreyImage current, GreyImage previous,
                                  Options o) {
        int w = backward.width();
        int h = backward.height();
        float[] c = new float[w * h];
        Rows.parallel(w, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) c[y * w + x] = weight(backward, forward, current, previous, o, x, y);
            }
        });
        return erode(c, w, h);
    }

    /** 3x3 minimum filter (edges use the clamped neighbourhood). */
    static float[] erode(float[] c, int w, int h) {
        float[] out = new float[c.length];
        Rows.parallel(w, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int up = Math.max(0, y - 1) * w;
                int row = y * w;
                int down = Math.min(h - 1, y + 1) * w;
                for (int x = 0; x < w; x++) {
                    int l = Math.max(0, x - 1);
                    int r = Math.min(w - 1, x + 1);
                    float m = Math.min(Math.min(c[up + l], c[up + x]), c[up + r]);
                    m = Math.min(m, Math.min(Math.min(c[row + l], c[row + x]), c[row + r]));
                    out[row + x] = Math.min(m, Math.min(Math.min(c[down + l], c[down + x]), c[down + r]));
                }
            }
        });
        return out;
    }

    private static float weight(FlowField b, FlowField f, GreyImage cur, GreyImage prev, Options o, int x, int y) {
        int w = b.width();
        int h = b.height();
        int i = y * w + x;
        float bu = b.u()[i];
        float bv = b.v()[i];
        float px = x + bu;
        float py = y + bv;
        if (!Warp.inside(w, h, px, py)) return 0f;
        float fu = Warp.sample(f.u(), 0, w, h, px, py);
        float fv = Warp.sample(f.v(), 0, w, h, px, py);
        double err = sq(bu + fu) + sq(bv + fv);
        double allowed = o.relative() * (sq(bu) + sq(bv) + sq(fu) + sq(fv)) + o.absolute();
        double roundTrip = clamp01(2 - err / allowed);
        if (roundTrip == 0) return 0f;
        double diff = Math.abs(cur.data()[i] - Warp.sample(prev.data(), 0, w, h, px, py));
        double colour = clamp01((o.colourZero() - diff) / (o.colourZero() - o.colourFull()));
        double gradient = squaredGradient(b.u(), w, h, x, y) + squaredGradient(b.v(), w, h, x, y);
        double boundary = clamp01(2 - gradient / (o.boundaryRelative() * (sq(bu) + sq(bv)) + o.boundaryAbsolute()));
        return (float) (roundTrip * colour * boundary);
    }

    /** |grad p|² at (x, y) by central differences (one-sided at the border). */
    private static double squaredGradient(float[] p, int w, int h, int x, int y) {
        int l = Math.max(0, x - 1);
        int r = Math.min(w - 1, x + 1);
        int u = Math.max(0, y - 1);
        int d = Math.min(h - 1, y + 1);
        double gx = r == l ? 0 : (p[y * w + r] - p[y * w + l]) / (double) (r - l);
        double gy = d == u ? 0 : (p[d * w + x] - p[u * w + x]) / (double) (d - u);
        return gx * gx + gy * gy;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : Math.min(1, v);
    }
}
