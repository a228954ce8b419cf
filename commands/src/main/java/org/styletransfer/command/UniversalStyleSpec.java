package org.styletransfer.command;

import org.styletransfer.engine.Provider;
import org.styletransfer.universal.Method;
import org.styletransfer.universal.UniversalSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of Plugins &gt; Style Transfer &gt; Universal Style Transfer..., defined once: the
 * dialog, macros, the SciJava command and the {@code universal} subcommand are built from them. The
 * stylizer's defaults are {@link UniversalSettings#defaults()}. Options shared with the other
 * commands (style pictures, planes, provider, tiles, temporal coherence, output folder, threads,
 * VGG weights) have the same keys and meaning there.
 */
public final class UniversalStyleSpec {
    /** The menu command and macro name. */
    public static final String TITLE = "Universal Style Transfer";
    public static final String STYLE = NeuralStyleSpec.STYLE;
    public static final String MORE_STYLES = NeuralStyleSpec.MORE_STYLES;
    public static final String STRENGTH = FastStyleSpec.STRENGTH;
    public static final String LEVELS = NeuralStyleSpec.LEVELS;
    public static final String METHOD = "method";
    public static final String STYLE_SCALE = NeuralStyleSpec.STYLE_SCALE;
    public static final String PRESERVE_COLOURS = NeuralStyleSpec.PRESERVE_COLOURS;
    public static final String USE_ROI = NeuralStyleSpec.USE_ROI;
    public static final String STYLE_OUTSIDE = "style_outside";
    public static final String PLANES = FastStyleSpec.PLANES;
    public static final String PROVIDER = FastStyleSpec.PROVIDER;
    public static final String TEMPORAL_COHERENCE = FastStyleSpec.TEMPORAL_COHERENCE;
    public static final String OUTPUT_FOLDER = FastStyleSpec.OUTPUT_FOLDER;
    public static final String TILE_SIZE = FastStyleSpec.TILE_SIZE;
    public static final String TILE_OVERLAP = FastStyleSpec.TILE_OVERLAP;
    public static final String DECODERS = "decoders";
    public static final String VGG = NeuralStyleSpec.VGG;
    public static final String THREADS = FastStyleSpec.THREADS;

    private static final UniversalSettings DEFAULTS = UniversalSettings.defaults();

    private UniversalStyleSpec() {
    }

    /** The command with no style chosen yet (a macro or script must give one). */
    public static CommandSpec spec() {
        return spec("");
    }

    /** The command with {@code defaultStyle} (e.g. another open image's title) shown as the style. */
    public static CommandSpec spec(String defaultStyle) {
        List<Param> params = new ArrayList<>(List.of(
                Param.text(STYLE, defaultStyle, "Style picture: the title of an open image, or a file path.").labelled("Style picture").under("Style").browse(Param.PathKind.IMAGE),
                Param.text(MORE_STYLES, "",
                    "More styles mixed in feature space, as 'title or file:weight', e.g. 'the_scream.jpg:0.3';"
                        + " bare file names are also looked up beside the first style. The first style gets the rest.").labelled("More styles to mix (optional)").browse(Param.PathKind.IMAGE_LIST),
                Param.number(STRENGTH, DEFAULTS.strength(), 0, 1,
                    "1 = the style's feature statistics, 0 = the original (a blend of the features at every level).").labelled("Strength"),
                Param.integer(LEVELS, DEFAULTS.levels(), 1, 5,
                    "Encoder levels, deepest first (3: relu3_1, relu2_1, relu1_1); fewer is faster and keeps finer detail.").labelled("Encoder levels"),
                Param.choice(METHOD, Method.class, Method::label, DEFAULTS.method(),
                    "WCT matches whole covariances (stronger style); AdaIN matches each channel's mean and spread.").labelled("Method"),
                Param.number(STYLE_SCALE, 1, 0.05, 8,
                    "Style picture size relative to the image (smaller = finer brush strokes); at most 1024 pixels.").labelled("Style scale"),
                Param.flag(PRESERVE_COLOURS, false, "Keep the image's colours; only light and dark come from the style.").labelled("Keep the image's colours"),
                Param.flag(USE_ROI, false,
                    "Stylise only inside the image's area selection; outside stays as it is, or takes 'style_outside'.").labelled("Only inside the selection").under("Selection"),
                Param.text(STYLE_OUTSIDE, "",
                    "With use_roi: a second style picture for outside the selection; empty keeps the original there.").labelled("Style outside the selection (optional)").browse(Param.PathKind.IMAGE),
                FastStyleSpec.planesParam(PlaneScope.ALL),
                FastStyleSpec.providerParam(Provider.DEFAULT).under("Performance"),
                FastStyleSpec.temporalCoherenceParam(),
                FastStyleSpec.outputFolderParam(),
                Param.integer(TILE_SIZE, DEFAULTS.tileSize(), 0, 16384,
                    "Tile edge in pixels; 0 runs images up to about a megapixel whole and tiles larger ones.").labelled("Tile size (px, 0 = automatic)").advanced(),
                Param.integer(TILE_OVERLAP, DEFAULTS.overlap(), 0, 1024,
                    "Overlap between neighbouring tiles, blended so that no seam shows.").labelled("Tile overlap (px)").advanced(),
                Param.text(DECODERS, "",
                    "Folder with decoder_relu1_1.onnx ...; empty for the decoders installed in the model folders.").labelled("Decoder folder (optional)").advanced().browse(Param.PathKind.FOLDER),
                NeuralStyleSpec.vggParam().advanced(),
                FastStyleSpec.threadsParam()));
        params.addAll(AnnotationSpec.params());
        return new CommandSpec(TITLE,
            "Stylise the image with any style picture in one pass (WCT / AdaIN over VGG-19 features, trained decoders).",
            params);
    }
}
