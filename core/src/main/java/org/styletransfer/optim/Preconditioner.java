package org.styletransfer.optim;

/**
 * A symmetric positive definite linear map M that an optimiser applies to gradients: L-BFGS
 * starts its inverse-Hessian estimate from a multiple of M instead of the identity, so that
 * directions M favours move further per step.
 */
public interface Preconditioner {

    /** The identity: plain L-BFGS. */
    Preconditioner NONE = (v, out) -> System.arraycopy(v, 0, out, 0, v.length);

    /**
     * Writes M v into {@code out}.
     *
     * @param v   the vector; not changed
     * @param out where M v goes, as long as {@code v}; never the same array as {@code v}
     */
    void apply(float[] v, float[] out);
}
