package org.styletransfer.train;

/**
 * How a decoder is trained. Defaults are the constants of this class; the command line and any
 * other front end take them from here.
 *
 * @param level         the encoder level, e.g. relu3_1
 * @param steps         Adam steps in all (a resumed run continues up to this)
 * @param batch         crops per step
 * @param crop          crop side in pixels; a multiple of 2^(poolings above the level) and at
 *                      least 4 times that
 * @param seed          seeds the initial weights and every step's crops
 * @param learningRate  Adam's learning rate at the start; it falls along a cosine to
 *                      {@value #FINAL_RATE_FRACTION} of this at the last step
 * @param featureWeight lambda: loss = pixel MSE + lambda feature MSE
 * @param threads       ONNX Runtime intra-op threads (0: the engine's default)
 * @param checkpointEvery steps between checkpoints (0: only at the end or when cancelled)
 */
public record TrainingSettings(String level, int steps, int batch, int crop, long seed, double learningRate,
        double featureWeight, int threads, int checkpointEvery) {

    /** Default steps. */
    public static final int STEPS = 2000;
    /** Default batch. */
    public static final int BATCH = 4;
    /** Default crop side. */
    public static final int CROP = 96;
    /** Default seed. */
    public static final long SEED = 1;
    /** Default initial learning rate. */
    public static final double LEARNING_RATE = 5e-4;
    /** Default feature-loss weight. */
    public static final double FEATURE_WEIGHT = 0.01;
    /** Default steps between checkpoints. */
    public static final int CHECKPOINT_EVERY = 100;
    /** The learning rate at the last step, as a fraction of the initial one. */
    public static final double FINAL_RATE_FRACTION = 0.05;

    /** @throws IllegalArgumentException naming the bad value and what is allowed */
    public TrainingSettings {
        DecoderArchitecture a = DecoderArchitecture.forLevel(level);
        int multiple = 1 << a.upsamplings();
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        if (crop % multiple != 0 || crop < 4 * multiple) {
            throw new IllegalArgumentException("crop " + crop + " does not suit " + level + ": give a multiple of "
                    + multiple + ", at least " + 4 * multiple);
        }
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        if (!(featureWeight >= 0)) {
            throw new IllegalArgumentException("feature weight must be 0 or more, got " + featureWeight);
        }
        if (threads < 0) throw new IllegalArgumentException("threads must be 0 (default) or more, got " + threads);
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint interval must be 0 or more, got " + checkpointEvery);
        }
    }

    /** The defaults for {@code level}. */
    public static TrainingSettings defaults(String level) {
        return new TrainingSettings(level, STEPS, BATCH, CROP, SEED, LEARNING_RATE, FEATURE_WEIGHT, 0,
                CHECKPOINT_EVERY);
    }

    /** Learning rate at 1-based {@code step}: cosine from the initial rate to its final fraction. */
    public double rateAt(int step) {
        double t = steps <= 1 ? 1 : (step - 1) / (double) (steps - 1);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * t));
        return learningRate * (FINAL_RATE_FRACTION + (1 - FINAL_RATE_FRACTION) * cosine);
    }
}
