package org.styletransfer.optim;

/**
 * A line search for the strong Wolfe conditions: bracketing followed by "zoom" with safeguarded
 * cubic interpolation (the scheme of Nocedal &amp; Wright, Numerical Optimization, ch. 3.5).
 *
 * <p>It works on scalars only; the caller's {@link Line} holds the vectors. Whenever a trial
 * point becomes the best point satisfying sufficient decrease the search calls
 * {@link Line#keep()}, so that the point finally returned is always the kept one and never has
 * to be evaluated again (an evaluation of the style loss costs a full network pass).
 */
final class WolfeLineSearch {

    /** The function along the search direction, phi(t) = f(x + t d). */
    interface Line {
        /** Evaluates phi at t; {@link #slope()} then returns phi'(t). */
        double value(double t);

        /** phi'(t) of the last {@link #value(double)} call. */
        double slope();

        /** Keeps the last evaluated point as the current best candidate. */
        void keep();
    }

    /**
     * Outcome of a search.
     *
     * @param step        the accepted step (0 when nothing was accepted)
     * @param value       phi(step)
     * @param slope       phi'(step)
     * @param evaluations evaluations this search used
     * @param accepted    true when a point with sufficient decrease was kept
     * @param wolfe       true when that point also satisfies the strong curvature condition
     */
    record Result(double step, double value, double slope, int evaluations, boolean accepted, boolean wolfe) {
    }

    /** A point on the line: step, value and slope. */
    private record Point(double t, double f, double g) {
    }

    /** Largest factor by which one bracketing step grows the trial step. */
    private static final double MAX_GROWTH = 10;
    /** Zoom keeps trial steps this fraction of the interval away from its ends. */
    private static final double MARGIN = 0.1;
    /** Relative interval width below which float parameters no longer change. */
    private static final double MIN_RELATIVE_WIDTH = 1e-7;

    private final double c1;
    private final double c2;
    private final int maxEvaluations;

    /**
     * @param c1             sufficient decrease constant (1e-4 is usual)
     * @param c2             curvature constant, c1 &lt; c2 &lt; 1 (0.9 for quasi-Newton methods)
     * @param maxEvaluations evaluations one search may use
     */
    WolfeLineSearch(double c1, double c2, int maxEvaluations) {
        if (!(0 < c1 && c1 < c2 && c2 < 1)) throw new IllegalArgumentException("need 0 < c1 < c2 < 1");
        if (maxEvaluations < 1) throw new IllegalArgumentException("maxEvaluations must be positive");
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
    }

    /**
     * Searches along a descent direction.
     *
     * @param f0 phi(0)
     * @param g0 phi'(0), must be negative
     * @param t1 first trial step
     */
    Result search(Line line, double f0, double g0, double t1) {
        return new Search(line, f0, g0).run(t1);
    }

    /** State of one search. */
    private final class Search {
        private final Line line;
        private final double f0;
        private final double g0;
        private int evaluations;
        private Point best;

        Search(Line line, double f0, double g0) {
            this.line = line;
            this.f0 = f0;
            this.g0 = g0;
            this.best = new Point(0, f0, g0);
        }

        Result run(double t1) {
            Point prev = best;
            double t = t1;
            while (evaluations < maxEvaluations) {
                Point p = evaluate(t);
                if (!sufficientDecrease(p) || (prev.t > 0 && p.f >= prev.f)) return zoom(prev, p);
                keep(p);
                if (curvatureHolds(p)) return done(true);
                if (p.g >= 0) return zoom(p, prev);
                double next = extrapolate(prev, p);
                prev = p;
                t = next;
            }
            return done(false);
        }

        /** Narrows [lo, hi] (in either order) that contains a Wolfe point; lo is the best so far. */
        private Result zoom(Point lo, Point hi) {
            while (evaluations < maxEvaluations) {
                double width = Math.abs(hi.t - lo.t);
                if (width <= MIN_RELATIVE_WIDTH * Math.max(lo.t, hi.t)) break;
                Point p = evaluate(interpolate(lo, hi));
                if (!sufficientDecrease(p) || p.f >= lo.f) {
                    hi = p;
                    continue;
                }
                keep(p);
                if (curvatureHolds(p)) return done(true);
                if (p.g * (hi.t - lo.t) >= 0) hi = lo;
                lo = p;
            }
            return done(false);
        }

        private Point evaluate(double t) {
            evaluations++;
            double f = line.value(t);
            double g = line.slope();
            // A non-finite value means the step left the region where the loss is defined: treat
            // it as a very high value so that the bracket shrinks towards the start.
            if (!Double.isFinite(f) || !Double.isFinite(g)) return new Point(t, Double.POSITIVE_INFINITY, Double.NaN);
            return new Point(t, f, g);
        }

        private boolean sufficientDecrease(Point p) {
            return p.f <= f0 + c1 * p.t * g0;
        }

        private boolean curvatureHolds(Point p) {
            return Math.abs(p.g) <= -c2 * g0;
        }

        private void keep(Point p) {
            line.keep();
            best = p;
        }

        private Result done(boolean wolfe) {
            boolean accepted = best.t > 0;
            return new Result(best.t, best.f, best.g, evaluations, accepted, wolfe && accepted);
        }
    }

    /** Next trial beyond p while the function still decreases: the cubic's minimum, within limits. */
    static double extrapolate(Point prev, Point p) {
        double lower = p.t + 1.1 * (p.t - prev.t);
        double upper = p.t + MAX_GROWTH * (p.t - prev.t);
        double c = cubicMinimum(prev.t, prev.f, prev.g, p.t, p.f, p.g);
        if (!Double.isFinite(c) || c < lower) return Double.isFinite(c) ? lower : upper;
        return Math.min(c, upper);
    }

    /** A trial step inside the bracket, kept away from its ends so that the bracket shrinks. */
    static double interpolate(Point lo, Point hi) {
        double a = Math.min(lo.t, hi.t);
        double b = Math.max(lo.t, hi.t);
        double margin = MARGIN * (b - a);
        double c = Double.isFinite(hi.f) && Double.isFinite(hi.g)
            ? cubicMinimum(lo.t, lo.f, lo.g, hi.t, hi.f, hi.g)
            : quadraticMinimum(lo, hi);
        if (!Double.isFinite(c)) return 0.5 * (a + b);
        return Math.max(a + margin, Math.min(b - margin, c));
    }

    /**
     * Minimiser of the cubic through (a, fa) and (b, fb) with slopes ga and gb; NaN when the
     * cubic has no local minimum.
     */
    static double cubicMinimum(double a, double fa, double ga, double b, double fb, double gb) {
        double d1 = ga + gb - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - ga * gb;
        if (disc < 0) return Double.NaN;
        double d2 = Math.signum(b - a) * Math.sqrt(disc);
        double denominator = gb - ga + 2 * d2;
        if (denominator == 0) return Double.NaN;
        return b - (b - a) * (gb + d2 - d1) / denominator;
    }

    /** Minimiser of the parabola through lo (value and slope) and hi's value; NaN if none. */
    private static double quadraticMinimum(Point lo, Point hi) {
        if (!Double.isFinite(hi.f)) return Double.NaN;
        double dt = hi.t - lo.t;
        double curvature = (hi.f - lo.f - lo.g * dt) / (dt * dt);
        if (curvature <= 0) return Double.NaN;
        return lo.t - lo.g / (2 * curvature);
    }
}
