package org.styletransfer.command;

import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelSource;
import org.styletransfer.image.PixelTarget;
import org.styletransfer.image.Region;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.styletransfer.video.TemporalSmoother;
import org.styletransfer.video.TimeAxis;
import ij.ImagePlus;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.fast.FastStyleSettings;
import org.styletransfer.fast.FastStylizer;
import org.styletransfer.fast.StyleNetwork;
import org.styletransfer.image.FrameTimer;
import org.styletransfer.planes.Extent;
import org.styletransfer.planes.PlanePipeline;
import org.styletransfer.planes.PlaneSet;
import org.styletransfer.planes.SelectionArea;
import org.styletransfer.models.ModelCatalog;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.styletransfer.command.FastStyleSpec.*;

/**
 * Runs Fast Style Transfer with checked parameter values. Every front end (ImageJ menu and macro,
 * SciJava command, command line) calls this, so they all behave the same.
 */
public final class FastStyleCommand {
    private FastStyleCommand() {
    }

    /**
     * Whether {@link #run(ImagePlus, ParamValues, Progress)} overlaps reading and writing planes
     * with the network runs. Off: on 2 CPU cores it did not help measurably (256x256 frames to
     * disk, quiet machine: 42.1 ms per frame pipelined, 41.5 ms one after the other), since reading,
     * converting and writing a frame costs a few ms next to tens of ms of network, and ONNX Runtime
     * already uses every core. {@code bench --stack N --stack_other_mode true} measures it again
     * (e.g. on a GPU, where the network share is smaller).
     */
    public static final boolean PIPELINED_BY_DEFAULT = false;

    /** The blend_with option's list. */
    private static final WeightedList BLEND = WeightedList.of(BLEND_WITH, "mosaic:0.3, udnie:0.2");

    /**
     * Stylises {@code source} (never modified) and returns a new image with the same dimensions,
     * type and calibration. With {@code output_folder} set, each plane is written there as a TIFF as
     * soon as it is done and the result is a virtual stack on that folder.
     *
     * <p>An area selection on {@code source} limits the run, as ImageJ's filters do, unless
     * {@code ignore_selection} is on: on every plane only its bounding box (and a context margin of
     * the tile overlap) goes through the networks, and the result keeps the source's pixels outside
     * the selection, fading in over {@code selection_edge} pixels inside its border
     * ({@link SelectionArea}). The selection is read once, at the start.</p>
     *
     * <p>When {@code progress} asks to stop (or the thread is interrupted), the run stops before the
     * next tile. If planes were finished by then, they are returned as a result flagged
     * {@link StyleResult#cancelled()}, titled "... (cancelled after k of N frames)"; a hyperstack
     * keeps its whole time points (see {@link PlaneSet#kept()}), titled e.g. "... (cancelled: time
     * points 1-3 of 4 kept; 4 missing)". Otherwise {@link CancelledException} is thrown. Planes
     * already written to the output folder stay there, each file complete; no file is written for
     * an unfinished plane.</p>
     *
     * <p>Closing the source while it runs does not stop the run: its planes are held from the start
     * (see {@link PlaneSet}). Only a virtual source whose planes can no longer be read once closed
     * stops it; the planes finished are then returned, titled "... (partial: 'source' was closed
     * after k of N frames)".</p>
     *
     * <p>Planes that cannot be read (a virtual stack's files deleted or damaged) are not stylised:
     * they are blank in the result, which is flagged {@link StyleResult#cancelled()} and titled
     * e.g. "... (partial: planes 2-3 of 5 could not be read and are blank)".</p>
     *
     * @throws org.styletransfer.engine.StyleTransferException with a message for the user
     * @throws org.styletransfer.engine.CancelledException     when cancelled before the first plane was done
     */
    public static StyleResult run(ImagePlus source, ParamValues values, Progress progress) {
        return run(source, values, progress, PIPELINED_BY_DEFAULT);
    }

