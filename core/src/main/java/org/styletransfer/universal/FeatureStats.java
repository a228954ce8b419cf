package org.styletransfer.universal;

/**
 * The first and second moments of one encoder level's features over an image: the mean of each
 * channel and the C x C covariance (divided by the pixel count), in double precision.
 *
 * @param channels C
 * @param mean     [C]
 * @param cov      [C*C], row-major, symmetric
 */
public record FeatureStats(int channels, double[] mean, double[] cov) {

    /** Checks the sizes. */
    public FeatureStats {
        if (mean.length != channels || cov.length != channels * channels) {
            throw new IllegalArgumentException("statistics of " + channels + " channels need a mean of " + channels
                + " and a covariance of " + channels * channels + " values");
        }
    }

    /** Statistics from a graph's float outputs. */
    public static FeatureStats of(float[] mean, float[] cov) {
        double[] m = new double[mean.length];
        for (int i = 0; i < m.length; i++) m[i] = mean[i];
        double[] c = new double[cov.length];
        for (int i = 0; i < c.length; i++) c[i] = cov[i];
        return new FeatureStats(mean.length, m, c);
    }

    /**
     * Statistics computed directly from features laid out [C][N] (channel planes): for pixels
     * ({@link PixelWct}), checks and tests; the stylizer has the graph compute the encoder's.
     */
    public static FeatureStats of(float[] features, int channels) {
        int n = features.length / channels;
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int p = 0; p < n; p++) s += features[c * n + p];
            mean[c] = s / n;
        }
        double[] cov = new double[channels * channels];
        for (int a = 0; a < channels; a++) {
            for (int b = a; b < channels; b++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += (features[a * n + p] - mean[a]) * (features[b * n + p] - mean[b]);
                cov[a * channels + b] = s / n;
                cov[b * channels + a] = s / n;
            }
        }
        return new FeatureStats(channels, mean, cov);
    }

    /** The variance of channel {@code c}. */
    public double variance(int c) {
        return cov[c * channels + c];
    }

    /** The mean of the covariance's diagonal: the scale the regularisation is relative to. */
    public double meanVariance() {
        double t = 0;
        for (int c = 0; c < channels; c++) t += variance(c);
        return t / channels;
    }
}
