package org.styletransfer.optim;

/**
 * A differentiable scalar function of a float vector: the thing an {@link Optimizer} minimises.
 */
@FunctionalInterface
public interface Objective {
    /**
     * Evaluates the function and its gradient at {@code x}.
     *
     * @param x        the point; must not be modified or kept
     * @param gradient receives d f / d x (same length as x); every element must be written
     * @return f(x); non-finite values are treated by the optimisers as "too far"
     */
    double evaluate(float[] x, float[] gradient);
}
