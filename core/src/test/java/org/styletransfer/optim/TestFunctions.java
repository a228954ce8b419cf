package org.styletransfer.optim;

/** Analytic test functions with known minima, evaluated in double and returned as float gradients. */
final class TestFunctions {
    private TestFunctions() {
    }

    /** Extended Rosenbrock: sum over i of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2; minimum 0 at all ones. */
    static double rosenbrock(float[] x, float[] g) {
        double f = 0;
        java.util.Arrays.fill(g, 0f);
        double[] gd = new double[x.length];
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i];
            double b = x[i + 1];
            double r = b - a * a;
            f += 100 * r * r + (1 - a) * (1 - a);
            gd[i] += -400 * r * a - 2 * (1 - a);
            gd[i + 1] += 200 * r;
        }
        for (int i = 0; i < x.length; i++) g[i] = (float) gd[i];
        return f;
    }

    /** The classic start (-1.2, 1, -1.2, 1, ...). */
    static float[] rosenbrockStart(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i % 2 == 0 ? -1.2f : 1f;
        return x;
    }

    /** 0.5 sum c_i (x_i - 1)^2 with c_i spread log-uniformly over [1, condition]. */
    static Objective quadratic(int n, double condition) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) c[i] = Math.pow(condition, i / (double) (n - 1));
        return (x, g) -> {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double e = x[i] - 1;
                f += 0.5 * c[i] * e * e;
                g[i] = (float) (c[i] * e);
            }
            return f;
        };
    }

    /**
     * 0.5 (x - 1)' Q' C Q (x - 1) with C as in {@link #quadratic} and Q a product of two random
     * Householder reflections: the same spectrum, but not aligned with the axes, so that a
     * per-coordinate method such as Adam cannot precondition it for free.
     */
    static Objective rotatedQuadratic(int n, double condition, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] u = unit(r, n);
        double[] v = unit(r, n);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) c[i] = Math.pow(condition, i / (double) (n - 1));
        return (x, g) -> {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) z[i] = x[i] - 1.0;
            reflect(v, z);
            reflect(u, z);
            double f = 0;
            for (int i = 0; i < n; i++) {
                f += 0.5 * c[i] * z[i] * z[i];
                z[i] *= c[i];
            }
            reflect(u, z);
            reflect(v, z);
            for (int i = 0; i < n; i++) g[i] = (float) z[i];
            return f;
        };
    }

    private static double[] unit(java.util.Random r, int n) {
        double[] u = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            u[i] = r.nextGaussian();
            s += u[i] * u[i];
        }
        for (int i = 0; i < n; i++) u[i] /= Math.sqrt(s);
        return u;
    }

    /** z = (I - 2 u u') z. */
    private static void reflect(double[] u, double[] z) {
        double d = 0;
        for (int i = 0; i < z.length; i++) d += u[i] * z[i];
        for (int i = 0; i < z.length; i++) z[i] -= 2 * d * u[i];
    }

    /** An objective that counts its evaluations. */
    static final class Counting implements Objective {
        final Objective inner;
        int calls;

        Counting(Objective inner) {
            this.inner = inner;
        }

        @Override
        public double evaluate(float[] x, float[] gradient) {
            calls++;
            return inner.evaluate(x, gradient);
        }
    }
}
