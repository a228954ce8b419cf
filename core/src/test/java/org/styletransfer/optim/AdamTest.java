package org.styletransfer.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamTest {

    @Test
    void firstStepMovesEachParameterByTheLearningRate() {
        float[] x = {0f, 0f};
        Adam adam = new Adam(TestFunctions.quadratic(2, 100), x, Adam.Options.withLearningRate(0.1));
        adam.step();
        // With bias correction the first step is lr * sign(g) in every coordinate.
        assertEquals(0.1, x[0], 1e-6);
        assertEquals(0.1, x[1], 1e-6);
    }

    @Test
    void rosenbrock2dGetsClose() {
        Adam adam = new Adam(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(2), Adam.Options.withLearningRate(0.02));
        Minimizer.minimize(adam, 5000);
        assertTrue(adam.bestLoss() < 1e-3, "loss " + adam.bestLoss());
    }

    @Test
    void bestIsTheLowestEvaluatedPoint() {
        // A large learning rate makes Adam oscillate: the live point is then often not the best.
        Objective quad = TestFunctions.quadratic(10, 10);
        Adam adam = new Adam(quad, new float[10], Adam.Options.withLearningRate(0.5));
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 100; i++) lowest = Math.min(lowest, adam.step().loss());
        assertEquals(lowest, adam.bestLoss());
        assertEquals(lowest, quad.evaluate(adam.best(), new float[10]), 1e-12);
    }

    @Test
    void reproducible() {
        float[] a = TestFunctions.rosenbrockStart(10);
        float[] b = TestFunctions.rosenbrockStart(10);
        Minimizer.minimize(new Adam(TestFunctions::rosenbrock, a, Adam.Options.withLearningRate(0.01)), 300);
        Minimizer.minimize(new Adam(TestFunctions::rosenbrock, b, Adam.Options.withLearningRate(0.01)), 300);
        assertArrayEquals(a, b);
    }

    @Test
    void lbfgsNeedsFewerEvaluationsThanAdamOnAnIllConditionedQuadratic() {
        int n = 100;
        Objective quad = TestFunctions.rotatedQuadratic(n, 1e3, 7);
        double target = 1e-6 * quad.evaluate(new float[n], new float[n]);
        int lbfgs = evaluationsToReach(quad, new float[n], target, 0);
        int adam = bestAdam(quad, n, target, new float[n]);
        System.out.printf("rotated quadratic n=100, condition 1e3, loss down 1e6x: L-BFGS %d evaluations, Adam %d%n",
            lbfgs, adam);
        // Momentum gives Adam the same sqrt(condition) rate as L-BFGS here: a smaller margin.
        assertTrue(lbfgs * 1.3 < adam, "L-BFGS " + lbfgs + " vs Adam " + adam);
    }

    @Test
    void lbfgsNeedsFarFewerEvaluationsThanAdamOnRosenbrock() {
        double target = 1e-6;
        int lbfgs = evaluationsToReach(TestFunctions::rosenbrock, TestFunctions.rosenbrockStart(2), target, 0);
        int adam = bestAdam(TestFunctions::rosenbrock, 2, target, TestFunctions.rosenbrockStart(2));
        System.out.printf("Rosenbrock n=2 to loss 1e-6: L-BFGS %d evaluations, Adam %d%n", lbfgs, adam);
        assertTrue(lbfgs * 8 < adam, "L-BFGS " + lbfgs + " vs Adam " + adam);
    }

    /** Adam at its best learning rate among a few, to be fair to it. */
    private static int bestAdam(Objective f, int n, double target, float[] start) {
        int best = Integer.MAX_VALUE;
        for (double lr : new double[] {0.003, 0.01, 0.03, 0.1, 0.3}) {
            best = Math.min(best, evaluationsToReach(f, start.clone(), target, lr));
        }
        return best;
    }

    /** Evaluations L-BFGS (adamRate 0) or Adam needs to reach the target; MAX_VALUE if it does not. */
    private static int evaluationsToReach(Objective objective, float[] x, double target, double adamRate) {
        TestFunctions.Counting f = new TestFunctions.Counting(objective);
        Optimizer opt = adamRate == 0 ? new Lbfgs(f, x) : new Adam(f, x, Adam.Options.withLearningRate(adamRate));
        for (int i = 0; i < 20000 && opt.bestLoss() > target; i++) opt.step();
        if (adamRate == 0) assertTrue(opt.bestLoss() <= target, "L-BFGS did not reach the target");
        return opt.bestLoss() <= target ? f.calls : Integer.MAX_VALUE;
    }

    @Test
    void earlyStopEndsARunThatNoLongerImproves() {
        Lbfgs opt = new Lbfgs(TestFunctions.quadratic(20, 10), new float[20]);
        Minimizer.Result r = Minimizer.minimize(opt, 1000, new EarlyStop(1e-6, 1), null);
        assertTrue(r.iterations() < 100);
        assertTrue(r.reason() == Minimizer.StopReason.TOLERANCE || r.reason() == Minimizer.StopReason.STALLED
            || r.reason() == Minimizer.StopReason.CONVERGED, r.reason().toString());
    }
}
