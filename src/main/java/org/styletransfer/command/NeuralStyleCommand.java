package org.styletransfer.command;

import org.styletransfer.video.TemporalNeuralStyle;
import org.styletransfer.video.TimeAxis;
import ij.ImagePlus;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.export.Pooling;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.gatys.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PlaneSet;
import org.styletransfer.vgg.VggWeights;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.styletransfer.command.NeuralStyleSpec.*;

/**
 * Runs Neural Style Transfer (optimisation, Gatys et al.) with checked parameter values. Every
 * front end (ImageJ menu and macro, SciJava command) calls this, so they all behave the same.
 *
 * <p>Each plane is optimised at the work size ({@code max_size}) and scaled back, so the result has
 * the source's dimensions, type and calibration. Cancelling keeps the best image so far: the result
 * is returned normally, titled "cancelled at iteration k", with the planes not reached left as they
 * were.</p>
 */
public final class NeuralStyleCommand {
    private NeuralStyleCommand() {
    }

    /**
     * Stylises {@code content} (never modified).
     *
     * @param progress per-iteration progress with the loss in the status line; polled for cancel
     * @param listener per-iteration information and, when it is not {@link NeuralStyleListener#NONE},
     *                 previews every {@code preview_every} iterations
     * @throws StyleTransferException with a message for the user
     */
    public static StyleResult run(ImagePlus content, ParamValues values, Progress progress,
                                  NeuralStyleListener listener) {
        long start = System.nanoTime();
        PlaneSet planes = PlaneSet.of(content, FastStyleSpec.ALL_PLANES.equals(values.string(PLANES)));
        int evolution = values.integer(KEEP_EVOLUTION);
        if (evolution > 0 && planes.size() > 1) {
            throw new StyleTransferException("keep_evolution makes a stack of one plane's evolution: choose planes=["
                + FastStyleSpec.CURRENT_PLANE + "], or set keep_evolution=0 to stylise all " + planes.size() + " planes.");
        }
        int[] work = NeuralStyleImages.workSize(planes.width(), planes.height(), values.integer(MAX_SIZE));
        float[] mask = values.flag(USE_ROI) ? NeuralStyleImages.roiMask(content, work[0], work[1]) : null;
        // Styles first: a mistyped style name is the likeliest problem, and cheaper to find than the VGG.
        List<StyleImage> styles = NeuralStyleImages.styles(values.string(STYLE), values.string(MORE_STYLES),
            styleLonger(values, work));
        Setup setup = setup(values, work, listener, mask);

        Progress outer = progress == null ? Progress.NONE : progress;
        TimeAxis axis = TimeAxis.of(content);
        TemporalNeuralStyle frames = new TemporalNeuralStyle(setup.stylizer(), styles, setup.settings(),
            temporalOptions(values, planes.size() > 1 && axis.isTemporal()));
        NeuralStyleResult last = null;
        int k = 0;
        for (; k < planes.size(); k++) {
            ColorImage in = NeuralStyleImages.resize(planes.read(k), work[0], work[1]);
            // With all planes, plane k is stack slice k + 1: its track is its channel (and slice).
            last = frames.next(axis.track(k + 1), in, outer.part(k, planes.size(), "plane"), listener);
            planes.write(k, NeuralStyleImages.resize(last.image(), planes.width(), planes.height()));
            if (last.cancelled()) break;
        }
        boolean cancelled = last != null && last.cancelled();
        // Planes the run did not reach stay as they were, so that the result keeps the source's shape.
        for (int j = k + 1; j < planes.size(); j++) planes.write(j, planes.read(j));
        String title = baseTitle(content.getTitle()) + "-" + styleName(values)
            + (cancelled ? " (cancelled at iteration " + last.iterations() + ")" : "");
        ImagePlus image = evolution > 0 && !last.frames().isEmpty() ? evolutionStack(content, last, title)
            : planes.result(title);
        return new StyleResult(image, providerLabel(setup.provider()), providerNote(setup.provider()),
            cancelled ? k : planes.size(), (System.nanoTime() - start) / 1e9);
    }

    /** Temporal coherence between consecutive frames, when asked for and the planes form a time series. */
    private static TemporalNeuralStyle.Options temporalOptions(ParamValues values, boolean timeSeries) {
        double weight = values.number(TEMPORAL_WEIGHT);
        if (weight <= 0 || !timeSeries) return TemporalNeuralStyle.Options.off();
        return TemporalNeuralStyle.Options.defaults().withTemporalWeight(weight)
            .withLaterIterations(values.integer(LATER_ITERATIONS));
    }

