package org.styletransfer.video;

import org.styletransfer.image.ColorImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much a stylised sequence flickers, in grey levels (0..255), over consecutive frame pairs:
 * <ul>
 *   <li><b>static change</b>: mean |stylised_t - stylised_{t-1}| over the pixels whose content did
 *       not change (every channel within {@code staticThreshold}); ideally 0, since nothing
 *       there moved;</li>
 *   <li><b>warping error</b>: mean |stylised_t - warp(stylised_{t-1})| over the other pixels where
 *       the warp is trusted (consistency at least {@code minConsistency}): how much moving texture
 *       changes beyond following the motion.</li>
 * </ul>
 * Means run over all three channels of all counted pixels of all pairs.
 */
public final class Flicker {
    /** Content channels that change by at most this much count as unchanged (noise and rounding). */
    public static final double DEFAULT_STATIC_THRESHOLD = 1.0;
    /** Pixels with at least this consistency count for the warping error. */
    public static final double DEFAULT_MIN_CONSISTENCY = 0.5;

    /**
     * The two figures.
     *
     * @param staticChange  mean change where the content is unchanged (0..255)
     * @param warpError     mean warping error elsewhere, over trusted pixels (0..255)
     * @param staticPixels  pixels counted for the static change, all pairs together
     * @param warpedPixels  pixels counted for the warping error, all pairs together
     */
    public record Result(double staticChange, double warpError, long staticPixels, long warpedPixels) {
        /** Both figures as one: their mean weighted by the pixels each counted. */
        public double combined() {
            long n = staticPixels + warpedPixels;
            return n == 0 ? 0 : (staticChange * staticPixels + warpError * warpedPixels) / n;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "static change %.3f (%d px), warping error %.3f (%d px), combined %.3f",
                staticChange, staticPixels, warpError, warpedPixels, combined());
        }
    }

    private Flicker() {
    }

    /** The motion between each pair of consecutive content frames (element k: frames k to k+1). */
    public static List<FrameMotion> motions(List<ColorImage> content, OpticalFlow flow, Consistency.Options options) {
        List<FrameMotion> out = new ArrayList<>();
        for (int t = 1; t < content.size(); t++) {
            out.add(FrameMotion.between(content.get(t - 1), content.get(t), flow, options));
        }
        return out;
    }

    /** Measures with the default flow, consistency and thresholds. */
    public static Result measure(List<ColorImage> content, List<ColorImage> stylised) {
        return measure(content, stylised, motions(content, new OpticalFlow(), Consistency.Options.defaults()),
            DEFAULT_STATIC_THRESHOLD, DEFAULT_MIN_CONSISTENCY);
    }

    /**
     * Measures the flicker of {@code stylised}, the result for {@code content} frame by frame.
     *
     * @param motions         from {@link #motions}, so that several results of the same content share them
     * @param staticThreshold content change per channel (0..255) that still counts as unchanged
     * @param minConsistency  consistency from which a pixel counts for the warping error
     */
    public static Result measure(List<ColorImage> content, List<ColorImage> stylised, List<FrameMotion> motions,
                                 double staticThreshold, double minConsistency) {
        if (content.size() != stylised.size() || motions.size() != Math.max(0, content.size() - 1)) {
            throw new IllegalArgumentException("need one stylised frame per content frame and one motion per pair");
        }
        double[] sums = new double[2];
        long[] counts = new long[2];
        for (int t = 1; t < content.size(); t++) {
            pair(content.get(t - 1), content.get(t), stylised.get(t - 1), stylised.get(t), motions.get(t - 1),
                staticThreshold, minConsistency, sums, counts);
        }
        return new Result(counts[0] == 0 ? 0 : sums[0] / (3 * counts[0]), counts[1] == 0 ? 0 : sums[1] / (3 * counts[1]),
            counts[0], counts[1]);
    }

    /** Adds one pair's absolute differences and pixel counts: index 0 static, 1 warped. */
    private static void pair(ColorImage c0, ColorImage c1, ColorImage s0, ColorImage s1, FrameMotion motion,
                             double staticThreshold, double minConsistency, double[] sums, long[] counts) {
        int n = c1.width() * c1.height();
        float[] a = c0.data();
        float[] b = c1.data();
        float[] p = s0.data();
        float[] q = s1.data();
        float[] w = motion.warpPrevious(s0).data();
        float[] c = motion.consistency();
        for (int i = 0; i < n; i++) {
            boolean still = true;
            for (int ch = 0; ch < 3 && still; ch++) still = Math.abs(b[ch * n + i] - a[ch * n + i]) <= staticThreshold;
            if (still) {
                sums[0] += Math.abs(q[i] - p[i]) + Math.abs(q[n + i] - p[n + i]) + Math.abs(q[2 * n + i] - p[2 * n + i]);
                counts[0]++;
            } else if (c[i] >= minConsistency) {
                sums[1] += Math.abs(q[i] - w[i]) + Math.abs(q[n + i] - w[n + i]) + Math.abs(q[2 * n + i] - w[2 * n + i]);
                counts[1]++;
            }
        }
    }
}
