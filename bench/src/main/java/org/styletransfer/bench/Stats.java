package org.styletransfer.bench;

import java.util.Arrays;

/** Small statistics for timings. */
final class Stats {
    private Stats() {
    }

    /** The median (mean of the middle two for an even count). */
    static double median(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("no values");
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
