package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.gatys.NeuralStyleListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The menu commands that optimise an image with VGG-19 (Neural Style Transfer, Style Interpolation
 * Sequence): their dialog offers open images as styles, a preview window follows the run when
 * ImageJ is visible, and the Log gets the final loss.
 */
abstract class OptimisationPlugin extends StylePlugin {
    private PreviewWindow preview;

    /**
     * The command's spec; {@code otherImages} (open images other than the source, empty for a
     * macro) may supply the styles shown first.
     */
    abstract CommandSpec spec(List<String> otherImages);

    /** Runs the command. */
    abstract StyleResult optimise(ImagePlus source, ParamValues values, ImageJProgress progress,
                                  NeuralStyleListener listener);

    @Override
    final String title() {
        return spec(List.of()).title();
    }

    @Override
    final Optional<ParamValues> ask(ImagePlus source) {
        // A macro gets the plain defaults: what it leaves out must not depend on which windows are open.
        List<String> others = Macro.getOptions() == null ? otherImages(source) : List.of();
        return new SpecDialog(spec(others)).show();
    }

    @Override
    final StyleResult process(ImagePlus source, ParamValues values, ImageJProgress progress) {
        preview = new PreviewWindow(source, title());
        if (!PreviewWindow.canShow()) values.set(NeuralStyleSpec.PREVIEW_EVERY, 0);
        try {
            return optimise(source, values, progress, preview);
        } finally {
            preview.close();
        }
    }

    @Override
    final void logged(StyleResult result) {
        String loss = preview == null ? "" : preview.lossSummary();
        if (!loss.isEmpty()) IJ.log("  " + loss);
        if (result.cancelled()) {
            IJ.log("  Stopped early: '" + result.image().getTitle() + "' holds what was done.");
        }
    }

    /** Titles of the open images other than {@code source}, in window order. */
    static List<String> otherImages(ImagePlus source) {
        List<String> titles = new ArrayList<>();
        for (String t : WindowManager.getImageTitles()) if (!t.equals(source.getTitle())) titles.add(t);
        return titles;
    }
}
