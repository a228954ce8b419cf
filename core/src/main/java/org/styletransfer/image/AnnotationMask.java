package org.styletransfer.image;

import java.util.ArrayDeque;

/**
 * Finds annotations burned into a picture (text, scale bars, panel letters, arrows, thin lines)
 * and turns them into a soft mask through which they can be put back after stylisation.
 *
 * <p>What counts as an annotation: thin structures of an extreme colour. A pixel is extreme when
 * each of its channels is at least {@value #HIGH} or at most {@value #LOW} of 0..255: pure white,
 * pure black, or one of the six fully saturated colours (red, yellow, green, cyan, blue, magenta),
 * which is how figure tools draw labels. Each of these eight colours is looked at on its own; its
 * pixels are thin where a morphological opening with a square of {@value #THIN_WIDTH} pixels
 * removes them (a white background, a saturated blob of the specimen survive the opening and are
 * no annotation). Specks smaller than {@value #MIN_PIXELS} pixels are noise, not annotations.</p>
 *
 * <p>The mask is made soft ({@link #soften}) so that the anti-aliased fringe of text comes back
 * too and no hard seam shows: the annotation and a ring of {@value #GROW} pixels around it take
 * the source fully, the next pixels fade to the stylised result.</p>
 */
public final class AnnotationMask {
    /** Least value of a channel at full intensity (lossless figures draw with 255). */
    public static final float HIGH = 250f;
    /** Greatest value of a channel at zero intensity. */
    public static final float LOW = 5f;
    /** Structures thinner than this (text strokes, scale bars up to this minus one pixel) are annotations. */
    public static final int THIN_WIDTH = 11;
    /** Connected thin pixels fewer than this are noise. */
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
        int w = img.width();
        int h = img.height();
        int[] colour = extremeColours(img);
        boolean[] found = new boolean[w * h];
        for (int c = 0; c < 8; c++) {
            boolean[] candidate = new boolean[w * h];
            boolean any = false;
            for (int i = 0; i < candidate.length; i++) {
                candidate[i] = colour[i] == c;
                any |= candidate[i];
            }
            if (!any) continue;
            boolean[] open = dilate(erode(candidate, w, h, THIN_WIDTH / 2), w, h, THIN_WIDTH / 2);
            for (int i = 0; i < found.length; i++) found[i] |= candidate[i] && !open[i];
        }
        return withoutSpecks(found, w, h);
    }

    /**
     * Per pixel, which of the eight extreme colours it is (bit 2 red, bit 1 green, bit 0 blue set
     * for a channel at full intensity: 0 black, 7 white), or -1 for a pixel that is none.
     */
    private static int[] extremeColours(ColorImage img) {
        int n = img.width() * img.height();
        float[] d = img.data();
        int[] colour = new int[n];
        for (int i = 0; i < n; i++) {
            int code = 0;
            for (int c = 0; c < 3; c++) {
                float v = d[c * n + i];
                if (v >= HIGH) {
                    code |= 4 >> c;
                } else if (v > LOW) {
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

    /** {@code m} without its 8-connected parts of fewer than {@value #MIN_PIXELS} pixels. */
    private static boolean[] withoutSpecks(boolean[] m, int w, int h) {
        boolean[] out = m.clone();
        boolean[] seen = new boolean[m.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] part = new int[MIN_PIXELS];
        for (int start = 0; start < m.length; start++) {
            if (!m[start] || seen[start]) continue;
            int size = 0;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                if (size < MIN_PIXELS) part[size] = p;
                size++;
                int x = p % w;
                int y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
                        int q = yy * w + xx;
                        if (m[q] && !seen[q]) {
                            seen[q] = true;
                            queue.add(q);
                        }
                    }
                }
            }
            // A speck has fewer pixels than the part array holds: all of them were recorded.
            if (size < MIN_PIXELS) for (int i = 0; i < size; i++) out[part[i]] = false;
        }
        return out;
    }
}
