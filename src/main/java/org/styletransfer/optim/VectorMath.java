package org.styletransfer.optim;

/**
 * Vector kernels of the optimisers on float arrays. Sums are accumulated in double: with millions
 * of image pixels a float accumulator loses the small terms that decide the curvature pairs.
 */
final class VectorMath {
    private VectorMath() {
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** y += alpha * x. */
    static void axpy(double alpha, float[] x, float[] y) {
        float a = (float) alpha;
        for (int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    /** out = x + t * d. */
    static void step(float[] x, double t, float[] d, float[] out) {
        float tf = (float) t;
        for (int i = 0; i < out.length; i++) out[i] = x[i] + tf * d[i];
    }

    /** out = a - b. */
    static void difference(float[] a, float[] b, float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = a[i] - b[i];
    }

    /** out = alpha * x. */
    static void scale(double alpha, float[] x, float[] out) {
        float a = (float) alpha;
        for (int i = 0; i < out.length; i++) out[i] = a * x[i];
    }
}
