package org.styletransfer.gatys;

import org.styletransfer.engine.Provider;
import org.styletransfer.lossgraph.Pooling;
import org.styletransfer.image.ColorImage;

import java.util.function.UnaryOperator;

/**
 * Everything that steers one optimisation-based style transfer, except the images themselves.
 * Build one with {@link #builder()}; unset fields keep the values of {@link #defaults()}.
 *
 * @param iterations     optimiser iterations per resolution level
 * @param optimizer      L-BFGS (fewer, costlier iterations; the usual choice) or Adam
 * @param learningRate   L-BFGS: largest pixel change of the first trial step; Adam: step size in
 *                       grey levels; 0 or less picks the optimiser's default
 * @param contentWeight  weight of the content loss
 * @param styleWeight    weight of the style loss
 * @param tvWeight       weight of the total-variation (smoothness) loss
 * @param init           what the optimisation starts from
 * @param initImage      the start image when {@code init} is {@link Init#IMAGE} (resized to the content), else null
 * @param initModel      when {@code init} is {@link Init#MODEL} or {@link Init#UNIVERSAL}: makes the start image
 *                       from the content
 *                       (a fast style network's output), else null
 * @param seed           seed of the noise start; equal seeds and settings give equal results
 * @param styleScale     style images are resized so that their longer side is this times the
 *                       content's longer side (smaller = finer brush strokes)
 * @param levels         resolution levels, coarse to fine: 1 optimises at full size only, 3 at
 *                       1/4, then 1/2, then full size, each started from the previous result
 * @param coarseIterations iterations on each level but the last (full size), at most
 *                       {@code iterations}; 0 for as many as {@code iterations}. Coarse levels only need to settle
 *                       the layout, so a few dozen to a hundred are enough there ({@value #DEFAULT_COARSE_ITERATIONS}
 *                       by default).
 * @param preserveColors transfer luminance only: the result keeps the content's colours
 * @param mask           per-pixel style strength 0..1 of the content (width*height, row-major),
 *                       style only where it is above 0; null for everywhere
 * @param tolerance      stop a level early when the loss improves by less than this fraction
 *                       per iteration (over a few iterations for Adam); 0 never stops early
 * @param previewEvery   call the listener's preview every this many iterations; 0 never
 * @param frameEvery     keep the current image as a frame of the evolution every this many
 *                       iterations; 0 keeps none
 * @param lbfgsMemory    L-BFGS correction pairs kept (two image-sized vectors each);
 *                       {@value #DEFAULT_LBFGS_MEMORY} by default, fewer when they would take over
 *                       a quarter of the native memory Java has left
 *                       ({@link org.styletransfer.engine.FloatTensor#memoryLeft})
 * @param lbfgsOctaves   octaves of L-BFGS's multi-scale preconditioner
 *                       ({@link org.styletransfer.optim.PyramidPreconditioner}); {@value #DEFAULT_LBFGS_OCTAVES} by
 *                       default, 0 for plain L-BFGS (as torch.optim.LBFGS)
 * @param pooling        pooling between VGG blocks (average gives slightly smoother results)
 * @param provider       ONNX Runtime execution provider
 * @param threads        ONNX Runtime threads of this run's model runs; 0 for the engine's default
 *                       ({@link org.styletransfer.engine.OnnxEngine#threads(int)})
 */
