package org.styletransfer.ij;

import ij.ImagePlus;
import ij.Macro;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleGallery;
import org.styletransfer.command.StyleGallerySpec;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.models.ModelCatalog;

import java.util.Optional;

/**
 * Plugins &gt; Style Transfer &gt; Style Gallery... (see {@code plugins.config}): shows the image (a
 * reduced copy) in the style of every installed network as a labelled montage, then asks which one
 * to run; that choice is what the Recorder records ({@code run("Style Gallery...", "model=mosaic")}),
 * and a macro runs it directly, without making the gallery.
 */
public class StyleGalleryPlugin extends StylePlugin {
    static final String TITLE = StyleGallerySpec.spec().title();

    @Override
    String title() {
        return TITLE;
    }

    @Override
    Optional<ParamValues> ask(ImagePlus source) {
        if (Macro.getOptions() == null && !showGallery(source)) return Optional.empty();
        return new SpecDialog(StyleGallerySpec.spec()).show();
    }

    /** Makes and shows the montage; false when it could not be made (already reported) or was cancelled. */
    private boolean showGallery(ImagePlus source) {
        ImageJProgress progress = new ImageJProgress(TITLE);
        try {
            StyleGallery.make(source, ModelCatalog.get().installedFastIds(), StyleGallerySpec.EDGE, progress).show();
            return true;
        } catch (CancelledException e) {
            return false;
        } catch (StyleTransferException e) {
            UserMessages.error(TITLE, e.getMessage());
            return false;
        } finally {
            progress.finish();
        }
    }

    @Override
    StyleResult process(ImagePlus source, ParamValues values, ImageJProgress progress) {
        return FastStyleCommand.run(source, StyleGallerySpec.fastStyleValues(values), progress);
    }

    @Override
    String summaryName(ParamValues values) {
        return values.string(StyleGallerySpec.MODEL);
    }
}
