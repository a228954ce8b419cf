package org.styletransfer.image;

/**
 * Finds annotations burned into a picture (text, scale bars, panel letters, arrows, thin lines)
 * and turns them into a soft mask through which they can be put back after stylisation.
 *
 * <p>What counts as an annotation: thin structures of an extreme colour. A pixel is extreme when
 * each of its channels is at least {@value #NEAR_HIGH} or at most {@value #NEAR_LOW} of 0..255:
 * white, black, or one of the six saturated colours (red, yellow, green, cyan, blue, magenta), which
 * is how figure tools draw labels. Each of these eight colours is looked at on its own; its
 * pixels are thin where a morphological opening with a square of {@value #THIN_WIDTH} pixels
 * removes them (a white background, a saturated blob of the specimen survive the opening and are
 * no annotation). The anti-aliased edges of text are not pure: a thin structure is taken with its
 * extreme pixels when it holds a nearly pure one ({@link #PURE_DEVIATION})
 * (hysteresis) and stands out from its surroundings by {@value #MIN_CONTRAST} grey levels; specks
 * of fewer than {@value #MIN_PIXELS} pixels, light parts of the picture that touch no pure pixel
 * and dark parts of a dark picture are not.</p>
 *
 * <p>The mask is made soft ({@link #soften}) so that the anti-aliased fringe of text comes back
 * too and no hard seam shows: the annotation and a ring of {@value #GROW} pixels around it take
 * the source fully, the next pixels fade to the stylised result.</p>
 */
public final class AnnotationMask {
    /**
     * Greatest distance from pure white, black or a saturated colour, in grey levels summed over
     * the three channels, of a pixel that makes a thin structure an annotation.
     */
    public static final float PURE_DEVIATION = 90f;
    /** Structures thinner than this (text strokes, scale bars up to this minus one pixel) are annotations. */
    public static final int THIN_WIDTH = 11;
    /**
     * Channel values of an annotation's anti-aliased edge: a thin structure of such values counts
     * when it holds a nearly pure pixel ({@link #PURE_DEVIATION}).
     */
    public static final float NEAR_HIGH = 200f;
    /** See {@link #NEAR_HIGH}. */
    public static final float NEAR_LOW = 55f;
    /**
     * Least difference, in grey levels of 0..255 averaged over the channels, between the mean colour
     * of an annotation and that of its surroundings: a dark crevice of a dark picture is no black label.
     */
    public static final float MIN_CONTRAST = 50f;
    /** Width of the surroundings that {@link #MIN_CONTRAST} compares with. */
    static final int RING = 3;
    /** A thin structure of fewer pixels than this is noise. */
    public static final int MIN_PIXELS = 3;
    /** Pixels around the annotation that come back from the source fully (its anti-aliased fringe). */
    public static final int GROW = 2;

    private AnnotationMask() {
    }

    /**
     * The annotation pixels of {@code img} (0..255 RGB), row by row: true for each pixel of a thin
     * structure of an extreme colour (see the class comment).
     */
    public static boolean[] detect(ColorImage img) {
        int[] colour = extremeColours(img, NEAR_HIGH, NEAR_LOW);
        boolean[] pure = pure(img, colour);
        boolean[] thin = thin(colour, pure, img.width(), img.height());
        return seeded(img, thin, colour, pure);
    }

    /**
     * The pixels of each extreme colour that an opening with a square of {@value #THIN_WIDTH}
     * pixels removes; colours without a nearly pure pixel are skipped.
     */
    private static boolean[] thin(int[] colour, boolean[] pure, int w, int h) {
        boolean[] thin = new boolean[w * h];
        for (int c = 0; c < 8; c++) {
            boolean[] candidate = new boolean[w * h];
            boolean any = false;
            for (int i = 0; i < candidate.length; i++) {
                candidate[i] = colour[i] == c;
                any |= candidate[i] && pure[i];
            }
            if (!any) continue;
            boolean[] open = dilate(erode(candidate, w, h, THIN_WIDTH / 2), w, h, THIN_WIDTH / 2);
            for (int i = 0; i < candidate.length; i++) thin[i] |= candidate[i] && !open[i];
        }
        return thin;
    }