public record NeuralStyleSettings(int iterations, OptimizerKind optimizer, double learningRate,
                                  double contentWeight, double styleWeight, double tvWeight,
                                  Init init, ColorImage initImage, UnaryOperator<ColorImage> initModel, long seed,
                                  double styleScale, int levels,
                                  int coarseIterations, boolean preserveColors, float[] mask, double tolerance, int previewEvery,
                                  int frameEvery, int lbfgsMemory, int lbfgsOctaves, Pooling pooling, Provider provider,
                                  int threads) {

    /**
     * Default iterations: at a work size of 512 pixels one L-BFGS iteration of the partial VGG-19
     * takes about 3 s on 2 CPU cores (under 1 s on 8), and 100 iterations from the content image
     * already give a finished-looking picture; more refine the texture only slowly.
     */
    public static final int DEFAULT_ITERATIONS = 100;
    /**
     * Default iterations on each coarse level (all but the last, full-size one): they only settle
     * the layout, which a hundred L-BFGS iterations do; finer texture is the last level's work.
     */
    public static final int DEFAULT_COARSE_ITERATIONS = 100;

    /**
     * Octaves of L-BFGS's preconditioner. From the content of the time-to-quality benchmark
     * (Starry Night, 256x256) L-BFGS needed 367 evaluations to come within 5% of what 500 plain
     * iterations reach; with 2, 4 and 6 octaves 299, 292 and 284 (docs/benchmarks.md).
     */
    public static final int DEFAULT_LBFGS_OCTAVES = 6;
    /** L-BFGS correction pairs kept by default, as torch.optim.LBFGS and neural-style keep. */
    public static final int DEFAULT_LBFGS_MEMORY = 100;

    /** The optimiser that minimises the loss. */
    public enum OptimizerKind {
        LBFGS("L-BFGS"),
        ADAM("Adam");

        private final String label;

        OptimizerKind(String label) {
            this.label = label;
        }

        /** The name shown in dialogs and recorded in macros; recorded macros rely on it, so it never changes. */
        public String label() {
            return label;
        }
    }

    /** The image the optimisation starts from. */
    public enum Init {
        /** The content image: fastest to a good result, keeps the most content. */
        CONTENT("content"),
        /** White noise from the seed: the original Gatys et al. setting, more varied results. */
        NOISE("noise"),
        /** A given image, e.g. an earlier result. */
        IMAGE("image"),
        /**
         * A fast style network's output on the content (Johnson et al.), e.g. of the network trained
         * on this style: already styled at every scale, so L-BFGS needs far fewer full-size iterations.
         */
        MODEL("model"),
        /**
         * Universal style transfer for the same style(s) (WCT over VGG-19 features with trained
         * decoders) of the content in the styles' colours, at a low strength
         * ({@code universal.UniversalStart.STRENGTH}), with the detail the decoders lose put back: a
         * styled start for any style picture.
         */
        UNIVERSAL("universal"),
        /**
         * The content in the style pictures' colours ({@link org.styletransfer.universal.PixelWct}):
         * the content's structure with the styles' colour mean and covariance, inside the mask
         * where there is one. Needs no network; reaches full quality sooner than the content when
         * the style's colours are far from the content's (docs/universal.md).
         */
        COLOURS("colours");

        private final String label;

        Init(String label) {
            this.label = label;
        }

        /** True when a network makes the start image from the content ({@code initModel} of the settings). */
        public boolean madeByNetwork() {
            return this == MODEL || this == UNIVERSAL;
        }

        /**
         * True when the stylizer makes the start from the content and styles alone, so that the
         * settings need no start image or network: content, noise and colours.
         */
        public boolean madeByStylizer() {
            return this == CONTENT || this == NOISE || this == COLOURS;
        }

        /** The name shown in dialogs and recorded in macros; recorded macros rely on it, so it never changes. */
        public String label() {
            return label;
        }
    }

    public NeuralStyleSettings {
        if (iterations < 0) throw new IllegalArgumentException("iterations must not be negative");
        if (levels < 1) throw new IllegalArgumentException("levels must be at least 1");
        if (coarseIterations < 0) throw new IllegalArgumentException("coarse iterations must not be negative");
        if (!(styleScale > 0)) throw new IllegalArgumentException("style scale must be positive");
        if (contentWeight < 0 || styleWeight < 0 || tvWeight < 0) {
            throw new IllegalArgumentException("loss weights must not be negative");
        }
        if (init == Init.IMAGE && initImage == null) {
            throw new IllegalArgumentException("init IMAGE needs an initial image");
        }
        if (init.madeByNetwork() && initModel == null) {
            throw new IllegalArgumentException("init " + init + " needs a network to make the initial image");
        }
        if (lbfgsMemory < 1) throw new IllegalArgumentException("L-BFGS memory must be at least 1");
        if (lbfgsOctaves < 0) throw new IllegalArgumentException("L-BFGS octaves must not be negative");
        if (threads < 0) throw new IllegalArgumentException("threads must not be negative (0 = the default)");
        if (optimizer == null || init == null || pooling == null || provider == null) {
            throw new IllegalArgumentException("optimizer, init, pooling and provider must be set");
        }
    }

    /**
     * The defaults of every front end (menu, macro, SciJava, Java): {@value #DEFAULT_ITERATIONS} L-BFGS
     * iterations from the content image, content 1, style 1e4, tv 1e-3 (weights tuned for the
     * normalised losses of the exported graph), style scale 1, one level ({@value #DEFAULT_COARSE_ITERATIONS}
     * iterations on coarse levels when there are more), tolerance 1e-5, max pooling, Auto provider,
     * no previews and no evolution frames, the default threads.
     */
    public static NeuralStyleSettings defaults() {
        return new NeuralStyleSettings(DEFAULT_ITERATIONS, OptimizerKind.LBFGS, 0, 1, 1e4, 1e-3, Init.CONTENT, null,
            null, 0, 1.0, 1, DEFAULT_COARSE_ITERATIONS, false, null, 1e-5, 0, 0, DEFAULT_LBFGS_MEMORY, DEFAULT_LBFGS_OCTAVES, Pooling.MAX, Provider.DEFAULT, 0);
    }

    /** Iterations at the given 0-based level of {@code levelCount}: the last is full size. */
    public int iterationsAt(int level, int levelCount) {
        // A coarse level never runs more than the full-size one: a quick 10-iteration preview stays quick.
        return level < levelCount - 1 && coarseIterations > 0 ? Math.min(coarseIterations, iterations) : iterations;
    }

    /** The learning rate actually used: the given one, or the optimiser's default. */
    public double effectiveLearningRate() {
        if (learningRate > 0) return learningRate;
        // L-BFGS: a first trial step of 10 grey levels at the steepest pixel; smaller starts cost
        // extra line-search passes (each a full network evaluation) to grow the step.
        return optimizer == OptimizerKind.LBFGS ? 10.0 : 4.0;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Fluent construction; every setter returns the builder. */
    public static final class Builder {
        private int iterations;
        private OptimizerKind optimizer;
        private double learningRate;
        private double contentWeight;
        private double styleWeight;
        private double tvWeight;
        private Init init;
        private ColorImage initImage;
        private UnaryOperator<ColorImage> initModel;
        private long seed;
        private double styleScale;
        private int levels;
        private int coarseIterations;
        private boolean preserveColors;
        private float[] mask;
        private double tolerance;
        private int previewEvery;
        private int frameEvery;
        private int lbfgsMemory;
        private int lbfgsOctaves;
        private Pooling pooling;
        private Provider provider;
        private int threads;

        private Builder(NeuralStyleSettings s) {
            iterations = s.iterations;
            optimizer = s.optimizer;
            learningRate = s.learningRate;
            contentWeight = s.contentWeight;
            styleWeight = s.styleWeight;
            tvWeight = s.tvWeight;
            init = s.init;
            initImage = s.initImage;
            initModel = s.initModel;
            seed = s.seed;
            styleScale = s.styleScale;
            levels = s.levels;
            coarseIterations = s.coarseIterations;
            preserveColors = s.preserveColors;
            mask = s.mask;
            tolerance = s.tolerance;
            previewEvery = s.previewEvery;
            frameEvery = s.frameEvery;
            lbfgsMemory = s.lbfgsMemory;
            lbfgsOctaves = s.lbfgsOctaves;
            pooling = s.pooling;
            provider = s.provider;
            threads = s.threads;
        }

        public Builder iterations(int v) {
            iterations = v;
            return this;
        }

        public Builder optimizer(OptimizerKind v) {
            optimizer = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder contentWeight(double v) {
            contentWeight = v;
            return this;
        }

        public Builder styleWeight(double v) {
            styleWeight = v;
            return this;
        }

        public Builder tvWeight(double v) {
            tvWeight = v;
            return this;
        }

        /** Starts from the content image or noise. */
        public Builder init(Init v) {
            init = v;
            if (v != Init.IMAGE) initImage = null;
            if (!v.madeByNetwork()) initModel = null;
            return this;
        }

        /** Starts from the given image (sets init to {@link Init#IMAGE}). */
        public Builder initImage(ColorImage v) {
            init(Init.IMAGE);
            initImage = v;
            return this;
        }

        /**
         * Starts from what {@code model} makes of the content, called once per run with the content at
         * the size it is optimised at (sets init to {@link Init#MODEL}).
         */
        public Builder initModel(UnaryOperator<ColorImage> model) {
            init(Init.MODEL);
            initModel = model;
            return this;
        }

        /**
         * Starts from what universal style transfer ({@code universal}, for the run's styles) makes of
         * the content, called once per run with the content at the size it is optimised at (sets init
         * to {@link Init#UNIVERSAL}).
         */
        public Builder initUniversal(UnaryOperator<ColorImage> universal) {
            init(Init.UNIVERSAL);
            initModel = universal;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder styleScale(double v) {
            styleScale = v;
            return this;
        }

        public Builder levels(int v) {
            levels = v;
            return this;
        }

        public Builder coarseIterations(int v) {
            coarseIterations = v;
            return this;
        }

        public Builder preserveColors(boolean v) {
            preserveColors = v;
            return this;
        }

        public Builder mask(float[] v) {
            mask = v;
            return this;
        }

        public Builder tolerance(double v) {
            tolerance = v;
            return this;
        }

        public Builder previewEvery(int v) {
            previewEvery = v;
            return this;
        }

        public Builder frameEvery(int v) {
            frameEvery = v;
            return this;
        }

        public Builder lbfgsMemory(int v) {
            lbfgsMemory = v;
            return this;
        }

        public Builder lbfgsOctaves(int v) {
            lbfgsOctaves = v;
            return this;
        }

        public Builder pooling(Pooling v) {
            pooling = v;
            return this;
        }

        public Builder provider(Provider v) {
            provider = v;
            return this;
        }

        /** ONNX Runtime threads of the run's model runs; 0 for the engine's default. */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public NeuralStyleSettings build() {
            return new NeuralStyleSettings(iterations, optimizer, learningRate, contentWeight, styleWeight, tvWeight,
                init, initImage, initModel, seed, styleScale, levels, coarseIterations, preserveColors, mask, tolerance, previewEvery, frameEvery,
                lbfgsMemory, lbfgsOctaves, pooling, provider, threads);
        }
    }
}
