package org.styletransfer.command;

import ij.ImagePlus;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.gatys.ImageOps;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.FrameTimer;
import org.styletransfer.planes.PlanePipeline;
import org.styletransfer.planes.PlaneSet;
import org.styletransfer.planes.SelectionArea;
import org.styletransfer.universal.Decoder;
import org.styletransfer.universal.DecoderFiles;
import org.styletransfer.universal.Method;
import org.styletransfer.image.StyleImage;
import org.styletransfer.universal.UniversalSettings;
import org.styletransfer.universal.UniversalStylizer;
import org.styletransfer.vgg.VggWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static org.styletransfer.command.UniversalStyleSpec.*;

/**
 * Runs Universal Style Transfer with checked parameter values; every front end calls this. The
 * planes go through {@link PlanePipeline} as Fast Style's do (stacks, output folders, cancel,
 * temporal coherence along the motion), each plane through a {@link UniversalStylizer}.
 */
public final class UniversalStyleCommand {
    private UniversalStyleCommand() {
    }

    /**
     * Stylises {@code source} (never modified) into a new image of the same dimensions and type.
     * With {@code use_roi}, only the inside of the area selection is stylised; the outside keeps
     * the source's pixels, or takes {@code style_outside} when that is given. A cancel keeps the
     * planes finished, as Fast Style does.
     *
     * @throws StyleTransferException with a one-line message for the user (a missing style picture,
     *                                no decoders, a decoder that does not fit the VGG weights ...)
     */
    public static StyleResult run(ImagePlus source, ParamValues values, Progress progress) {
        long start = System.nanoTime();
        PlaneScope scope = values.choice(PLANES, PlaneScope.class);
        ResultRecord record = ResultRecord.of(source, scope);
        ImagePlus input = scope.input(source);
        boolean all = scope.all();
        SelectionArea area = selection(input, values);
        String outside = values.string(STYLE_OUTSIDE).trim();
        PlaneSet planes = PlaneSet.of(input, all, FastStyleCommand.outputFolder(values), PlaneSet.Work.WHOLE);
        if (area != null && outside.isEmpty()) planes.limitTo(area);
        AnnotationGuard guard = AnnotationGuard.protect(input, values, planes);
        // The pictures first: a mistyped style is told before seconds of loading.
        int edge = styleEdge(planes, values.number(STYLE_SCALE));
        List<StyleImage> styles = NeuralStyleImages.stylesAt(values.string(STYLE), values.string(MORE_STYLES), edge);
        List<StyleImage> second = area == null || outside.isEmpty() ? null : NeuralStyleImages.stylesAt(outside, "", edge);
        progress.update(0, 1, "Universal style: loading the VGG-19 weights and decoders");
        VggWeights vgg = NeuralStyleVgg.load(values.string(VGG));
        List<Decoder> decoders = DecoderFiles.load(values.integer(LEVELS), values.string(DECODERS), vgg);
        UniversalStylizer inside = stylizer(vgg, decoders, styles, values).onNote(progress::note);
        UniversalStylizer other = second == null ? null : stylizer(vgg, decoders, second, values).onNote(progress::note);
        progress.checkCancelled();

        FrameTimer timer = new FrameTimer(planes.size(), FastStyleCommand.unit(planes));
        long perPlane = (long) inside.tilesPerImage(planes.width(), planes.height()) * (other == null ? 1 : 2);
        AtomicLong tiles = new AtomicLong();
        Runnable tick = () -> {
            progress.checkCancelled();
            long done = Math.min(tiles.getAndIncrement(), perPlane * planes.size() - 1);
            progress.update(done, perPlane * planes.size(), "Universal style: " + timer.status() + ", "
                + inside.provider());
        };
        UnaryOperator<ColorImage> style = plane(inside, other, area, values.flag(PRESERVE_COLOURS), tick);
        boolean smooth = FastStyleCommand.smoothsOverTime(input, all, values);
        PlanePipeline.Outcome outcome = PlanePipeline.run(planes, FastStyleCommand.temporal(planes, smooth, values, style),
            false, () -> {
                timer.frameDone();
                tiles.set(perPlane * timer.done());
            });
        progress.update(1, 1, null);
        StyleResult result = result(planes, outcome, inside, other, guard, values, (System.nanoTime() - start) / 1e9);
        return record.finish(result, UniversalStyleSpec.TITLE, values, decoders.stream().map(Decoder::file).toList());
    }

