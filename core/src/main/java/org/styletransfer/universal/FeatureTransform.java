package org.styletransfer.universal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

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
        return toward(content, Target.of(method, style));
    }

    /**
     * The transform giving features with {@code content}'s statistics the target's: WCT
     * A = Cs^1/2 Cc^-1/2 (symmetric roots), or AdaIN A = diag(ss / sc); then b = ms - A mc.
     */
    public static FeatureTransform toward(FeatureStats content, Target target) {
        if (content.channels() != target.channels()) {
            throw new IllegalArgumentException("content has " + content.channels() + " channels, style "
                + target.channels());
        }
        double[] a = target.method() == Method.WCT ? coloured(target, content) : scaled(target, content);
        return withMeans(a, content.mean(), target.mean());
    }

    /**
     * Cs^1/2 Cc^-1/2: the content's inverse root (eigenvalues floored at the regularisation, so
     * that a singular covariance gives no infinity) times the target's root.
     */
    private static double[] coloured(Target target, FeatureStats content) {
        int n = content.channels();
        double eps = floor(content);
        DMatrixRMaj whiten = spectral(content, lambda -> Math.pow(Math.max(lambda, eps), -0.5));
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(DMatrixRMaj.wrap(n, n, target.scale()), whiten, a);
        return a.getData();
    }

    /** diag(ss / sc), the content's deviations floored at the regularisation. */
    private static double[] scaled(Target target, FeatureStats content) {
        int n = content.channels();
        double eps = floor(content);
        double[] a = new double[n * n];
        for (int c = 0; c < n; c++) a[c * n + c] = target.scale()[c] / Math.sqrt(Math.max(content.variance(c), eps));
        return a;
    }

    private static FeatureTransform withMeans(double[] a, double[] contentMean, double[] styleMean) {
        int n = contentMean.length;
        double[] b = new double[n];
        for (int r = 0; r < n; r++) {
            double s = styleMean[r];
            for (int c = 0; c < n; c++) s -= a[r * n + c] * contentMean[c];
            b[r] = s;
        }
        return new FeatureTransform(n, a, b);
    }

    /**
     * V diag(f(lambda)) V^T for the covariance V diag(lambda) V^T: one eigendecomposition and one
     * matrix product (the eigenvectors scaled by f, times their transpose).
     */
    private static DMatrixRMaj spectral(FeatureStats s, DoubleUnaryOperator f) {
        int n = s.channels();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(new DMatrixRMaj(n, n, true, s.cov()))) {
            throw new IllegalStateException("eigendecomposition failed");
        }
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        DMatrixRMaj scaled = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double[] v = eig.getEigenVector(k).getData();
            double fk = f.applyAsDouble(eig.getEigenvalue(k).getReal());
            for (int r = 0; r < n; r++) {
                vectors.data[r * n + k] = v[r];
                scaled.data[r * n + k] = fk * v[r];
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(scaled, vectors, out);
        return out;
    }

    /**
     * What a transform needs of the style(s), computed once for every image to transform: the
     * style's mean and, for WCT, the symmetric root of its covariance Cs^1/2 [C*C], for AdaIN its
     * standard deviations [C]. A is linear in this scale, so a blend of styles (the WCT paper's
     * interpolation) is the weighted mean of their targets, and each image then needs one
     * transform, not one per style: at 256 channels a transform took 55 ms when both sides were
     * computed for every image, 33 ms from a target (docs/universal.md).
     *
     * @param method   WCT or AdaIN
     * @param channels C
     * @param scale    Cs^1/2 (WCT) or the standard deviations (AdaIN)
     * @param mean     the style's mean [C]
     */
    public record Target(Method method, int channels, double[] scale, double[] mean) {

        /** The target of one style's statistics. */
        public static Target of(Method method, FeatureStats style) {
            int n = style.channels();
            double[] scale;
            if (method == Method.WCT) {
                // Rounding may leave slightly negative eigenvalues.
                scale = spectral(style, lambda -> Math.sqrt(Math.max(lambda, 0))).getData();
            } else {
                scale = new double[n];
                for (int c = 0; c < n; c++) scale[c] = Math.sqrt(Math.max(style.variance(c), 0));
            }
            return new Target(method, n, scale, style.mean().clone());
        }

        /** The weighted mean of targets of one method (weights normalised to sum 1). */
        public static Target blend(List<Target> all, double[] weights) {
            Target first = all.get(0);
            double total = 0;
            for (double w : weights) total += w;
            double[] scale = new double[first.scale().length];
            double[] mean = new double[first.channels()];
            for (int k = 0; k < all.size(); k++) {
                Target t = all.get(k);
                if (t.method() != first.method() || t.channels() != first.channels()) {
                    throw new IllegalArgumentException("targets of different methods or channel counts");
                }
                double w = weights[k] / total;
                for (int i = 0; i < scale.length; i++) scale[i] += w * t.scale()[i];
                for (int i = 0; i < mean.length; i++) mean[i] += w * t.mean()[i];
            }
            return new Target(first.method(), first.channels(), scale, mean);
        }
    }

    private static double floor(FeatureStats s) {
        return Math.max(REGULARISATION * s.meanVariance(), ABSOLUTE_FLOOR);
    }

    /** The map that changes nothing: what any transform is at strength 0. */
    public static FeatureTransform identity(int channels) {
        double[] a = new double[channels * channels];
        for (int c = 0; c < channels; c++) a[c * channels + c] = 1;
        return new FeatureTransform(channels, a, new double[channels]);
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
