package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.image.ColorImage;

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
    private LossPlot lossPlot;

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
        lossPlot = new LossPlot(title(), values.number(NeuralStyleSpec.CONTENT_WEIGHT),
            values.number(NeuralStyleSpec.STYLE_WEIGHT), values.number(NeuralStyleSpec.TV_WEIGHT));
        if (!PreviewWindow.canShow()) values.set(NeuralStyleSpec.PREVIEW_EVERY, 0);
        try {
            return optimise(source, values, progress, both(preview, lossPlot));
        } finally {
            preview.close();
        }
    }

    /** Both listeners get every iteration and preview. */
    static NeuralStyleListener both(NeuralStyleListener a, NeuralStyleListener b) {
        return new NeuralStyleListener() {
            @Override
            public void onIteration(IterationInfo info) {
                a.onIteration(info);
                b.onIteration(info);
            }

            @Override
            public void onPreview(ColorImage image, IterationInfo info) {
                a.onPreview(image, info);
                b.onPreview(image, info);
            }
        };
    }

    @Override
    final void logged(StyleResult result) {
        if (lossPlot != null) lossPlot.finish(result.image().getTitle());
        String loss = preview == null ? "" : preview.lossSummary();
        if (!loss.isEmpty() && logSummaries()) IJ.log("  " + loss);
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
