package org.styletransfer.optim;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WolfeLineSearchTest {

    /** phi and phi' as lambdas; keep() records the kept step. */
    private static final class Fn implements WolfeLineSearch.Line {
        final DoubleUnaryOperator phi;
        final DoubleUnaryOperator dphi;
        double lastT;
        double kept = -1;
        double slope;

        Fn(DoubleUnaryOperator phi, DoubleUnaryOperator dphi) {
            this.phi = phi;
            this.dphi = dphi;
        }

        @Override
        public double value(double t) {
            lastT = t;
            slope = dphi.applyAsDouble(t);
            return phi.applyAsDouble(t);
        }

        @Override
        public double slope() {
            return slope;
        }

        @Override
        public void keep() {
            kept = lastT;
        }
    }

    private final WolfeLineSearch search = new WolfeLineSearch(1e-4, 0.9, 30);

    private void assertStrongWolfe(Fn fn, WolfeLineSearch.Result r, double c2) {
        double f0 = fn.phi.applyAsDouble(0);
        double g0 = fn.dphi.applyAsDouble(0);
        assertTrue(r.accepted() && r.wolfe(), r.toString());
        assertEquals(r.step(), fn.kept, "the returned step must be the kept one");
        assertTrue(r.value() <= f0 + 1e-4 * r.step() * g0);
        assertTrue(Math.abs(r.slope()) <= -c2 * g0);
    }

    @Test
    void quadraticAcceptsTheFirstGoodStep() {
        Fn fn = new Fn(t -> (t - 2) * (t - 2), t -> 2 * (t - 2));
        WolfeLineSearch.Result r = search.search(fn, 4, -4, 2);
        assertStrongWolfe(fn, r, 0.9);
        assertEquals(1, r.evaluations());
    }

    @Test
    void tooShortFirstStepIsExtrapolated() {
        Fn fn = new Fn(t -> (t - 100) * (t - 100), t -> 2 * (t - 100));
        WolfeLineSearch.Result r = search.search(fn, 1e4, -200, 1e-3);
        assertStrongWolfe(fn, r, 0.9);
    }

    @Test
    void tooLongFirstStepIsZoomed() {
        Fn fn = new Fn(t -> Math.pow(t - 1e-3, 4) - 4e-3 * t, t -> 4 * Math.pow(t - 1e-3, 3) - 4e-3);
        double f0 = fn.phi.applyAsDouble(0);
        WolfeLineSearch.Result r = search.search(fn, f0, fn.dphi.applyAsDouble(0), 50);
        assertStrongWolfe(fn, r, 0.9);
    }

    @Test
    void tightCurvatureIsMetOnANonConvexLine() {
        // phi = -t / (t^2 + 2): minimum at sqrt(2); at t = 10 the slope is 0.019 |phi'(0)|.
        WolfeLineSearch tight = new WolfeLineSearch(1e-4, 0.005, 40);
        Fn fn = new Fn(t -> -t / (t * t + 2), t -> (t * t - 2) / Math.pow(t * t + 2, 2));
        WolfeLineSearch.Result r = tight.search(fn, 0, -0.5, 10);
        assertStrongWolfe(fn, r, 0.005);
        assertEquals(Math.sqrt(2), r.step(), 0.1);
    }

    @Test
    void nonFiniteValuesShrinkTheStep() {
        Fn fn = new Fn(t -> t > 1 ? Double.NaN : (t - 0.5) * (t - 0.5), t -> 2 * (t - 0.5));
        WolfeLineSearch.Result r = search.search(fn, 0.25, -1, 100);
        assertStrongWolfe(fn, r, 0.9);
    }

    @Test
    void cubicInterpolationIsExactOnACubic() {
        // f(t) = (t - 1)^3 - 3 (t - 1): local minimum at t = 2.
        DoubleUnaryOperator f = t -> Math.pow(t - 1, 3) - 3 * (t - 1);
        DoubleUnaryOperator g = t -> 3 * Math.pow(t - 1, 2) - 3;
        double m = WolfeLineSearch.cubicMinimum(0.5, f.applyAsDouble(0.5), g.applyAsDouble(0.5), 3,
            f.applyAsDouble(3), g.applyAsDouble(3));
        assertEquals(2, m, 1e-12);
    }
}
