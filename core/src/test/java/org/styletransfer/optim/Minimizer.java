package org.styletransfer.optim;

/**
 * A plain driver loop around an {@link Optimizer}: iterate until an iteration limit, convergence,
 * a stall, the early-stop rule or the listener says stop.
 */
public final class Minimizer {
    private Minimizer() {
    }

    /** Why a run ended. */
    public enum StopReason {
        ITERATIONS, CONVERGED, STALLED, TOLERANCE, LISTENER
    }

    /** Called after every iteration; returning false stops the run. */
    @FunctionalInterface
    public interface Listener {
        boolean onStep(Optimizer.Step step);
    }

    /**
     * Summary of a run.
     *
     * @param iterations  iterations performed
     * @param bestLoss    lowest loss evaluated
     * @param evaluations objective evaluations
     * @param reason      why the run ended
     */
    public record Result(int iterations, double bestLoss, int evaluations, StopReason reason) {
    }

    /** Runs up to {@code maxIterations} iterations; the best point is then {@code optimizer.best()}. */
    public static Result minimize(Optimizer optimizer, int maxIterations, EarlyStop stop, Listener listener) {
        int done = 0;
        StopReason reason = StopReason.ITERATIONS;
        while (done < maxIterations) {
            Optimizer.Step s = optimizer.step();
            done++;
            if (s.status() == Optimizer.Status.CONVERGED) {
                reason = StopReason.CONVERGED;
                break;
            }
            if (s.status() == Optimizer.Status.STALLED) {
                reason = StopReason.STALLED;
                break;
            }
            if (listener != null && !listener.onStep(s)) {
                reason = StopReason.LISTENER;
                break;
            }
            if (stop.update(s.loss())) {
                reason = StopReason.TOLERANCE;
                break;
            }
        }
        return new Result(done, optimizer.bestLoss(), optimizer.evaluations(), reason);
    }

    /** Runs without early stop or listener. */
    public static Result minimize(Optimizer optimizer, int maxIterations) {
        return minimize(optimizer, maxIterations, EarlyStop.never(), null);
    }
}