    /** The stylizer and settings of the shared optimisation options, and the provider asked for. */
    record Setup(NeuralStylizer stylizer, NeuralStyleSettings settings, Provider provider) {
    }

    /**
     * Builds the optimisation from the options of {@link NeuralStyleSpec#optimisationParams()}.
     *
     * @param work     the work size (width, height) the images are optimised at
     * @param listener previews are made only for a listener that shows them
     * @param mask     style mask at the work size, or null
     */
    static Setup setup(ParamValues values, int[] work, NeuralStyleListener listener, float[] mask) {
        VggWeights weights = NeuralStyleVgg.load(values.string(VGG));
        NeuralStylizer stylizer = new NeuralStylizer(weights,
            NeuralStyleVgg.layers(weights, values.string(STYLE_LAYERS), values.string(CONTENT_LAYER)));
        Provider provider = Provider.parse(values.string(PROVIDER));
        boolean previews = listener != null && listener != NeuralStyleListener.NONE;
        NeuralStyleSettings.Builder b = NeuralStyleSettings.builder()
            .iterations(values.integer(ITERATIONS))
            .optimizer(ADAM.equals(values.string(OPTIMIZER)) ? NeuralStyleSettings.OptimizerKind.ADAM
                : NeuralStyleSettings.OptimizerKind.LBFGS)
            .learningRate(values.number(LEARNING_RATE))
            .contentWeight(values.number(CONTENT_WEIGHT))
            .styleWeight(values.number(STYLE_WEIGHT))
            .tvWeight(values.number(TV_WEIGHT))
            .seed(values.integer(SEED))
            .styleScale(values.number(STYLE_SCALE))
            .levels(values.integer(LEVELS))
            .preserveColors(values.flag(PRESERVE_COLOURS))
            .mask(mask)
            .tolerance(values.number(TOLERANCE))
            .previewEvery(previews ? values.integer(PREVIEW_EVERY) : 0)
            .frameEvery(values.params().stream().anyMatch(p -> p.key().equals(KEEP_EVOLUTION))
                ? values.integer(KEEP_EVOLUTION) : 0)
            .pooling(POOL_AVERAGE.equals(values.string(POOLING)) ? Pooling.AVERAGE : Pooling.MAX)
            .provider(provider);
        switch (values.string(INIT)) {
            case INIT_NOISE -> b.init(NeuralStyleSettings.Init.NOISE);
            case INIT_IMAGE_CHOICE -> b.initImage(NeuralStyleImages.resize(
                NeuralStyleImages.open(INIT_IMAGE, values.string(INIT_IMAGE), null).image(), work[0], work[1]));
            default -> b.init(NeuralStyleSettings.Init.CONTENT);
        }
        return new Setup(stylizer, b.build(), provider);
    }

    /** Longer side the style pictures are prepared at: the style scale of the work size. */
    static int styleLonger(ParamValues values, int[] work) {
        return (int) Math.ceil(values.number(STYLE_SCALE) * Math.max(work[0], work[1]));
    }

    private static ImagePlus evolutionStack(ImagePlus content, NeuralStyleResult r, String title) {
        List<ColorImage> frames = new ArrayList<>(r.frames());
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= frames.size(); i++) labels.add("frame " + i);
        frames.add(r.image());
        labels.add("result");
        return NeuralStyleFrames.stack(content, frames, labels, title);
    }

    /** The style part of titles and summaries: the first style's name, "+" the blended ones. */
    public static String styleName(ParamValues values) {
        StringBuilder sb = new StringBuilder(shortName(values.string(STYLE)));
        for (NeuralStyleImages.WeightedName n : NeuralStyleImages.parseWeights(values.string(MORE_STYLES))) {
            sb.append('+').append(shortName(n.name()));
        }
        return sb.toString();
    }

    /** A file's name without folder and extension; a window title as it is. */
    static String shortName(String reference) {
        String name = reference.trim();
        try {
            var file = Paths.get(name).getFileName();
            if (file != null) name = file.toString();
        } catch (java.nio.file.InvalidPathException e) {
            // A window title that is no valid path: keep it as it is.
        }
        return baseTitle(name);
    }

    static String baseTitle(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
    }

    /**
     * What the summary names as provider. The stylizer does not report the provider its session
     * got, so this is what the request resolves to in this build (Auto falls back to CPU when
     * the build has no CUDA).
     */
    static String providerLabel(Provider p) {
        return p == Provider.CPU || !OnnxEngine.cudaBuilt() ? "CPU" : "CUDA";
    }

    private static String providerNote(Provider p) {
        return p == Provider.AUTO && !OnnxEngine.cudaBuilt() ? "CUDA is not available in this ONNX Runtime build" : "";
    }

}
