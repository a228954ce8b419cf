package org.styletransfer.gatys;

/**
 * Progress of the optimisation after one iteration.
 *
 * @param level       0-based resolution level (0 = coarsest)
 * @param levels      number of levels
 * @param iteration   1-based iteration within the level
 * @param iterations  iterations per level
 * @param width       image width at this level (unpadded)
 * @param height      image height at this level
 * @param loss        the loss terms at the iterate this iteration reports (see Optimizer.Step)
 * @param evaluations loss evaluations so far in this level
 * @param seconds     seconds since the run started
 */
public record IterationInfo(int level, int levels, int iteration, int iterations, int width, int height,
                            LossTerms loss, int evaluations, double seconds) {
}
