package org.styletransfer.command;

import org.styletransfer.video.TemporalNeuralStyle;
import org.styletransfer.video.TimeAxis;
import ij.ImagePlus;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.lossgraph.Pooling;
import org.styletransfer.fast.FastStyleSettings;
import org.styletransfer.fast.FastStylizer;
import org.styletransfer.fast.StyleNetwork;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStyleSettings.Init;
import org.styletransfer.gatys.NeuralStyleSettings.OptimizerKind;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.planes.PlanePipeline.Stop;
import org.styletransfer.planes.PlaneSet;
import org.styletransfer.planes.SourceClosedException;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.universal.DecoderFiles;
import org.styletransfer.universal.UniversalSettings;
import org.styletransfer.universal.UniversalStart;
import org.styletransfer.universal.UniversalStylizer;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.styletransfer.command.NeuralStyleSpec.*;

/**
 * Runs Neural Style Transfer (optimisation, Gatys et al.) with checked parameter values. Every
 * front end (ImageJ menu and macro, SciJava command) calls this, so they all behave the same.
 *
 * <p>Each plane is optimised at the work size ({@code max_size}) and scaled back, so the result has
 * the source's dimensions, type and calibration. Cancelling keeps what was done: the planes
 * finished, and the best image so far of the plane being optimised when it had at least one
 * iteration; the title says where the run stopped. Planes not reached are not in the result, nor
 * are those of a hyperstack's partly done last time point (see {@link PlaneSet#kept()}).
 * Closing the source (or a style image) while it runs does not stop it: they are read before.</p>
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
     * @throws CancelledException     when cancelled before any plane had an iteration
     */
    public static StyleResult run(ImagePlus content, ParamValues values, Progress progress,
                                  NeuralStyleListener listener) {
        long start = System.nanoTime();
        PlaneScope scope = values.choice(PLANES, PlaneScope.class);
        ResultRecord record = ResultRecord.of(content, scope);
        ImagePlus input = scope.input(content);
        PlaneSet planes = PlaneSet.of(input, scope.all());
        int evolution = values.integer(KEEP_EVOLUTION);
        if (evolution > 0 && planes.size() > 1) {
            throw new StyleTransferException("keep_evolution makes a stack of one plane's evolution: choose planes=["
                + PlaneScope.CURRENT.label() + "], or set keep_evolution=0 to stylise all " + planes.size() + " planes.");
        }
        int[] work = workSize(planes.width(), planes.height(), values.integer(MAX_SIZE));
        AnnotationGuard guard = protection(input, values, planes);
        float[] mask = styleMask(input, values, planes, work, guard);
        // Styles first: a mistyped style name is the likeliest problem, and cheaper to find than the VGG.
        List<StyleImage> styles = NeuralStyleImages.styles(values.string(STYLE), values.string(MORE_STYLES),
            styleLonger(values, work));
        Progress outer = progress == null ? Progress.NONE : progress;
        Setup setup = setup(values, work, listener, mask, outer);

        TemporalNeuralStyle frames = new TemporalNeuralStyle(setup.stylizer(), styles, setup.settings(),
            temporalOptions(values, planes.size() > 1 && FastStyleCommand.timeAxis(planes).isTemporal()));
        UnaryOperator<ColorImage> seen = guard == null ? UnaryOperator.identity() : guard::withoutAnnotations;
        Planes done = stylizePlanes(planes, work, seen, frames, outer, listener);
        String note = PartialRun.note(done.stop(), planes, done.stoppedAt(planes));
        String title = baseTitle(planes.title()) + "-" + styleName(values) + (note.isEmpty() ? "" : " " + note);
        ImagePlus image = evolution > 0 && !done.last().frames().isEmpty() ? evolutionStack(planes, done.last(), title)
            : planes.result(title);
        // After CUDA failed, later planes stay on the CPU and their provider repeats where it failed.
        List<String> notes = new ArrayList<>(done.notes());
        if (guard != null && !guard.note().isEmpty()) notes.add(guard.note());
        StyleResult result = new StyleResult(image, done.last().provider(), done.last().providerNote(), notes,
            PartialRun.stylised(planes), (System.nanoTime() - start) / 1e9, planes.size(), !note.isEmpty(), note);
        return record.finish(result, TITLE, values, modelFiles(values));
    }

    /**
     * protect_annotations: the annotations of each plane are put back into its result, and
     * (through {@link #styleMask} and the content given to the optimisation) left out of the
     * statistics; null when the option is off.
     *
     * @throws StyleTransferException when use_roi and annotations_from=Selection both claim the selection
     */
    private static AnnotationGuard protection(ImagePlus input, ParamValues values, PlaneSet planes) {
        if (values.flag(USE_ROI) && AnnotationSpec.selectionMarksAnnotations(values)) {
            throw new StyleTransferException("use_roi and annotations_from=Selection both use the selection: turn"
                + " use_roi off, or mark the annotations another way (annotations_from=Automatic or Overlay).");
        }
        return AnnotationGuard.protect(input, values, planes);
    }

    /**
     * The style mask at the work size: the selection's with use_roi, times 0 on the annotations
     * {@code guard} finds (null for none); null for no mask.
     */
    private static float[] styleMask(ImagePlus input, ParamValues values, PlaneSet planes, int[] work,
                                     AnnotationGuard guard) {
        float[] mask = values.flag(USE_ROI) ? NeuralStyleImages.roiMask(input, work[0], work[1]) : null;
        return guard == null ? mask : guard.styleMask(planes, work[0], work[1], mask);
    }

    /** The model files a run with {@code values} uses, for the result's record: the VGG weights, the start network. */
    static List<Path> modelFiles(ParamValues values) {
        List<Path> files = new ArrayList<>();
        files.add(NeuralStyleVgg.file(values.string(VGG)));
        if (values.choice(INIT, Init.class) == Init.MODEL) {
            files.add(ModelCatalog.get().resolve(values.string(INIT_MODEL).trim()).file());
        }
        return files;
    }

    /**
     * What the plane loop did.
     *
     * @param stop        why it ended
     * @param last        the optimisation of the last plane optimised, or null when none was
     * @param notes       the notes of every plane optimised, each prefixed "plane k/n: " when there are several
     * @param interrupted the plane (0-based) cancelled within, kept with the iterations it had; -1 when none
     */
    private record Planes(Stop stop, NeuralStyleResult last, List<String> notes, int interrupted) {
        /** Where a run cancelled within a plane stopped, when that plane is in the result; else "". */
        String stoppedAt(PlaneSet planes) {
            if (interrupted < 0 || interrupted >= planes.kept().planes()) return "";
            int n = planes.size();
            return "at iteration " + last.iterations() + (n > 1 ? " of plane " + (interrupted + 1) + " of " + n : "");
        }
    }

    /**
     * Optimises the planes in order and writes each to {@code planes}, until all are done or the
     * run stops: a cancel between planes, a cancel within a plane (whose best image so far is
     * kept when it had an iteration), or a source closed and no longer readable.
     *
     * <p>A plane that cannot be read (its file gone) is written blank and the run goes on.</p>
     *
     * @param content what the optimisation takes of a plane (the plane without its annotations
     *                with protect_annotations); the result is written for the plane as read
     */
    private static Planes stylizePlanes(PlaneSet planes, int[] work, UnaryOperator<ColorImage> content,
                                        TemporalNeuralStyle frames, Progress outer,
                                        NeuralStyleListener listener) {
        TimeAxis axis = FastStyleCommand.timeAxis(planes);
        int n = planes.size();
        NeuralStyleResult last = null;
        List<String> notes = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (outer.isCancelled() || Thread.currentThread().isInterrupted()) {
                return new Planes(Stop.CANCELLED, last, notes, -1);
            }
            Progress part = outer.part(k, n, "plane");
            // Exporting the graphs and computing the targets take a while before the first iteration.
            part.update(0, 1, "Preparing the style and content targets");
            NeuralStyleResult r;
            try {
                PlaneSet.Frame frame = planes.readFrame(k);
                if (!frame.readable()) {
                    planes.write(frame, null);
                    continue;
                }
                ColorImage in = NeuralStyleImages.resize(content.apply(frame.image()), work[0], work[1]);
                // With all planes, plane k is stack slice k + 1: its track is its channel (and slice).
                r = frames.next(axis.track(k + 1), in, part, listener);
                // As the status line showed them (see Progress.part), so that the log and the summary agree.
                for (String note : r.notes()) notes.add(n > 1 ? "plane " + (k + 1) + "/" + n + ": " + note : note);
                if (r.cancelled() && r.iterations() == 0) return new Planes(Stop.CANCELLED, last, notes, -1);
                planes.write(frame, NeuralStyleImages.resize(r.image(), planes.width(), planes.height()));
            } catch (SourceClosedException e) {
                return new Planes(Stop.SOURCE_CLOSED, last, notes, -1);
            }
            last = r;
            if (r.cancelled()) return new Planes(Stop.CANCELLED, r, notes, k);
        }
        return new Planes(Stop.NONE, last, notes, -1);
    }

    /** Temporal coherence between consecutive frames, when asked for and the planes form a time series. */
    private static TemporalNeuralStyle.Options temporalOptions(ParamValues values, boolean timeSeries) {
        double weight = values.number(TEMPORAL_WEIGHT);
        if (weight <= 0 || !timeSeries) return TemporalNeuralStyle.Options.off();
        return TemporalNeuralStyle.Options.defaults().withTemporalWeight(weight)
            .withLaterIterations(values.integer(LATER_ITERATIONS));
    }

    /** The stylizer and settings of the shared optimisation options. */
    record Setup(NeuralStylizer stylizer, NeuralStyleSettings settings) {
    }

    /**
     * Builds the optimisation from the options of {@link NeuralStyleSpec#optimisationParams()}.
     *
     * @param work     the work size (width, height) the images are optimised at
     * @param listener previews are made only for a listener that shows them
     * @param mask     style mask at the work size, or null
     * @param progress told while the weights load, which may take seconds; a cancel meanwhile stops
     *                 the run once they are loaded
     * @throws CancelledException when cancelled while the weights were loading
     */
    static Setup setup(ParamValues values, int[] work, NeuralStyleListener listener, float[] mask, Progress progress) {
        progress.update(0, 1, "Loading the VGG-19 weights");
        VggWeights weights = NeuralStyleVgg.load(values.string(VGG));
        progress.checkCancelled();
        NeuralStylizer stylizer = new NeuralStylizer(weights,
            NeuralStyleVgg.layers(weights, values.string(STYLE_LAYERS), values.string(CONTENT_LAYER)));
        boolean previews = listener != null && listener != NeuralStyleListener.NONE;
        NeuralStyleSettings.Builder b = settings(values).mask(mask)
            .previewEvery(previews ? values.integer(PREVIEW_EVERY) : 0);
        switch (values.choice(INIT, Init.class)) {
            case IMAGE -> b.initImage(NeuralStyleImages.resize(
                NeuralStyleImages.open(INIT_IMAGE, values.string(INIT_IMAGE), null).image(), work[0], work[1]));
            case MODEL -> {
                progress.update(0, 1, "Loading model " + values.string(INIT_MODEL).trim());
                b.initModel(fastStart(values.string(INIT_MODEL), values.choice(PROVIDER, Provider.class),
                    values.integer(THREADS), message -> progress.note("start image: " + message)));
            }
            case UNIVERSAL -> b.initUniversal(universalStart(values, weights, work, progress));
            case CONTENT, NOISE, COLOURS -> { }
        }
        return new Setup(stylizer, b.build());
    }

    /**
     * The settings of the optimisation options that need no image: all but the mask, previews and
     * the start image of {@code init=image}, {@code model} or {@code universal} (with those, the init
     * is left at content for the caller to set). The options' defaults give {@link NeuralStyleSettings#defaults()}.
     */
    public static NeuralStyleSettings.Builder settings(ParamValues values) {
        Init init = values.choice(INIT, Init.class);
        return NeuralStyleSettings.builder()
            .iterations(values.integer(ITERATIONS))
            .optimizer(values.choice(OPTIMIZER, OptimizerKind.class))
            .learningRate(values.number(LEARNING_RATE))
            .contentWeight(values.number(CONTENT_WEIGHT))
            .styleWeight(values.number(STYLE_WEIGHT))
            .tvWeight(values.number(TV_WEIGHT))
            .init(init.madeByStylizer() ? init : Init.CONTENT)
            .seed(values.integer(SEED))
            .styleScale(values.number(STYLE_SCALE))
            .levels(values.integer(LEVELS))
            .coarseIterations(values.integer(COARSE_ITERATIONS))
            .preserveColors(values.flag(PRESERVE_COLOURS))
            .tolerance(values.number(TOLERANCE))
            .frameEvery(values.params().stream().anyMatch(p -> p.key().equals(KEEP_EVOLUTION))
                ? values.integer(KEEP_EVOLUTION) : 0)
            .pooling(values.choice(POOLING, Pooling.class))
            .provider(values.choice(PROVIDER, Provider.class))
            .threads(values.integer(THREADS));
    }

    /**
     * The start images of {@code init=universal}: universal style transfer of the content with the
     * run's style(s) (style and more_styles, at its style_scale), with every level the installed
     * decoders have. Styles and decoders are read here, so that a problem stops the run before any
     * optimisation.
     *
     * @throws StyleTransferException for a command without those options, or without decoders
     */
    static UnaryOperator<ColorImage> universalStart(ParamValues values, VggWeights weights, int[] work,
                                                    Progress progress) {
        if (values.params().stream().noneMatch(p -> p.key().equals(MORE_STYLES))) {
            throw new StyleTransferException("init=universal needs the style and more_styles options of Neural Style"
                + " Transfer; choose another init here.");
        }
        progress.update(0, 1, "Preparing universal style transfer for the start image");
        int edge = (int) Math.min(UniversalStylizer.STATS_MAX_EDGE,
            Math.round(values.number(STYLE_SCALE) * Math.max(work[0], work[1])));
        return universalStart(weights, NeuralStyleImages.stylesAt(values.string(STYLE), values.string(MORE_STYLES),
            edge), values.choice(PROVIDER, Provider.class), values.integer(THREADS),
            message -> progress.note("start image: " + message), progress::checkCancelled);
    }

    /**
     * The start images of {@code init=universal} for given style pictures: the content in the
     * styles' colours, then universal style transfer at {@link UniversalStart#STRENGTH} with every
     * level the installed decoders have, with the detail the decoders lose put back.
     *
     * @param threads ONNX Runtime threads of its runs; 0 for the engine's default
     * @param notes   told what the runs had to change (CUDA failed, smaller tiles)
     * @param tick    called before every tile; it may throw to cancel
     * @throws StyleTransferException when no decoders are installed
     */
    public static UnaryOperator<ColorImage> universalStart(VggWeights weights, List<StyleImage> styles,
                                                           Provider provider, int threads, Consumer<String> notes,
                                                           Runnable tick) {
        UniversalStart s = new UniversalStart(weights, DecoderFiles.loadAvailable(UniversalSettings.DEFAULT_LEVELS,
            "", weights), styles, provider, threads).onNote(notes);
        return content -> s.apply(content, tick);
    }

    /**
     * The start images of {@code init=model}: what the fast style network {@code model} (catalogue id
     * or file) makes of each plane, tiled as Fast Style Transfer tiles. The network is loaded here, so
     * that a wrong name stops the run before any optimisation.
     *
     * @param threads ONNX Runtime threads of the network's runs; 0 for the engine's default
     * @param notes told what the network's run had to change (CUDA failed, smaller tiles after
     *              running out of memory), as Fast Style Transfer tells it
     * @throws StyleTransferException when no model is named or it cannot be loaded
     */
    public static UnaryOperator<ColorImage> fastStart(String model, Provider provider, int threads,
                                                      Consumer<String> notes) {
        String name = model.trim();
        if (name.isEmpty()) {
            throw new StyleTransferException("init=model needs init_model: the id of a fast style model, ideally one"
                + " trained on this style (e.g. 'wave' for The Great Wave), or the path of an .onnx file."
                + " Plugins > Style Transfer > Models lists the ids.");
        }
        StyleNetwork net = StyleNetwork.open(ModelCatalog.get().resolve(name), provider, threads);
        FastStylizer fast = new FastStylizer(List.of(net), new double[] {1}, FastStyleSettings.defaults()).onNote(notes);
        return content -> fast.apply(content, () -> { });
    }

    /**
     * The size the images are optimised at: {@code width x height} with the longer side capped at
     * {@code maxSize} (0: full size).
     *
     * @throws StyleTransferException when {@code maxSize} makes the image too small to optimise,
     *                                naming max_size as the cause and the smallest value that works
     */
    static int[] workSize(int width, int height, int maxSize) {
        int[] work = NeuralStyleImages.workSize(width, height, maxSize);
        if (Math.min(work[0], work[1]) >= NeuralStylizer.MIN_SIDE || Math.min(width, height) < NeuralStylizer.MIN_SIDE) {
            // An image that is too small at full size is the optimisation's own message to give.
            return work;
        }
        int least = maxSize;
        while (shorterSide(width, height, least) < NeuralStylizer.MIN_SIDE) least++;
        throw new StyleTransferException(MAX_SIZE + "=" + maxSize + " makes the " + width + "x" + height + " image "
            + work[0] + "x" + work[1] + ", too small to optimise; use " + MAX_SIZE + "=0 for full size or at least "
            + least + ".");
    }

    private static int shorterSide(int width, int height, int maxSize) {
        int[] work = NeuralStyleImages.workSize(width, height, maxSize);
        return Math.min(work[0], work[1]);
    }

    /** Longer side the style pictures are prepared at: the style scale of the work size. */
    static int styleLonger(ParamValues values, int[] work) {
        return (int) Math.ceil(values.number(STYLE_SCALE) * Math.max(work[0], work[1]));
    }

    private static ImagePlus evolutionStack(PlaneSet content, NeuralStyleResult r, String title) {
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
        for (WeightedList.Entry n : NeuralStyleImages.MORE_STYLES_LIST.parse(values.string(MORE_STYLES))) {
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
}