    /** The stylizer of one set of style pictures with the options' settings. */
    private static UniversalStylizer stylizer(VggWeights vgg, List<Decoder> decoders, List<StyleImage> styles,
                                              ParamValues values) {
        return new UniversalStylizer(vgg, decoders, styles, settings(values), values.choice(PROVIDER, Provider.class),
            values.integer(THREADS));
    }

    /** The stylizer's settings from the options ({@link UniversalSettings#defaults()} for default options). */
    public static UniversalSettings settings(ParamValues values) {
        return new UniversalSettings(values.choice(METHOD, Method.class), values.number(STRENGTH),
            values.integer(LEVELS), values.integer(TILE_SIZE), values.integer(TILE_OVERLAP));
    }

    /**
     * One plane: the styled image, its colours kept if asked; with a second style, the two results
     * mixed by the selection's weight (the soft edge included).
     */
    private static UnaryOperator<ColorImage> plane(UniversalStylizer inside, UniversalStylizer outside,
                                                   SelectionArea area, boolean keepColours, Runnable tick) {
        UnaryOperator<ColorImage> one = img -> {
            ColorImage styled = inside.apply(img, tick);
            if (outside == null) return styled;
            return mix(styled, outside.apply(img, tick), area);
        };
        return keepColours ? img -> ImageOps.keepColours(one.apply(img), img) : one;
    }

    private static ColorImage mix(ColorImage in, ColorImage out, SelectionArea area) {
        int w = in.width();
        int n = w * in.height();
        float[] a = in.data();
        float[] b = out.data();
        float[] r = new float[3 * n];
        for (int p = 0; p < n; p++) {
            float k = area.weight(p % w, p / w);
            for (int c = 0; c < 3; c++) r[c * n + p] = k * a[c * n + p] + (1 - k) * b[c * n + p];
        }
        return new ColorImage(w, in.height(), r);
    }

    /**
     * The area selection with use_roi on, else null.
     *
     * @throws StyleTransferException when use_roi is on and the image has no area selection
     */
    private static SelectionArea selection(ImagePlus source, ParamValues values) {
        if (!values.flag(USE_ROI)) return null;
        return SelectionArea.of(source, 0).orElseThrow(() -> new StyleTransferException("use_roi is on, but '"
            + source.getTitle() + "' has no area selection: draw one (rectangle, oval, freehand ...) around the part"
            + " to stylise, or turn use_roi off."));
    }

    /**
     * The longer side the style pictures are prepared at: style_scale times the image's (as its
     * statistics see it), at most {@link UniversalStylizer#STATS_MAX_EDGE}, so that a style picture
     * never costs more memory than the statistics of the image do.
     */
    static int styleEdge(PlaneSet planes, double scale) {
        int longer = Math.min(Math.max(planes.width(), planes.height()), UniversalStylizer.STATS_MAX_EDGE);
        return (int) Math.min(UniversalStylizer.STATS_MAX_EDGE, Math.round(scale * longer));
    }


    private static StyleResult result(PlaneSet planes, PlanePipeline.Outcome outcome, UniversalStylizer inside,
                                      UniversalStylizer outside, AnnotationGuard guard, ParamValues values,
                                      double seconds) {
        String note = PartialRun.note(outcome.stop(), planes, "");
        String title = FastStyleCommand.baseTitle(planes.title()) + "-universal-" + NeuralStyleCommand.styleName(values);
        List<String> notes = new ArrayList<>(inside.notes());
        if (outside != null) notes.addAll(outside.notes());
        String large = planes.largeResultNote();
        if (!large.isEmpty()) notes.add(large);
        String earlier = planes.earlierPlanesNote();
        if (!earlier.isEmpty()) notes.add(earlier);
        if (guard != null && !guard.note().isEmpty()) notes.add(guard.note());
        return new StyleResult(planes.result(note.isEmpty() ? title : title + " " + note), inside.provider(),
            inside.providerNote(), notes, PartialRun.stylised(planes), seconds, planes.size(), !note.isEmpty(), note);
    }
}
