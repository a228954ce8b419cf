package org.styletransfer.optim;

/**
 * A minimiser driven one iteration at a time, so that the caller can report progress, show a
 * preview, cancel or stop early between iterations. Implementations own their parameter vector:
 * it starts as the vector handed to the constructor and is updated in place.
 */
public interface Optimizer extends AutoCloseable {

    /** How an iteration ended. */
    enum Status {
        /** The iteration made progress; more may follow. */
        PROGRESS,
        /** The gradient vanished: the current point is a (numerical) minimum. */
        CONVERGED,
        /** No step along any tried direction lowered the loss; further iterations would not help. */
        STALLED
    }

    /**
     * Result of one iteration.
     *
     * @param iteration   1-based number of this iteration
     * @param loss        the loss reported for this iteration (at the new point for L-BFGS, at the
     *                    point the step started from for Adam, which does not evaluate the new one)
     * @param evaluations objective evaluations so far, all iterations together
     * @param status      whether more iterations can help
     */
    record Step(int iteration, double loss, int evaluations, Status status) {
    }

    /** Performs one iteration. Calling it after a non-{@link Status#PROGRESS} status is allowed and cheap. */
    Step step();

    /** The current parameters, live (updated in place by {@link #step()}). */
    float[] parameters();

    /** The parameters with the lowest loss evaluated so far (may be the live {@link #parameters()} array). */
    float[] best();

    /** The lowest loss evaluated so far; +infinity before the first iteration. */
    double bestLoss();

    /** The loss at the starting point; NaN before the first iteration. */
    double initialLoss();

    /** Number of objective evaluations so far. */
    int evaluations();

    /** Frees what the optimiser holds outside the Java heap (nothing by default); the parameters stay readable. */
    @Override
    default void close() {
    }
}