    /**
     * As {@link #run(ImagePlus, ParamValues, Progress)}, choosing whether planes are read and written
     * on helper threads while the networks run ({@code pipelined}) or one after the other; both
     * give identical pixels.
     */
    public static StyleResult run(ImagePlus source, ParamValues values, Progress progress, boolean pipelined) {
        long start = System.nanoTime();
        PlaneScope scope = values.choice(PLANES, PlaneScope.class);
        ResultRecord record = ResultRecord.of(source, scope);
        ImagePlus input = scope.input(source);
        boolean all = scope.all();
        // Without temporal smoothing a plane needs nothing but itself: it goes tile by tile from the
        // source plane into the result plane, never held whole as floats. A selection limits either
        // path alike (its bounding box and context margin through the networks, whole-plane
        // statistics, the source's pixels outside it).
        boolean smooth = smoothsOverTime(input, all, values);
        boolean tiled = !pipelined && !smooth;
        PlaneSet planes = PlaneSet.of(input, all, outputFolder(values), tiled ? PlaneSet.Work.TILED : PlaneSet.Work.WHOLE);
        SelectionArea area = selection(input, values);
        planes.limitTo(area);
        AnnotationGuard guard = AnnotationGuard.protect(input, values, planes);
        List<WeightedModel> models = models(values);
        List<ModelCatalog.ResolvedModel> resolved = models.stream().map(m -> ModelCatalog.get().resolve(m.model()))
            .toList();
        List<StyleNetwork> nets = open(models, resolved, values.choice(PROVIDER, Provider.class),
            values.integer(THREADS), progress);
        // A cancel while the models loaded stops here, before the first plane's statistics pass.
        progress.checkCancelled();
        double[] weights = models.stream().mapToDouble(WeightedModel::weight).toArray();
        FastStylizer stylizer = new FastStylizer(nets, weights, settings(values)).onNote(progress::note);

        FrameTimer timer = new FrameTimer(planes.size(), unit(planes));
        Region region = area == null ? Region.all(planes.width(), planes.height()) : area.bounds();
        TileProgress tiles = new TileProgress(stylizer, planes, region);
        Runnable tick = () -> {
            progress.checkCancelled();
            // The provider is asked every tile: after CUDA failed it reads "CUDA, then CPU".
            tiles.tick(progress, "Fast style: " + timer.status() + ", " + stylizer.provider());
        };
        // One plane has nothing to overlap with: no helper threads for it.
        boolean overlap = pipelined && planes.size() > 1;
        Runnable frameDone = () -> {
            timer.frameDone();
            tiles.planesDone(timer.done());
        };
        PlanePipeline.Outcome outcome = tiled
            ? PlanePipeline.runTiled(planes, tiled(stylizer, area, tick), frameDone)
            : PlanePipeline.run(planes, temporal(planes, smooth, values, style(stylizer, area, tick)), overlap,
                frameDone);
        String note = PartialRun.note(outcome.stop(), planes, "");
        tiles.finish(progress);
        String title = baseTitle(planes.title()) + "-" + models.stream().map(WeightedModel::shortName)
            .reduce((a, b) -> a + "+" + b).orElse("styled");
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> notes = new ArrayList<>(stylizer.notes());
        String large = planes.largeResultNote();
        if (!large.isEmpty()) notes.add(large);
        String earlier = planes.earlierPlanesNote();
        if (!earlier.isEmpty()) notes.add(earlier);
        if (guard != null && !guard.note().isEmpty()) notes.add(guard.note());
        StyleResult result = new StyleResult(planes.result(note.isEmpty() ? title : title + " " + note),
            stylizer.provider(), stylizer.providerNote(), notes, PartialRun.stylised(planes), seconds, planes.size(),
            !note.isEmpty(), note);
        return record.finish(result, TITLE, values, resolved.stream().map(ModelCatalog.ResolvedModel::file).toList());
    }

    /**
     * The selection the run is limited to: the source's area selection, unless ignore_selection is
     * checked; null for whole planes.
     */
    private static SelectionArea selection(ImagePlus source, ParamValues values) {
        // A selection that marks the annotations to protect says nothing of where to stylise.
        if (values.flag(IGNORE_SELECTION) || AnnotationSpec.selectionMarksAnnotations(values)) return null;
        return SelectionArea.of(source, values.integer(SELECTION_EDGE)).orElse(null);
    }

    /**
     * The stylizer as a per-plane function: on the whole plane, or on the selection's bounding box
     * only, put back into the plane ({@link PlaneSet} keeps the source's pixels outside the selection).
     */
    private static UnaryOperator<ColorImage> style(FastStylizer stylizer, SelectionArea area, Runnable tick) {
        if (area == null) return img -> stylizer.apply(img, tick);
        return img -> img.paste(stylizer.apply(img, area.bounds(), tick), area.bounds());
    }

    /**
     * The stylizer as a tile-by-tile per-plane function: from the whole source plane into the
     * result plane, or, with a selection, from its bounding box into the same part of the result
     * ({@link PlaneSet#process} keeps the source's pixels outside the selection).
     */
    private static BiConsumer<PixelSource, PixelTarget> tiled(FastStylizer stylizer, SelectionArea area, Runnable tick) {
        if (area == null) return (src, target) -> stylizer.apply(src, target, tick);
        return (src, target) -> stylizer.apply(src, area.bounds(), target.part(area.bounds()), tick);
    }

    /** The stylizer's settings from the options ({@link FastStyleSettings#defaults()} for default options). */
    public static FastStyleSettings settings(ParamValues values) {
        return new FastStyleSettings(values.number(STRENGTH), values.integer(TILE_SIZE), values.integer(TILE_OVERLAP));
    }

