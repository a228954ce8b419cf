package org.styletransfer.optim;

import java.util.ArrayDeque;

/**
 * Stops a minimisation when the best loss has improved by less than a relative tolerance over a
 * window of iterations. Watching the best loss over a window (rather than consecutive losses)
 * makes the rule work for Adam too, whose loss oscillates.
 */
public final class EarlyStop {
    private final double tolerance;
    private final int window;
    private final ArrayDeque<Double> bests = new ArrayDeque<>();
    private double best = Double.POSITIVE_INFINITY;

    /**
     * @param tolerance relative improvement per window below which to stop; 0 or less never stops
     * @param window    iterations the improvement is measured over (1 = consecutive iterations)
     */
    public EarlyStop(double tolerance, int window) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1");
        this.tolerance = tolerance;
        this.window = window;
    }

    /** A rule that never stops. */
    public static EarlyStop never() {
        return new EarlyStop(0, 1);
    }

    /** Records the loss of one iteration; true when the run should stop. */
    public boolean update(double loss) {
        if (loss < best) best = loss;
        bests.addLast(best);
        if (bests.size() <= window) return false;
        double old = bests.removeFirst();
        if (tolerance <= 0 || !Double.isFinite(old)) return false;
        return (old - best) <= tolerance * Math.abs(old);
    }
}
