package org.styletransfer.universal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.List;

/**
 * An affine map of feature vectors, {@code y = T (x - mc) + ms} written as {@code y = A x + b}, that
 * gives content features the style's statistics: WCT (whitening with the content covariance,
 * colouring with the style's) or AdaIN (per channel). Affine maps mix linearly, so blends of
 * several styles (the WCT paper's interpolation) and the strength (a blend with the identity) are
 * affine too, and the whole transform is one 1x1 convolution in the graph.
 *
 * @param channels C
 * @param matrix   A, [C*C] row-major (output channel, input channel): the 1x1 convolution kernel
 * @param shift    b, [C]
 */
public record FeatureTransform(int channels, double[] matrix, double[] shift) {
    /**
     * Eigenvalues below this fraction of the mean variance count as this fraction of it: a flat
     * style or a flat content region has a singular covariance, whose whitening would otherwise
     * divide by zero. Small enough that the transformed statistics still match the style's to
     * 1e-3 for content with texture.
     */
    public static final double REGULARISATION = 1e-5;
    /** Floor of the regularisation for an all-flat image (mean variance 0). */
    private static final double ABSOLUTE_FLOOR = 1e-12;

    /** The transform giving features with {@code content}'s statistics {@code style}'s. */
    public static FeatureTransform of(Method method, FeatureStats content, FeatureStats style) {
        if (content.channels() != style.channels()) {
            throw new IllegalArgumentException("content has " + content.channels() + " channels, style "
                + style.channels());
        }
        return method == Method.WCT ? wct(content, style) : adain(content, style);
    }

    /** Whitening-colouring: A = Cs^1/2 Cc^-1/2 (symmetric roots), b = ms - A mc. */
    static FeatureTransform wct(FeatureStats content, FeatureStats style) {
        int n = content.channels();
        DMatrixRMaj whiten = power(content, -0.5);
        DMatrixRMaj colour = power(style, 0.5);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(colour, whiten, a);
        return withMeans(a.getData(), content, style);
    }

    /** AdaIN: A = diag(ss / sc), b = ms - A mc. */
    static FeatureTransform adain(FeatureStats content, FeatureStats style) {
        int n = content.channels();
        double eps = floor(content);
        double[] a = new double[n * n];
        for (int c = 0; c < n; c++) {
            a[c * n + c] = Math.sqrt(Math.max(style.variance(c), 0) / Math.max(content.variance(c), eps));
        }
        return withMeans(a, content, style);
    }

    private static FeatureTransform withMeans(double[] a, FeatureStats content, FeatureStats style) {
        int n = content.channels();
        double[] b = new double[n];
        for (int r = 0; r < n; r++) {
            double s = style.mean()[r];
            for (int c = 0; c < n; c++) s -= a[r * n + c] * content.mean()[c];
            b[r] = s;
        }
        return new FeatureTransform(n, a, b);
    }

    /**
     * The symmetric matrix power {@code cov^p} (p = 1/2 or -1/2) through the eigendecomposition,
     * eigenvalues floored at the regularisation so that neither a singular matrix nor rounding
     * (slightly negative eigenvalues) can give NaN or infinity.
     */
    private static DMatrixRMaj power(FeatureStats s, double p) {
        int n = s.channels();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        DMatrixRMaj cov = new DMatrixRMaj(n, n, true, s.cov());
        if (!eig.decompose(cov)) throw new IllegalStateException("eigendecomposition failed");
        double eps = floor(s);
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        double[] o = out.getData();
        for (int k = 0; k < eig.getNumberOfEigenvalues(); k++) {
            double lambda = eig.getEigenvalue(k).getReal();
            double f = p > 0 ? Math.pow(Math.max(lambda, 0), p) : Math.pow(Math.max(lambda, eps), p);
            double[] v = eig.getEigenVector(k).getData();
            for (int r = 0; r < n; r++) {
                double fr = f * v[r];
                for (int c = 0; c < n; c++) o[r * n + c] += fr * v[c];
            }
        }
        return out;
    }

    private static double floor(FeatureStats s) {
        return Math.max(REGULARISATION * s.meanVariance(), ABSOLUTE_FLOOR);
    }

    /** The weighted mean of transforms (weights normalised to sum 1). */
    public static FeatureTransform blend(List<FeatureTransform> all, double[] weights) {
        int n = all.get(0).channels();
        double total = 0;
        for (double w : weights) total += w;
        double[] a = new double[n * n];
        double[] b = new double[n];
        for (int k = 0; k < all.size(); k++) {
            double w = weights[k] / total;
            for (int i = 0; i < a.length; i++) a[i] += w * all.get(k).matrix()[i];
            for (int i = 0; i < n; i++) b[i] += w * all.get(k).shift()[i];
        }
        return new FeatureTransform(n, a, b);
    }

    /** {@code strength} of this transform and the rest of the unchanged features: 0 = identity. */
    public FeatureTransform withStrength(double strength) {
        double[] a = new double[matrix.length];
        double[] b = new double[channels];
        for (int i = 0; i < a.length; i++) a[i] = strength * matrix[i];
        for (int c = 0; c < channels; c++) {
            a[c * channels + c] += 1 - strength;
            b[c] = strength * shift[c];
        }
        return new FeatureTransform(channels, a, b);
    }

    /** Applies the map to features laid out [C][N] without a graph: for pixels ({@link PixelWct}), checks and tests. */
    public float[] apply(float[] features) {
        int n = features.length / channels;
        float[] out = new float[features.length];
        double[] x = new double[channels];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < channels; c++) x[c] = features[c * n + p];
            for (int r = 0; r < channels; r++) {
                double s = shift[r];
                for (int c = 0; c < channels; c++) s += matrix[r * channels + c] * x[c];
                out[r * n + p] = (float) s;
            }
        }
        return out;
    }

    /** A as float32, the 1x1 convolution kernel [C,C,1,1]. */
    public float[] kernel() {
        float[] k = new float[matrix.length];
        for (int i = 0; i < k.length; i++) k[i] = (float) matrix[i];
        return k;
    }

    /** b as float32. */
    public float[] bias() {
        float[] k = new float[channels];
        for (int i = 0; i < k.length; i++) k[i] = (float) shift[i];
        return k;
    }
}
