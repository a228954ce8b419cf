package org.styletransfer.optim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LbfgsTest {

    @Test
    void rosenbrock2dReachesTheMinimum() {
        Lbfgs opt = new Lbfgs(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(2));
        Minimizer.Result r = Minimizer.minimize(opt, 200, new EarlyStop(1e-14, 3), null);
        assertTrue(r.bestLoss() < 1e-8, "loss " + r.bestLoss());
        assertEquals(1.0, opt.parameters()[0], 1e-3);
        assertEquals(1.0, opt.parameters()[1], 1e-3);
        // Textbook L-BFGS needs about 35-45 iterations from (-1.2, 1); a weak line search needs far more.
        assertTrue(r.iterations() < 80, "iterations " + r.iterations());
    }

    @Test
    void rosenbrock100dReachesTheMinimum() {
        Lbfgs opt = new Lbfgs(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(100));
        Minimizer.Result r = Minimizer.minimize(opt, 1000, new EarlyStop(1e-14, 5), null);
        assertTrue(r.bestLoss() < 1e-7, "loss " + r.bestLoss() + " after " + r.iterations());
        for (float v : opt.parameters()) assertEquals(1.0, v, 2e-3);
    }

    @Test
    void illConditionedQuadraticConverges() {
        int n = 200;
        Lbfgs opt = new Lbfgs(TestFunctions.quadratic(n, 1e4), new float[n]);
        double f0 = TestFunctions.quadratic(n, 1e4).evaluate(new float[n], new float[n]);
        Minimizer.Result r = Minimizer.minimize(opt, 500, new EarlyStop(1e-12, 5), null);
        assertTrue(r.bestLoss() < 1e-8 * f0, "loss " + r.bestLoss() + " from " + f0);
    }

    @Test
    void aPreconditionerThatFitsTheCurvatureSavesIterations() {
        int n = 200;
        double condition = 1e4;
        double[] c = new double[n];
        for (int i = 0; i < n; i++) c[i] = Math.pow(condition, i / (double) (n - 1));
        // M = the inverse Hessian up to a factor: the first step lands on the minimum.
        Preconditioner inverse = (v, out) -> {
            for (int i = 0; i < n; i++) out[i] = (float) (v[i] / c[i]);
        };
        Lbfgs plain = new Lbfgs(TestFunctions.quadratic(n, condition), new float[n], Lbfgs.Options.defaults());
        Lbfgs fitted = new Lbfgs(TestFunctions.quadratic(n, condition), new float[n], Lbfgs.Options.defaults(), inverse);
        Minimizer.Result p = Minimizer.minimize(plain, 500, new EarlyStop(1e-12, 5), null);
        Minimizer.Result f = Minimizer.minimize(fitted, 500, new EarlyStop(1e-12, 5), null);
        assertTrue(f.bestLoss() < 1e-8, "loss " + f.bestLoss());
        assertTrue(f.iterations() * 5 < p.iterations(), f.iterations() + " against " + p.iterations() + " iterations");
    }

    @Test
    void aPreconditionedRunStillReachesTheMinimum() {
        Random r = new Random(4);
        float[] scale = new float[20];
        for (int i = 0; i < scale.length; i++) scale[i] = (float) (0.2 + r.nextDouble());
        Preconditioner diagonal = (v, out) -> {
            for (int i = 0; i < v.length; i++) out[i] = scale[i] * v[i];
        };
        Lbfgs opt = new Lbfgs(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(20), Lbfgs.Options.defaults(),
            diagonal);
        Minimizer.Result res = Minimizer.minimize(opt, 1000, new EarlyStop(1e-14, 5), null);
        assertTrue(res.bestLoss() < 1e-7, "loss " + res.bestLoss());
    }

    @Test
    void lossNeverIncreasesAndAcceptedStepsSatisfyWolfe() {
        List<Double> losses = new ArrayList<>();
        Lbfgs opt = new Lbfgs(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(20));
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 100; i++) {
            Optimizer.Step s = opt.step();
            assertTrue(s.loss() <= previous, "iteration " + s.iteration() + " raised the loss");
            previous = s.loss();
            losses.add(s.loss());
        }
        assertEquals(opt.bestLoss(), previous);
        assertTrue(losses.get(losses.size() - 1) < 1e-3 * opt.initialLoss());
    }

    @Test
    void memoryIsBounded() {
        Lbfgs opt = new Lbfgs(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(50),
            Lbfgs.Options.defaults().withMemory(3));
        for (int i = 0; i < 20; i++) {
            opt.step();
            assertTrue(opt.memorySize() <= 3);
        }
    }

    @Test
    void survivesInaccurateGradients() {
        // float32 gradients of the style loss differ from the true ones by ~2%: the quasi-Newton
        // direction can then point uphill, which must reset to steepest descent, not fail.
        Random noise = new Random(1);
        Objective quad = TestFunctions.quadratic(50, 1e3);
        Objective noisy = (x, g) -> {
            double f = quad.evaluate(x, g);
            for (int i = 0; i < g.length; i++) g[i] *= (float) (1 + 0.3 * noise.nextGaussian());
            return f;
        };
        Lbfgs opt = new Lbfgs(noisy, new float[50]);
        double previous = Double.POSITIVE_INFINITY;
        Optimizer.Step s = null;
        for (int i = 0; i < 60; i++) {
            s = opt.step();
            assertTrue(s.loss() <= previous);
            previous = s.loss();
            if (s.status() != Optimizer.Status.PROGRESS) break;
        }
        assertTrue(opt.bestLoss() < 1e-2 * opt.initialLoss(), "loss " + opt.bestLoss() + " from " + opt.initialLoss());
    }

    @Test
    void sameStartGivesBitIdenticalResults() {
        float[] a = run();
        float[] b = run();
        assertArrayEquals(a, b);
    }

    private static float[] run() {
        Lbfgs opt = new Lbfgs(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(30));
        Minimizer.minimize(opt, 25);
        return opt.parameters().clone();
    }

    @Test
    void zeroGradientIsConvergence() {
        float[] x = {1f, 1f, 1f};
        Lbfgs opt = new Lbfgs(TestFunctions::rosenbrock, x, Lbfgs.Options.defaults().withGradientTolerance(1e-9));
        Optimizer.Step s = opt.step();
        assertEquals(Optimizer.Status.CONVERGED, s.status());
        assertEquals(1, opt.evaluations());
    }

    @Test
    void stallsWhenNoDecreaseIsPossible() {
        // A wrong-signed gradient: every direction the optimiser tries goes uphill.
        Objective liar = (x, g) -> {
            g[0] = -2 * x[0];
            return x[0] * (double) x[0];
        };
        Lbfgs opt = new Lbfgs(liar, new float[] {3f});
        Optimizer.Step s = opt.step();
        assertEquals(Optimizer.Status.STALLED, s.status());
        assertEquals(3f, opt.parameters()[0]);
    }

    /** The history keeps what fits in the memory given (two float vectors a pair), never more than asked, never none. */
    @Test
    void historyFitsTheMemoryGiven() {
        int n = 3 * 1024 * 1024;
        long pair = 2L * Float.BYTES * n;
        assertEquals(100, Lbfgs.memoryWithin(100, 3 * 256 * 256, 1L << 30));
        assertEquals(40, Lbfgs.memoryWithin(100, n, 40 * pair + pair / 2));
        assertEquals(1, Lbfgs.memoryWithin(100, n, pair / 2));
        assertEquals(10, Lbfgs.memoryWithin(10, n, Long.MAX_VALUE));
    }

    /** Dot products summed in float blocks inside a double sum stay as exact as a double accumulator. */
    @Test
    void dotProductsKeepDoublePrecisionOverMillionsOfTerms() {
        java.util.Random r = new java.util.Random(5);
        for (int n : new int[] {0, 7, 256, 1000, 3 * 512 * 512 + 5}) {
            float[] a = new float[n];
            float[] b = new float[n];
            double exact = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                a[i] = (float) r.nextGaussian() * (i % 97 == 0 ? 1000 : 1);
                b[i] = (float) r.nextGaussian();
                exact += (double) a[i] * b[i];
                magnitude += Math.abs((double) a[i] * b[i]);
            }
            assertEquals(exact, VectorMath.dot(a, b), 1e-6 * magnitude + 1e-12, "n = " + n);
        }
    }

    /**
     * Each quasi-Newton direction (the first trial step, t = 1, of a line search) is the one the
     * textbook two-loop recursion gives in double precision for the same pairs, preconditioner and
     * scaling, also once the ring of pairs has wrapped around.
     */
    @Test
    void directionsAreThoseOfTheTextbookTwoLoopRecursion() {
        int n = 300;
        int memory = 4;
        Objective quad = TestFunctions.rotatedQuadratic(n, 1e3, 7);
        List<float[]> points = new ArrayList<>();
        List<float[]> gradients = new ArrayList<>();
        Objective recorded = (x, g) -> {
            double f = quad.evaluate(x, g);
            points.add(x.clone());
            gradients.add(g.clone());
            return f;
        };
        Random r = new Random(8);
        float[] scale = new float[n];
        for (int i = 0; i < n; i++) scale[i] = (float) (0.5 + r.nextDouble());
        Preconditioner diagonal = (v, out) -> {
            for (int i = 0; i < v.length; i++) out[i] = scale[i] * v[i];
        };
        List<double[][]> pairs = new ArrayList<>();
        try (Lbfgs opt = new Lbfgs(recorded, new float[n], Lbfgs.Options.defaults().withMemory(memory).withThreads(2),
            diagonal)) {
            opt.step();
            float[] x = opt.parameters().clone();
            float[] g = gradientAt(x, points, gradients);
            float[] before = new float[n];
            float[] gBefore = gradients.get(0);
            for (int step = 0; step < 12; step++) {
                pairs.add(new double[][] {difference(x, before), difference(g, gBefore)});
                if (pairs.size() > memory) pairs.remove(0);
                assertEquals(pairs.size(), opt.memorySize());
                int first = points.size();
                opt.step();
                double[] expected = twoLoop(pairs, g, diagonal);
                double[] actual = difference(points.get(first), x);
                double error = 0;
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    error += (actual[i] - expected[i]) * (actual[i] - expected[i]);
                    norm += expected[i] * expected[i];
                }
                assertTrue(Math.sqrt(error) <= 1e-4 * Math.sqrt(norm) + 1e-6,
                    "step " + step + ": |d - d_textbook| = " + Math.sqrt(error) + ", |d_textbook| = " + Math.sqrt(norm));
                before = x;
                gBefore = g;
                x = opt.parameters().clone();
                g = gradientAt(x, points, gradients);
            }
        }
    }

    /** The gradient recorded at {@code x}, the last evaluation there. */
    private static float[] gradientAt(float[] x, List<float[]> points, List<float[]> gradients) {
        for (int i = points.size() - 1; i >= 0; i--) {
            if (java.util.Arrays.equals(points.get(i), x)) return gradients.get(i);
        }
        throw new AssertionError("no evaluation at the current point");
    }

    private static double[] difference(float[] a, float[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = (double) a[i] - b[i];
        return d;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** -H g by Nocedal and Wright's Algorithm 7.4, H0 = (s.y / y.My) M from the newest pair. */
    private static double[] twoLoop(List<double[][]> pairs, float[] g, Preconditioner m) {
        int k = pairs.size();
        double[] q = new double[g.length];
        for (int i = 0; i < g.length; i++) q[i] = g[i];
        double[] alpha = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double[] s = pairs.get(i)[0];
            double[] y = pairs.get(i)[1];
            alpha[i] = dot(s, q) / dot(s, y);
            for (int j = 0; j < q.length; j++) q[j] -= alpha[i] * y[j];
        }
        double[] newestY = pairs.get(k - 1)[1];
        double gamma = dot(pairs.get(k - 1)[0], newestY) / dot(newestY, apply(m, newestY));
        double[] r = apply(m, q);
        for (int j = 0; j < r.length; j++) r[j] *= gamma;
        for (int i = 0; i < k; i++) {
            double[] s = pairs.get(i)[0];
            double[] y = pairs.get(i)[1];
            double beta = dot(y, r) / dot(s, y);
            for (int j = 0; j < r.length; j++) r[j] += (alpha[i] - beta) * s[j];
        }
        for (int j = 0; j < r.length; j++) r[j] = -r[j];
        return r;
    }

    private static double[] apply(Preconditioner m, double[] v) {
        float[] in = new float[v.length];
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) in[i] = (float) v[i];
        m.apply(in, out);
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = out[i];
        return d;
    }
}
