package org.styletransfer.video;

/**
 * Dense optical flow by pyramidal, iterative Lucas–Kanade with warping.
 *
 * <p>For every pixel the displacement is the least-squares solution over a square window of the
 * linearised brightness constancy equation. Coarse pyramid levels catch motions larger than the
 * window; at each level a few Gauss–Newton iterations re-warp the second frame by the current
 * estimate, so that the final linearisation is made where the frames already almost agree (that
 * is what makes sub-pixel accuracy possible). A 3x3 median filter after each level removes the
 * isolated outliers the per-pixel solves produce at occlusions and in flat areas.
 *
 * <p>Every pass is a separable box filter or a per-pixel loop, parallel over bands of rows;
 * 512x512 takes well under half a second on two cores. Instances are immutable and thread-safe.
 */
public final class OpticalFlow {
    /** Coarsest levels are not made smaller than this (shorter side): the window needs context. */
    private static final int MIN_LEVEL_SIZE = 16;
    /** Largest update of one iteration, in pixels of the level: the linearisation is valid for about one pixel. */
    private static final float MAX_STEP = 1.5f;

    /**
     * Tuning of the flow.
     *
     * @param levels         pyramid levels at most (each halves the size; 4 covers motions up to ~40 px)
     * @param windowRadius   half the window edge; the window is 2r+1 pixels square
     * @param iterations     warping iterations per level
     * @param regularisation added to the diagonal of each window's structure tensor (grey levels
     *                       squared): keeps flat, textureless windows from producing wild vectors
     * @param median         3x3 median filter of the field after each level
     */
    public record Options(int levels, int windowRadius, int iterations, double regularisation, boolean median) {
        public Options {
            if (levels < 1) throw new IllegalArgumentException("levels must be at least 1");
            if (windowRadius < 1) throw new IllegalArgumentException("window radius must be at least 1");
            if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1");
            if (regularisation < 0) throw new IllegalArgumentException("regularisation must not be negative");
        }

        /**
         * 4 levels, 7x7 window (radius 3), 5 iterations, regularisation 1, median filter on. Larger
         * windows smear an object's motion further over its surroundings, and those pixels then fail
         * the consistency check: on the test scenes 7x7 keeps the most pixels usable.
         */
        public static Options defaults() {
            return new Options(4, 3, 5, 1.0, true);
        }
    }

    private final Options options;

    /** With {@link Options#defaults()}. */
    public OpticalFlow() {
        this(Options.defaults());
    }

