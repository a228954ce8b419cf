package org.styletransfer.command;

import org.styletransfer.engine.Provider;
import org.styletransfer.fast.FastStyleSettings;
import org.styletransfer.models.ModelCatalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of Plugins &gt; Style Transfer &gt; Fast Style Transfer..., defined once. The
 * defaults of the stylizer's options are {@link FastStyleSettings#defaults()}, so that the Java API
 * and every front end agree.
 */
public final class FastStyleSpec {
    /** The command's title: its menu entry without "...". */
    public static final String TITLE = "Fast Style Transfer";
    public static final String MODEL = "model";
    public static final String MODEL_FILE = "model_file";
    public static final String BLEND_WITH = "blend_with";
    public static final String STRENGTH = "strength";
    public static final String PLANES = "planes";
    public static final String IGNORE_SELECTION = "ignore_selection";
    public static final String SELECTION_EDGE = "selection_edge";
    public static final String PROVIDER = "provider";
    public static final String THREADS = "threads";
    public static final String TILE_SIZE = "tile_size";
    public static final String TILE_OVERLAP = "tile_overlap";
    public static final String OUTPUT_FOLDER = "output_folder";
    public static final String TEMPORAL_COHERENCE = "temporal_coherence";

    private FastStyleSpec() {
    }

    /**
     * ONNX Runtime threads of one run, an advanced option shared by every command that runs models:
     * 0 (automatic) takes ImageJ's Edit &gt; Options &gt; Memory &amp; Threads setting in Fiji, all
     * processors elsewhere. A run's count never changes the count of another run.
     */
    public static Param threadsParam() {
        return Param.integer(THREADS, 0, 0, 1024,
            "ONNX Runtime threads per model run; 0 = automatic (ImageJ's thread setting, or all processors).")
            .labelled("Threads (0 = automatic)").advanced();
    }

    /** The command's title and parameters. */
    public static CommandSpec spec() {
        List<Param> params = new ArrayList<>(List.of(
                Param.choice(MODEL, () -> ModelCatalog.get().installedFastIds(), ModelCatalog.get().defaultFastId(),
                    "Style network from the model catalogue (onnx-models/catalog.json).")
                    .labelled("Style network").under("Style"),
                Param.text(MODEL_FILE, "",
                    "Path of any image-to-image ONNX network; used instead of 'model' when set.")
                    .labelled("Model file (.onnx, optional)").browse(Param.PathKind.FILE),
                Param.text(BLEND_WITH, "",
                    "More networks to blend, with weights, e.g. 'mosaic:0.3, udnie:0.2'; the first model gets the rest.")
                    .labelled("Blend with (optional)"),
                Param.number(STRENGTH, FastStyleSettings.DEFAULT_STRENGTH, 0.0, 1.0,
                    "1 = fully stylised, 0 = the original image.").labelled("Strength"),
                planesParam(PlaneScope.ALL),
                providerParam(Provider.DEFAULT).under("Performance"),
                Param.integer(TILE_SIZE, FastStyleSettings.DEFAULT_TILE_SIZE, 0, 16384,
                    "Tile edge in pixels; 0 chooses automatically (fixed-size models use their own size).")
                    .labelled("Tile size (px, 0 = automatic)").advanced(),
                Param.integer(TILE_OVERLAP, FastStyleSettings.DEFAULT_OVERLAP, 0, 1024,
                    "Overlap between neighbouring tiles, blended so that no seam shows.")
                    .labelled("Tile overlap (px)").advanced(),
                temporalCoherenceParam(),
                outputFolderParam(),
                // Advanced, so last: the dialog's other fields keep their places.
                threadsParam(),
                // Added later, so after it, for the same reason. Off by default, so that an image's
                // selection counts, in a macro too (an unchecked box is left out of a macro's
                // options), as in ImageJ's own filters.
                Param.flag(IGNORE_SELECTION, false,
                    "Stylise the whole image even when it has a selection. Otherwise only the inside of an area"
                        + " selection is stylised (on every plane) and the rest stays as it is.")
                    .labelled("Ignore the selection").under("Selection"),
                Param.integer(SELECTION_EDGE, 0, 0, 1024,
                    "Soft edge: the result fades in over this many pixels inside the selection's border"
                        + " (0 = hard edge).").labelled("Soft edge (px)")));
        // Added later still, so last.
        params.addAll(AnnotationSpec.params());
        return new CommandSpec(TITLE,
            "Stylise the image with feed-forward style networks (Johnson et al.) on ONNX Runtime.", params);
    }

    /** The {@code planes} option of every command that stylises planes, defaulting to {@code defaultValue}. */
    static Param planesParam(PlaneScope defaultValue) {
        return Param.choice(PLANES, PlaneScope.class, PlaneScope::label, defaultValue,
            "Stylise only the displayed plane, every slice, frame and channel (grey channels as luminance), or the"
                + " merged colours of a composite as displayed, one RGB result per Z/T position.")
            .labelled("Planes").under("Image");
    }

    /** The {@code temporal_coherence} option of the feed-forward commands: smoothing along the motion. */
    static Param temporalCoherenceParam() {
        return Param.number(TEMPORAL_COHERENCE, 0.0, 0.0, 1.0,
            "Stacks and videos: blend each frame with the previous result moved along the motion"
                + " (0 = off, 0.6 recommended).").labelled("Temporal coherence").under("Stacks and videos");
    }

    /** The {@code output_folder} option of the feed-forward commands. */
    static Param outputFolderParam() {
        return Param.text(OUTPUT_FOLDER, "",
            "Folder for the result, one TIFF per plane, opened as a virtual stack (for long stacks and"
                + " videos: memory does not grow with the frame count); empty keeps the result in memory.")
            .labelled("Output folder (optional)").browse(Param.PathKind.FOLDER);
    }

    /** The {@code provider} option of every command that runs a network, defaulting to {@code defaultValue}. */
    static Param providerParam(Provider defaultValue) {
        return Param.choice(PROVIDER, Provider.class, Provider::label, defaultValue,
            "Auto uses CUDA when available and falls back to CPU.").labelled("Run on").advanced();
    }
}
