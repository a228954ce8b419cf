package org.styletransfer.optim;

/**
 * Adam (Kingma &amp; Ba 2015): one gradient evaluation per iteration, a per-parameter step size
 * from running moments of the gradient. The loss is not monotone, so the best evaluated point is
 * kept in a separate copy.
 */
public final class Adam implements Optimizer {

    /**
     * Tuning of Adam.
     *
     * @param learningRate step size (in parameter units: grey levels for an image)
     * @param beta1        decay of the first-moment (mean) estimate
     * @param beta2        decay of the second-moment (uncentred variance) estimate
     * @param epsilon      added to the root of the second moment to bound the step
     */
    public record Options(double learningRate, double beta1, double beta2, double epsilon) {
        public Options {
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive");
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1)");
            }
            if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be positive");
        }

        /** The usual betas 0.9 and 0.999 and epsilon 1e-8 with the given learning rate. */
        public static Options withLearningRate(double learningRate) {
            return new Options(learningRate, 0.9, 0.999, 1e-8);
        }
    }

    private final Objective objective;
    private final Options options;
    private final float[] x;
    private final float[] g;
    private final float[] m;
    private final float[] v;
    private final float[] best;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private double initialLoss = Double.NaN;
    private double learningRate;
    private double beta1Power = 1;
    private double beta2Power = 1;
    private int iteration;

    /**
     * @param x0 the start; it is updated in place and is the live {@link #parameters()} array
     */
    public Adam(Objective objective, float[] x0, Options options) {
        this.objective = objective;
        this.options = options;
        this.learningRate = options.learningRate();
        int n = x0.length;
        this.x = x0;
        this.g = new float[n];
        this.m = new float[n];
        this.v = new float[n];
        this.best = x0.clone();
    }

    @Override
    public Step step() {
        double f = objective.evaluate(x, g);
        iteration++;
        if (iteration == 1) initialLoss = f;
        if (f < bestLoss) {
            bestLoss = f;
            System.arraycopy(x, 0, best, 0, x.length);
        }
        update();
        return new Step(iteration, f, iteration, Status.PROGRESS);
    }

    /** Moments, bias correction and the step, fused in one pass over the parameters. */
    private void update() {
        double b1 = options.beta1();
        double b2 = options.beta2();
        beta1Power *= b1;
        beta2Power *= b2;
        // Bias correction folded into the step size and epsilon, as in the paper's section 2.
        double stepSize = learningRate * Math.sqrt(1 - beta2Power) / (1 - beta1Power);
        double eps = options.epsilon() * Math.sqrt(1 - beta2Power);
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        for (int i = 0; i < x.length; i++) {
            float gi = g[i];
            float mi = fb1 * m[i] + (1 - fb1) * gi;
            float vi = fb2 * v[i] + (1 - fb2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            x[i] -= (float) (stepSize * mi / (Math.sqrt(vi) + eps));
        }
    }

    /**
     * Changes the learning rate for the following iterations (a schedule); the moments are kept.
     *
     * @throws IllegalArgumentException unless positive
     */
    public void setLearningRate(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + rate);
        }
        learningRate = rate;
    }

    /**
     * What Adam carries from one iteration to the next besides the parameters: with them, enough
     * to continue exactly where it stopped (checkpoints of long trainings).
     *
     * @param iteration  iterations done
     * @param beta1Power beta1 to the power {@code iteration}, as accumulated (bit-exact)
     * @param beta2Power beta2 to the power {@code iteration}
     * @param m          first moments
     * @param v          second moments
     */
    public record State(int iteration, double beta1Power, double beta2Power, float[] m, float[] v) {
    }

    /** A copy of the moments and counters. */
    public State state() {
        return new State(iteration, beta1Power, beta2Power, m.clone(), v.clone());
    }

    /**
     * Continues from a saved state; the parameters are the ones this Adam was made with.
     *
     * @throws IllegalArgumentException when the moments do not match the parameter count
     */
    public void restore(State state) {
        if (state.m().length != m.length || state.v().length != v.length) {
            throw new IllegalArgumentException("saved Adam moments have " + state.m().length + " values, the parameters "
                    + m.length);
        }
        iteration = state.iteration();
        beta1Power = state.beta1Power();
        beta2Power = state.beta2Power();
        System.arraycopy(state.m(), 0, m, 0, m.length);
        System.arraycopy(state.v(), 0, v, 0, v.length);
    }

    @Override
    public float[] parameters() {
        return x;
    }

    @Override
    public float[] best() {
        return best;
    }

    @Override
    public double bestLoss() {
        return bestLoss;
    }

    @Override
    public double initialLoss() {
        return initialLoss;
    }

    @Override
    public int evaluations() {
        return iteration;
    }
}