    /**
     * Tiles done of the whole run, for the progress bar. An out-of-memory retry halves the tiles,
     * so the planes after it have more of them: the total is recounted whenever a plane finishes,
     * and the count is kept below it meanwhile (a retried plane ticks its failed tiles too).
     * Ticks come from the thread running the networks, plane ends possibly from another.
     */
    private static final class TileProgress {
        private final FastStylizer stylizer;
        private final int width;
        private final int height;
        private final Region region;
        private final int planes;
        private long done;
        private long total;

        TileProgress(FastStylizer stylizer, PlaneSet planes, Region region) {
            this.stylizer = stylizer;
            this.width = planes.width();
            this.height = planes.height();
            this.region = region;
            this.planes = planes.size();
            planesDone(0);
        }

        void tick(Progress progress, String status) {
            long d;
            long t;
            // Counted under the lock, shown outside it: the progress sink is foreign code.
            synchronized (this) {
                d = Math.min(done++, total - 1);
                t = total;
            }
            progress.update(d, t, status);
        }

        /** Recounts after {@code finished} planes are done, with the tiles the stylizer uses now. */
        synchronized void planesDone(int finished) {
            long perPlane = stylizer.tilesPerImage(width, height, region);
            done = finished * perPlane;
            total = planes * perPlane;
        }

        void finish(Progress progress) {
            long t;
            synchronized (this) {
                t = total;
            }
            progress.update(t, t, null);
        }
    }

    /**
     * The per-plane style function: {@code style}, followed, when {@code smooth} (see
     * {@link #smoothsOverTime}), by temporal smoothing along the motion (all planes of the source,
     * so plane k is stack slice k + 1).
     */
    static PlanePipeline.Style temporal(PlaneSet planes, boolean smooth, ParamValues values,
                                                UnaryOperator<ColorImage> style) {
        if (!smooth) return (k, img) -> style.apply(img);
        TimeAxis axis = timeAxis(planes);
        TemporalSmoother smoother = new TemporalSmoother(values.number(TEMPORAL_COHERENCE));
        return (k, img) -> smoother.next(axis.track(k + 1), img, style.apply(img));
    }

    /** True when temporal smoothing applies: coherence set and the planes to process form a time series. */
    static boolean smoothsOverTime(ImagePlus source, boolean allPlanes, ParamValues values) {
        return values.number(TEMPORAL_COHERENCE) > 0 && allPlanes && source.getStackSize() > 1
            && new TimeAxis(source.getNChannels(), source.getNSlices(), source.getNFrames()).isTemporal();
    }

    /**
     * Loads the networks, saying so in the status line: a large model, or a CUDA session, takes a
     * while. A cancel meanwhile takes effect once they are loaded, before any model runs.
     */
    private static List<StyleNetwork> open(List<WeightedModel> models, List<ModelCatalog.ResolvedModel> resolved,
                                           Provider provider, int threads, Progress progress) {
        List<StyleNetwork> nets = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            progress.update(0, 1, "Loading model " + models.get(i).shortName());
            nets.add(StyleNetwork.open(resolved.get(i), provider, threads));
        }
        return nets;
    }

    /** The source's time axis as {@code planes} took it, so that closing the source cannot change it. */
    static TimeAxis timeAxis(PlaneSet planes) {
        int[] czt = planes.dimensionsCzt();
        return new TimeAxis(czt[0], czt[1], czt[2]);
    }

    /**
     * What the progress calls the planes: as a partial result's note does ({@link Extent#planeUnit}),
     * frames when they include time points (T &gt; 1), planes otherwise (channels, Z slices, a plain stack).
     */
    static String unit(PlaneSet planes) {
        return Extent.planeUnit(planes.dimensionsCzt()[2]);
    }

    /** The output_folder option as a path, or null for a result in memory. */
    static Path outputFolder(ParamValues values) {
        String folder = values.string(OUTPUT_FOLDER).trim();
        return folder.isEmpty() ? null : Paths.get(folder);
    }

    static String baseTitle(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
    }

    /** A network to run and its share of the blend. */
    record WeightedModel(String model, double weight) {
        String shortName() {
            return model.replaceAll(".*[/\\\\]", "").replaceAll("\\.onnx$", "");
        }
    }

    /**
     * The networks of the blend: 'model' (or 'model_file' when set) gets whatever weight the
     * 'blend_with' list ("mosaic:0.3, udnie:0.2") leaves.
     */
    static List<WeightedModel> models(ParamValues values) {
        String file = values.string(MODEL_FILE).trim();
        String first = file.isEmpty() ? values.string(MODEL) : file;
        List<WeightedList.Entry> others = BLEND.parse(values.string(BLEND_WITH));
        List<WeightedModel> all = new ArrayList<>();
        all.add(new WeightedModel(first, BLEND.rest(others)));
        for (WeightedList.Entry e : others) all.add(new WeightedModel(e.name(), e.weight()));
        return all;
    }
}
