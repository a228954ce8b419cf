package org.styletransfer.command;

import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStyleSettings.Init;
import org.styletransfer.gatys.NeuralStyleSettings.OptimizerKind;
import org.styletransfer.lossgraph.Pooling;
import org.styletransfer.video.TemporalNeuralStyle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of Plugins &gt; Style Transfer &gt; Neural Style Transfer..., defined once. The
 * optimisation parameters ({@link #optimisationParams()}) are shared with the Style Interpolation
 * Sequence command ({@link InterpolationSpec}), so both read and check them with the same code.
 *
 * <p>The defaults of the optimisation options are those of {@link NeuralStyleSettings#defaults()}
 * and {@link TemporalNeuralStyle.Options}, so that the Java API and every front end agree.</p>
 *
 * <p>Style images are given as text ({@code style=[title or path]}) rather than as a choice of open
 * windows: a recorded macro line then replays whether the style is an open image or a file, and a
 * file name needs no window to be open first.</p>
 */
public final class NeuralStyleSpec {
    /** The command's title: its menu entry without "...". */
    public static final String TITLE = "Neural Style Transfer";
    public static final String STYLE = "style";
    public static final String MORE_STYLES = "more_styles";
    public static final String PLANES = FastStyleSpec.PLANES;
    public static final String USE_ROI = "use_roi";
    public static final String QUALITY = "quality";

    public static final String VGG = "vgg";
    public static final String STYLE_LAYERS = "style_layers";
    public static final String CONTENT_LAYER = "content_layer";
    public static final String ITERATIONS = "iterations";
    public static final String OPTIMIZER = "optimizer";
    public static final String LEARNING_RATE = "learning_rate";
    public static final String CONTENT_WEIGHT = "content_weight";
    public static final String STYLE_WEIGHT = "style_weight";
    public static final String TV_WEIGHT = "tv_weight";
    public static final String INIT = "init";
    public static final String INIT_IMAGE = "init_image";
    public static final String INIT_MODEL = "init_model";
    public static final String SEED = "seed";
    public static final String STYLE_SCALE = "style_scale";
    public static final String LEVELS = "levels";
    public static final String COARSE_ITERATIONS = "iterations_coarse";
    public static final String PRESERVE_COLOURS = "preserve_colours";
    public static final String MAX_SIZE = "max_size";
    public static final String POOLING = "pooling";
    public static final String PROVIDER = FastStyleSpec.PROVIDER;
    public static final String THREADS = FastStyleSpec.THREADS;
    public static final String TOLERANCE = "tolerance";
    public static final String TEMPORAL_WEIGHT = "temporal_weight";
    public static final String LATER_ITERATIONS = "iterations_after_first";
    public static final String PREVIEW_EVERY = "preview_every";
    public static final String KEEP_EVOLUTION = "keep_evolution";

    /**
     * Default work size (longer side): the cost per iteration grows with the pixel count. The
     * stylizer itself works at any size it is given; this is the commands' choice.
     */
    public static final int DEFAULT_MAX_SIZE = 512;

    /** Refresh rate of the preview window, in iterations. */
    public static final int DEFAULT_PREVIEW_EVERY = 10;

    /** The stylizer's defaults, which the options take theirs from. */
    private static final NeuralStyleSettings DEFAULTS = NeuralStyleSettings.defaults();

    private NeuralStyleSpec() {
    }

    /** The command with no style chosen yet (a macro or script must give one). */
    public static CommandSpec spec() {
        return spec("");
    }

    /**
     * The command, with {@code defaultStyle} (e.g. the title of another open image) as the style
     * shown when the dialog opens.
     */
    public static CommandSpec spec(String defaultStyle) {
        List<Param> params = new ArrayList<>(List.of(
            Param.text(STYLE, defaultStyle,
                "Style picture: the title of an open image, or a file path.")
                .labelled("Style picture").under("Style").browse(Param.PathKind.IMAGE),
            Param.text(MORE_STYLES, "",
                "More styles to blend, as 'title or file:weight', e.g. 'the_scream.jpg:0.3, udnie.jpg:0.2';"
                    + " bare file names are also looked up beside the first style. The first style gets the rest.")
                .labelled("More styles to blend (optional)").browse(Param.PathKind.IMAGE_LIST),
            qualityParam(),
            FastStyleSpec.planesParam(PlaneScope.CURRENT),
            Param.flag(USE_ROI, false,
                "Stylise only inside the image's selection (the style loss is masked; outside keeps the content).")
                .labelled("Only inside the selection"),
            Param.number(TEMPORAL_WEIGHT, TemporalNeuralStyle.Options.off().temporalWeight(), 0, 1e6,
                "Stacks and videos: weight of a temporal loss; each frame starts from the previous result moved"
                    + " along the motion (0 = off, 1 recommended).")
                .labelled("Temporal weight").under("Stacks and videos").advanced(),
            Param.integer(LATER_ITERATIONS, TemporalNeuralStyle.Options.defaults().laterIterations(), 0, 100000,
                "Iterations for frames after the first when temporal_weight > 0; 0 = same as iterations.")
                .labelled("Iterations after frame 1").advanced()));
        params.addAll(optimisationParams());
        params.add(previewParam());
        params.add(Param.integer(KEEP_EVOLUTION, DEFAULTS.frameEvery(), 0, 100000,
            "Keep a frame every this many iterations: the result becomes a stack ending with the final image; 0 for none.")
            .labelled("Keep a frame every (iterations)").advanced());
        params.addAll(AnnotationSpec.params());
        return new CommandSpec(TITLE,
            "Repaint the image in the style of a picture by optimisation (Gatys et al.) with VGG-19 on ONNX Runtime.",
            params);
    }

    /**
     * The {@code preview_every} option: how often a preview window is refreshed. A front end's
     * choice: the stylizer makes previews only when asked ({@link NeuralStyleSettings#previewEvery()}
     * is 0 by default), and the commands ask only when a window shows them.
     */
    static Param previewParam() {
        return Param.integer(PREVIEW_EVERY, DEFAULT_PREVIEW_EVERY, 0, 100000,
            "Refresh a live preview window every this many iterations; 0 for none (never in batch mode).")
            .labelled("Preview every (iterations)").under("Display").advanced();
    }

    /** The {@code vgg} option of every command built on VGG-19 features. */
    public static Param vggParam() {
        return Param.text(VGG, "",
            "VGG-19 weights (tf.js model.json, .pth or .onnx); empty for the one installed in the model folders.")
            .labelled("VGG-19 weights (optional)").under("Optimisation").browse(Param.PathKind.FILE);
    }

    /** The parameters of the optimisation itself, shared by every command built on it. */
    public static List<Param> optimisationParams() {
        return Param.allAdvanced(List.of(
            vggParam(),
            Param.text(STYLE_LAYERS, "",
                "ReLU layers for the style, e.g. 'relu1_1, relu2_1, relu3_1'; empty for the usual set of the weights.")
                .labelled("Style layers"),
            Param.text(CONTENT_LAYER, "",
                "ReLU layer for the content, e.g. 'relu3_2'; empty for the usual one of the weights.")
                .labelled("Content layer"),
            Param.integer(ITERATIONS, DEFAULTS.iterations(), 1, 100000,
                "Optimiser iterations on the full-size level (and on every level when iterations_coarse is 0).")
                .labelled("Iterations"),
            Param.choice(OPTIMIZER, OptimizerKind.class, OptimizerKind::label, DEFAULTS.optimizer(),
                "L-BFGS converges in fewer iterations; Adam's iterations are cheaper but more are needed.")
                .labelled("Optimiser"),
            Param.number(LEARNING_RATE, DEFAULTS.learningRate(), 0, 1000,
                "Step size in grey levels (L-BFGS: first trial step); 0 for the optimiser's default.")
                .labelled("Step size (0 = automatic)"),
            Param.number(CONTENT_WEIGHT, DEFAULTS.contentWeight(), 0, 1e12, "Weight of the content loss.").labelled("Content weight"),
            Param.number(STYLE_WEIGHT, DEFAULTS.styleWeight(), 0, 1e12, "Weight of the style loss.").labelled("Style weight"),
            Param.number(TV_WEIGHT, DEFAULTS.tvWeight(), 0, 1e12, "Weight of the smoothness (total variation) loss.")
                .labelled("Total variation weight"),
            Param.choice(INIT, Init.class, Init::label, DEFAULTS.init(),
                "Start from the content image, from noise (seeded), from 'init_image', from what"
                    + " the fast style model 'init_model' makes of the content, from the content in the style's"
                    + " colours lightly stylised by Universal Style Transfer ('universal': styled from"
                    + " the first iteration, for short runs and previews), or from the content in the style's"
                    + " colours alone ('colours': the fastest to full quality when the style's colours differ"
                    + " from the image's).").labelled("Start from"),
            Param.text(INIT_IMAGE, "", "Start image when init is 'image': title of an open image or a file path.")
                .labelled("Start image").browse(Param.PathKind.IMAGE),
            Param.text(INIT_MODEL, "", "Fast style model when init is 'model', ideally one trained on this style"
                + " (e.g. 'wave' for The Great Wave): catalogue id or .onnx file. Fewer iterations are needed.")
                .labelled("Start model").browse(Param.PathKind.FILE),
            Param.integer(SEED, (int) DEFAULTS.seed(), 0, Integer.MAX_VALUE,
                "Seed of the noise start; equal seeds give equal results.").labelled("Noise seed"),
            Param.number(STYLE_SCALE, DEFAULTS.styleScale(), 0.05, 8,
                "Style picture size relative to the work size (smaller = finer brush strokes).")
                .labelled("Style scale"),
            Param.integer(LEVELS, DEFAULTS.levels(), 1, 5,
                "Resolution levels, coarse to fine (2 = half size first); each starts from the previous one.")
                .labelled("Resolution levels"),
            Param.integer(COARSE_ITERATIONS, DEFAULTS.coarseIterations(), 0, 100000,
                "Iterations per coarse level (all levels but the last, full-size one), at most iterations; 0 = same as "
                    + "iterations.").labelled("Iterations per coarse level"),
            Param.flag(PRESERVE_COLOURS, DEFAULTS.preserveColors(),
                "Keep the content's colours; only light and dark come from the style.")
                .labelled("Keep the image's colours"),
            Param.integer(MAX_SIZE, DEFAULT_MAX_SIZE, 0, 16384,
                "Work size: the longer side is reduced to this for the optimisation and the result scaled back;"
                    + " 0 for full size.").labelled("Work size (px, 0 = full)"),
            Param.choice(POOLING, Pooling.class, Pooling::label, DEFAULTS.pooling(),
                "Pooling between VGG blocks; average gives slightly smoother results.").labelled("Pooling"),
            FastStyleSpec.providerParam(DEFAULTS.provider()).under("Performance"),
            Param.number(TOLERANCE, DEFAULTS.tolerance(), 0, 1,
                "Stop early when the loss improves by less than this fraction per iteration; 0 never stops early.")
                .labelled("Stop below improvement"),
            FastStyleSpec.threadsParam()));
    }

    /**
     * {@code quality}: a preset of iterations, work size and levels. Balanced is the options'
     * defaults, so that macros recorded before the preset existed replay unchanged.
     */
    static Param qualityParam() {
        return Param.choice(QUALITY, Quality.class, Quality::label, Quality.BALANCED,
                "Quick: a rough look in seconds; Balanced: the defaults; Best: larger, three levels, more iterations."
                    + " The advanced options override it.")
            .labelled("Quality").presets(Quality.presets());
    }

    /** The presets of {@code quality}: what each sets, unless the option is given otherwise. */
    public enum Quality {
        QUICK("Quick", 40, 256, 1, 40),
        BALANCED("Balanced", DEFAULTS.iterations(), DEFAULT_MAX_SIZE, DEFAULTS.levels(), DEFAULTS.coarseIterations()),
        BEST("Best", 300, 1024, 3, 100);

        private final String label;
        private final Map<String, Object> values;

        Quality(String label, int iterations, int maxSize, int levels, int coarseIterations) {
            this.label = label;
            this.values = Map.of(ITERATIONS, iterations, MAX_SIZE, maxSize, LEVELS, levels,
                COARSE_ITERATIONS, coarseIterations);
        }

        /** The text in dialogs and macros. */
        public String label() {
            return label;
        }

        /** The options this preset sets. */
        public Map<String, Object> settings() {
            return values;
        }

        static Map<String, Map<String, Object>> presets() {
            Map<String, Map<String, Object>> all = new LinkedHashMap<>();
            for (Quality q : values()) all.put(q.label, q.values);
            return all;
        }
    }
}
