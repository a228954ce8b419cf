package org.styletransfer.command;

import org.styletransfer.models.ModelCatalog;

import java.util.List;

/**
 * The parameters of Plugins &gt; Style Transfer &gt; Style Gallery..., defined once: which of the
 * gallery's styles to run on the image. A recorded {@code run("Style Gallery...", "model=mosaic")}
 * runs that style, with Fast Style Transfer's defaults, without making the gallery again.
 */
public final class StyleGallerySpec {
    public static final String MODEL = FastStyleSpec.MODEL;
    /** Longest edge of each picture of the gallery: big enough to judge a style, small enough for a dozen on a screen. */
    public static final int EDGE = 200;

    private StyleGallerySpec() {
    }

    /** The command's title and its one parameter. */
    public static CommandSpec spec() {
        return new CommandSpec("Style Gallery",
            "The image in the style of every installed network. Choose one to stylise the image with it"
                + " (Fast Style Transfer's other options at their defaults).",
            List.of(Param.choice(MODEL, () -> ModelCatalog.get().installedFastIds(), ModelCatalog.get().defaultFastId(),
                    "The style network to run on the image.").labelled("Stylise with").under("Style")));
    }

    /** Fast Style Transfer's options for the chosen style: its defaults with that model, on the displayed plane. */
    public static ParamValues fastStyleValues(ParamValues gallery) {
        return FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL, gallery.string(MODEL));
    }
}