    public OpticalFlow(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /**
     * The flow from {@code from} to {@code to}: a field on {@code from}'s grid such that
     * to(x + f(x)) ≈ from(x). So {@code compute(current, previous)} is the field that
     * {@link Warp#backward} needs to move the previous frame onto the current one.
     */
    public FlowField compute(GreyImage from, GreyImage to) {
        if (from.width() != to.width() || from.height() != to.height()) {
            throw new IllegalArgumentException("frames differ in size: " + from.width() + "x" + from.height()
                + " and " + to.width() + "x" + to.height());
        }
        int levels = levelCount(from.width(), from.height());
        GreyImage[] a = pyramid(from, levels);
        GreyImage[] b = pyramid(to, levels);
        FlowField flow = null;
        for (int l = levels - 1; l >= 0; l--) {
            flow = flow == null ? new FlowField(a[l].width(), a[l].height())
                : upsample(flow, a[l].width(), a[l].height());
            refine(a[l], b[l], flow);
            if (options.median()) flow = median(flow);
        }
        return flow;
    }

    private int levelCount(int w, int h) {
        int n = 1;
        while (n < options.levels() && (Math.min(w, h) >> n) >= MIN_LEVEL_SIZE) n++;
        return n;
    }

    // ---- pyramid -------------------------------------------------------------------------------

    private static GreyImage[] pyramid(GreyImage base, int levels) {
        GreyImage[] p = new GreyImage[levels];
        p[0] = base;
        for (int l = 1; l < levels; l++) p[l] = downsample(p[l - 1]);
        return p;
    }

    /** Blur with the binomial [1 4 6 4 1]/16 (against aliasing), then keep every second pixel. */
    static GreyImage downsample(GreyImage img) {
        int w = img.width();
        int h = img.height();
        int nw = (w + 1) / 2;
        int nh = (h + 1) / 2;
        float[] src = img.data();
        float[] rows = new float[nw * h];
        Rows.parallel(nw, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int r = y * w;
                for (int x = 0; x < nw; x++) {
                    int cx = 2 * x;
                    rows[y * nw + x] = (src[r + clamp(cx - 2, w)] + 4 * src[r + clamp(cx - 1, w)] + 6 * src[r + cx]
                        + 4 * src[r + clamp(cx + 1, w)] + src[r + clamp(cx + 2, w)]) / 16f;
                }
            }
        });
        float[] out = new float[nw * nh];
        Rows.parallel(nw, nh, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int cy = 2 * y;
                int r0 = clamp(cy - 2, h) * nw;
                int r1 = clamp(cy - 1, h) * nw;
                int r2 = cy * nw;
                int r3 = clamp(cy + 1, h) * nw;
                int r4 = clamp(cy + 2, h) * nw;
                for (int x = 0; x < nw; x++) {
                    out[y * nw + x] = (rows[r0 + x] + 4 * rows[r1 + x] + 6 * rows[r2 + x] + 4 * rows[r3 + x]
                        + rows[r4 + x]) / 16f;
                }
            }
        });
        return new GreyImage(nw, nh, out);
    }

    /** The field of a coarser level on a finer grid: resampled, and its vectors scaled by the size ratio. */
    static FlowField upsample(FlowField coarse, int w, int h) {
        int cw = coarse.width();
        int ch = coarse.height();
        float sx = (float) cw / w;
        float sy = (float) ch / h;
        FlowField out = new FlowField(w, h);
        Rows.parallel(w, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                float fy = (y + 0.5f) * sy - 0.5f;
                for (int x = 0; x < w; x++) {
                    float fx = (x + 0.5f) * sx - 0.5f;
                    int i = y * w + x;
                    out.u()[i] = Warp.sample(coarse.u(), 0, cw, ch, fx, fy) / sx;
                    out.v()[i] = Warp.sample(coarse.v(), 0, cw, ch, fx, fy) / sy;
                }
            }
        });
        return out;
    }

    // ---- Lucas–Kanade at one level -------------------------------------------------------------

    /** Improves {@code flow} (in place) by the configured number of warping iterations. */
    private void refine(GreyImage from, GreyImage to, FlowField flow) {
        int w = from.width();
        int h = from.height();
        int n = w * h;
        float[] gx0 = new float[n];
        float[] gy0 = new float[n];
        gradients(from, gx0, gy0);
        float[] gx1 = new float[n];
        float[] gy1 = new float[n];
        gradients(to, gx1, gy1);
        // The five window sums of the normal equations, as planes: xx, xy, yy, xt, yt.
        float[][] terms = new float[5][n];
        float[][] scratch = new float[5][n];
        for (int it = 0; it < options.iterations(); it++) {
            products(from, to, gx0, gy0, gx1, gy1, flow, terms);
            for (int k = 0; k < 5; k++) BoxFilter.mean(terms[k], scratch[k], w, h, options.windowRadius());
            solve(terms, flow);
        }
    }

    /** Central-difference gradients (one-sided at the border). */
    private static void gradients(GreyImage img, float[] gx, float[] gy) {
        int w = img.width();
        int h = img.height();
        float[] d = img.data();
        Rows.parallel(w, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int up = Math.max(0, y - 1) * w;
                int down = Math.min(h - 1, y + 1) * w;
                float sy = (down - up) / (float) w;
                for (int x = 0; x < w; x++) {
                    int left = Math.max(0, x - 1);
                    int right = Math.min(w - 1, x + 1);
                    int i = y * w + x;
                    gx[i] = right == left ? 0 : (d[y * w + right] - d[y * w + left]) / (right - left);
                    gy[i] = sy == 0 ? 0 : (d[down + x] - d[up + x]) / sy;
                }
            }
        });
    }

    /**
     * Per pixel q, the products that the windows sum. Each pixel's equation is linearised at its
     * own flow f(q): g·f_new = g·f(q) - dt. Summing that (rather than the increment g·d = -dt) over
     * a window lets the window's centre solve for its absolute flow, a weighted average of its
     * neighbours' evidence; with increments, flows near a motion boundary feed each other's
     * residuals and run away over the iterations. The gradient g is the mean of the first frame's
     * and the warped second frame's (a symmetric linearisation, which converges in fewer
     * iterations than either alone); dt is warped second minus first.
     */
    private static void products(GreyImage from, GreyImage to, float[] gx0, float[] gy0, float[] gx1, float[] gy1,
                                 FlowField flow, float[][] t) {
        int w = from.width();
        int h = from.height();
        float[] a = from.data();
        float[] b = to.data();
        Rows.parallel(w, h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float px = x + flow.u()[i];
                    float py = y + flow.v()[i];
                    float gx = 0.5f * (gx0[i] + Warp.sample(gx1, 0, w, h, px, py));
                    float gy = 0.5f * (gy0[i] + Warp.sample(gy1, 0, w, h, px, py));
                    float dt = Warp.sample(b, 0, w, h, px, py) - a[i];
                    float rhs = gx * flow.u()[i] + gy * flow.v()[i] - dt;
                    t[0][i] = gx * gx;
                    t[1][i] = gx * gy;
                    t[2][i] = gy * gy;
                    t[3][i] = gx * rhs;
                    t[4][i] = gy * rhs;
                }
            }
        });
    }

    /**
     * Solves each pixel's 2x2 system (A + lambda I) f_new = b + lambda f_old, the regulariser
     * pulling towards the current estimate, so flat windows keep what coarser levels found; the
     * change is limited to {@link #MAX_STEP}.
     */
    private void solve(float[][] t, FlowField flow) {
        int w = flow.width();
        int h = flow.height();
        float lambda = (float) options.regularisation();
        Rows.parallel(w, h, (y0, y1) -> {
            for (int i = y0 * w; i < y1 * w; i++) {
                float a = t[0][i] + lambda;
                float b = t[1][i];
                float c = t[2][i] + lambda;
                float det = a * c - b * b;
                if (!(det > 1e-9f)) continue;
                float u0 = flow.u()[i];
                float v0 = flow.v()[i];
                float ru = t[3][i] + lambda * u0;
                float rv = t[4][i] + lambda * v0;
                float du = (c * ru - b * rv) / det - u0;
                float dv = (a * rv - b * ru) / det - v0;
                float len = (float) Math.sqrt(du * du + dv * dv);
                if (len > MAX_STEP) {
                    du *= MAX_STEP / len;
                    dv *= MAX_STEP / len;
                }
                flow.u()[i] += du;
                flow.v()[i] += dv;
            }
        });
    }

    // ---- median ----------------------------------------------------------------------------------

    /** 3x3 median of each component (edge pixels use the clamped neighbourhood). */
    static FlowField median(FlowField f) {
        int w = f.width();
        int h = f.height();
        FlowField out = new FlowField(w, h);
        Rows.parallel(w, h, (y0, y1) -> {
            float[] win = new float[9];
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    out.u()[y * w + x] = median9(f.u(), w, h, x, y, win);
                    out.v()[y * w + x] = median9(f.v(), w, h, x, y, win);
                }
            }
        });
        return out;
    }

    private static float median9(float[] p, int w, int h, int x, int y, float[] win) {
        int k = 0;
        for (int dy = -1; dy <= 1; dy++) {
            int r = clamp(y + dy, h) * w;
            for (int dx = -1; dx <= 1; dx++) win[k++] = p[r + clamp(x + dx, w)];
        }
        // Insertion sort: nine values, cheaper than any general-purpose sort's setup.
        for (int i = 1; i < 9; i++) {
            float v = win[i];
            int j = i - 1;
            while (j >= 0 && win[j] > v) {
                win[j + 1] = win[j];
                j--;
            }
            win[j + 1] = v;
        }
        return win[4];
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }
}
