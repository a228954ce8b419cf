package org.styletransfer.command;

import ij.ImagePlus;
import ij.ImageStack;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PlaneSet;

import java.util.List;

/**
 * Images made from several results of one source plane (the evolution of a run, the steps of an
 * interpolation, a preview), in the source's type and value range, with its calibration.
 */
public final class NeuralStyleFrames {
    private NeuralStyleFrames() {
    }

    /** One result of the displayed plane of {@code source}, scaled to the source's size. */
    public static ImagePlus image(ImagePlus source, ColorImage result, String title) {
        PlaneSet one = PlaneSet.of(source, false);
        one.write(0, NeuralStyleImages.resize(result, source.getWidth(), source.getHeight()));
        return one.result(title);
    }

    /**
     * A time series (frames) of results of the displayed plane of {@code source}.
     *
     * @param labels one slice label per frame
     */
    public static ImagePlus stack(ImagePlus source, List<ColorImage> frames, List<String> labels, String title) {
        ImageStack stack = new ImageStack(source.getWidth(), source.getHeight());
        ImagePlus first = null;
        for (int i = 0; i < frames.size(); i++) {
            ImagePlus one = image(source, frames.get(i), title);
            if (first == null) first = one;
            stack.addSlice(labels.get(i), one.getProcessor());
        }
        ImagePlus out = new ImagePlus(title, stack);
        out.setDimensions(1, 1, frames.size());
        if (first != null) {
            out.setCalibration(first.getCalibration());
            if (out.getType() != ImagePlus.COLOR_RGB) {
                out.setDisplayRange(first.getDisplayRangeMin(), first.getDisplayRangeMax());
            }
        }
        return out;
    }
}