    /**
     * Per pixel, true when it is within {@value #PURE_DEVIATION} grey levels (summed over the
     * channels) of the pure colour of its class in {@code colour}: anti-aliased text, which ImageJ
     * and Java draw with colour fringes, has such pixels in nearly every letter.
     */
    private static boolean[] pure(ColorImage img, int[] colour) {
        int n = colour.length;
        float[] d = img.data();
        boolean[] pure = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (colour[i] < 0) continue;
            float deviation = 0;
            for (int c = 0; c < 3; c++) {
                float v = d[c * n + i];
                deviation += (colour[i] & (4 >> c)) != 0 ? 255 - v : v;
            }
            pure[i] = deviation <= PURE_DEVIATION;
        }
        return pure;
    }

    /**
     * Per pixel, which of the eight extreme colours it is (bit 2 red, bit 1 green, bit 0 blue set
     * for a channel at least {@code high}, clear for one at most {@code low}: 0 black, 7 white), or
     * -1 for a pixel that is none.
     */
    private static int[] extremeColours(ColorImage img, float high, float low) {
        int n = img.width() * img.height();
        float[] d = img.data();
        int[] colour = new int[n];
        for (int i = 0; i < n; i++) {
            int code = 0;
            for (int c = 0; c < 3; c++) {
                float v = d[c * n + i];
                if (v >= high) {
                    code |= 4 >> c;
                } else if (v > low) {
                    code = -1;
                    break;
                }
            }
            colour[i] = code;
        }
        return colour;
    }

    /**
     * The soft mask of {@code hard} ({@code w x h}): 1 on the annotation and {@value #GROW} pixels
     * around it, fading to 0 over the next pixels (a 3x3 average of the grown mask).
     */
    public static float[] soften(boolean[] hard, int w, int h) {
        boolean[] grown = dilate(hard, w, h, GROW);
        float[] soft = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int in = 0;
                int all = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        // Outside the image counts as the nearest pixel inside: no fading at the border.
                        xx = Math.max(0, Math.min(w - 1, xx));
                        yy = Math.max(0, Math.min(h - 1, yy));
                        all++;
                        if (grown[yy * w + xx]) in++;
                    }
                }
                soft[y * w + x] = in / (float) all;
            }
        }
        return soft;
    }

    /**
     * {@code img} with what lies under {@code soft} (1 = annotation) filled in smoothly from the
     * pixels around it (push-pull: weighted averages down a pyramid, blended back up), so that an
     * optimisation's content and style statistics see the picture without its labels. Pixels of
     * mask 0 keep their values; a new image is returned.
     */
    public static ColorImage fillIn(ColorImage img, float[] soft) {
        int w = img.width();
        int h = img.height();
        int n = w * h;
        float[] known = new float[n];
        for (int i = 0; i < n; i++) known[i] = 1f - soft[i];
        float[] out = img.data().clone();
        for (int c = 0; c < 3; c++) {
            float[] channel = java.util.Arrays.copyOfRange(out, c * n, (c + 1) * n);
            float[] filled = pushPull(channel, known, w, h);
            for (int i = 0; i < n; i++) out[c * n + i] = channel[i] + soft[i] * (filled[i] - channel[i]);
        }
        return new ColorImage(w, h, out);
    }

    /**
     * Values of a {@code w x h} plane where they are unknown (weight 0) from those around them: each
     * level halves the plane by weighted 2x2 averages, and the level above takes its known values
     * and, for the rest, the smaller level's estimate upsampled bilinearly.
     */
    private static float[] pushPull(float[] values, float[] weights, int w, int h) {
        if (w == 1 && h == 1) return values.clone();
        int w2 = (w + 1) / 2;
        int h2 = (h + 1) / 2;
        float[] sum = new float[w2 * h2];
        float[] weight = new float[w2 * h2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int j = (y / 2) * w2 + x / 2;
                sum[j] += weights[i] * values[i];
                weight[j] += weights[i];
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] = weight[j] > 0 ? sum[j] / weight[j] : 0f;
            weight[j] = Math.min(1f, weight[j]);
        }
        float[] coarse = pushPull(sum, weight, w2, h2);
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float estimate = bilinear(coarse, w2, h2, (x + 0.5f) / 2 - 0.5f, (y + 0.5f) / 2 - 0.5f);
                out[i] = weights[i] * values[i] + (1f - weights[i]) * estimate;
            }
        }
        return out;
    }

    /** {@code plane} ({@code w x h}) at (x, y), bilinearly, clamped to its border. */
    private static float bilinear(float[] plane, int w, int h, float x, float y) {
        float cx = Math.max(0, Math.min(w - 1, x));
        float cy = Math.max(0, Math.min(h - 1, y));
        int x0 = (int) cx;
        int y0 = (int) cy;
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        float fx = cx - x0;
        float fy = cy - y0;
        float top = plane[y0 * w + x0] + fx * (plane[y0 * w + x1] - plane[y0 * w + x0]);
        float bottom = plane[y1 * w + x0] + fx * (plane[y1 * w + x1] - plane[y1 * w + x0]);
        return top + fy * (bottom - top);
    }

    /** The share of the image that {@code soft} takes from the source (its mean). */
    public static double coverage(float[] soft) {
        double sum = 0;
        for (float v : soft) sum += v;
        return soft.length == 0 ? 0 : sum / soft.length;
    }

    /**
     * Puts {@code source} back into {@code styled} (both of the same size) through {@code soft}:
     * 1 takes the source, 0 keeps the stylised pixel.
     */
    public static void restore(ColorImage styled, ColorImage source, float[] soft) {
        float[] t = styled.data();
        float[] s = source.data();
        int n = soft.length;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                int k = c * n + i;
                t[k] += soft[i] * (s[k] - t[k]);
            }
        }
    }

    /**
     * The 8-connected parts of one colour of {@code thin} of at least {@value #MIN_PIXELS} pixels
     * that hold a {@code pure} pixel and stand out from their surroundings ({@link #contrast}): a
     * letter with a pure pixel, with the anti-aliased pixels around it; not a speck, nor a light or
     * dark structure of the picture.
     */
    private static boolean[] seeded(ColorImage img, boolean[] thin, int[] colour, boolean[] pure) {
        int w = img.width();
        int h = img.height();
        boolean[] out = new boolean[thin.length];
        boolean[] seen = new boolean[thin.length];
        int[] part = new int[thin.length];
        int[] ringStamp = new int[thin.length];
        int parts = 0;
        for (int start = 0; start < thin.length; start++) {
            if (!thin[start] || !pure[start] || seen[start]) continue;
            int size = 0;
            seen[start] = true;
            part[size++] = start;
            for (int next = 0; next < size; next++) {
                int p = part[next];
                int x = p % w;
                int y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
                        int q = yy * w + xx;
                        if (thin[q] && !seen[q] && colour[q] == colour[start]) {
                            seen[q] = true;
                            part[size++] = q;
                        }
                    }
                }
            }
            if (size < MIN_PIXELS || contrast(img, part, size, thin, ringStamp, ++parts) < MIN_CONTRAST) continue;
            for (int k = 0; k < size; k++) out[part[k]] = true;
        }
        return out;
    }

    /**
     * How far the mean colour of the part (the first {@code size} pixels of {@code part}) lies
     * from that of the pixels within {@value #RING} pixels around it that are not thin structures
     * themselves (other labels next to it), as the mean difference of the channels: what sets a label apart from its
     * background. {@code stamp} marks the ring's pixels with {@code id}, so that each counts once.
     */
    private static float contrast(ColorImage img, int[] part, int size, boolean[] m, int[] stamp, int id) {
        int w = img.width();
        int h = img.height();
        int n = w * h;
        float[] d = img.data();
        double[] inside = new double[3];
        double[] around = new double[3];
        int aroundCount = 0;
        for (int k = 0; k < size; k++) {
            int p = part[k];
            for (int c = 0; c < 3; c++) inside[c] += d[c * n + p];
            int x = p % w;
            int y = p / w;
            for (int yy = Math.max(0, y - RING); yy <= Math.min(h - 1, y + RING); yy++) {
                for (int xx = Math.max(0, x - RING); xx <= Math.min(w - 1, x + RING); xx++) {
                    int q = yy * w + xx;
                    if (m[q] || stamp[q] == id) continue;
                    stamp[q] = id;
                    for (int c = 0; c < 3; c++) around[c] += d[c * n + q];
                    aroundCount++;
                }
            }
        }
        // A part with nothing around it (the whole image) sets nothing apart.
        if (aroundCount == 0) return 0;
        double difference = 0;
        for (int c = 0; c < 3; c++) difference += Math.abs(inside[c] / size - around[c] / aroundCount);
        return (float) (difference / 3);
    }

    // ---- binary morphology with a square, separable ------------------------------------------------

    /** Erosion by a (2r+1)-square; outside the image counts as set, so that the border erodes nothing. */
    static boolean[] erode(boolean[] m, int w, int h, int r) {
        return minMax(minMax(m, w, h, r, true, false), w, h, r, false, false);
    }

    /** Dilation by a (2r+1)-square. */
    static boolean[] dilate(boolean[] m, int w, int h, int r) {
        return minMax(minMax(m, w, h, r, true, true), w, h, r, false, true);
    }

    /**
     * One pass of a 1-D dilation ({@code any}) or erosion (all) over 2r+1 pixels along rows
     * ({@code alongX}) or columns, counting set pixels in a sliding window.
     */
    private static boolean[] minMax(boolean[] m, int w, int h, int r, boolean alongX, boolean any) {
        boolean[] out = new boolean[m.length];
        int lines = alongX ? h : w;
        int length = alongX ? w : h;
        int step = alongX ? 1 : w;
        for (int line = 0; line < lines; line++) {
            int base = alongX ? line * w : line;
            int count = 0;
            int inside = 0;
            // Window [i - r, i + r] clipped to the line; clipped positions count as set for an erosion.
            for (int j = 0; j < Math.min(r, length); j++) count += m[base + j * step] ? 1 : 0;
            for (int i = 0; i < length; i++) {
                int enter = i + r;
                if (enter < length) count += m[base + enter * step] ? 1 : 0;
                int leave = i - r - 1;
                if (leave >= 0) count -= m[base + leave * step] ? 1 : 0;
                inside = Math.min(length - 1, i + r) - Math.max(0, i - r) + 1;
                out[base + i * step] = any ? count > 0 : count == inside;
            }
        }
        return out;
    }

}
