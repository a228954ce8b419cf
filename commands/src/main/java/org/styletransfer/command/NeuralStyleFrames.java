package org.styletransfer.command;

import ij.ImagePlus;
import ij.ImageStack;
import org.styletransfer.image.ColorImage;
import org.styletransfer.planes.PlaneSet;

import java.util.List;

/**
 * Images made from several results of one source plane (the evolution of a run, the steps of an
 * interpolation, a preview), in the source's type and value range, with its calibration. They are
 * made from a {@link PlaneSet} taken before the run, not from the source image, so that they can
 * be made after the user closed the source.
 */
public final class NeuralStyleFrames {
    private NeuralStyleFrames() {
    }

    /** One result of plane 0 of {@code plane}, scaled to the source's size. */
    public static ImagePlus image(PlaneSet plane, ColorImage result, String title) {
        PlaneSet one = plane.onePlane(0);
        one.write(0, NeuralStyleImages.resize(result, one.width(), one.height()));
        return one.result(title);
    }

    /**
     * A time series (frames) of results of plane 0 of {@code plane}.
     *
     * @param labels one slice label per frame
     */
    public static ImagePlus stack(PlaneSet plane, List<ColorImage> frames, List<String> labels, String title) {
        ImageStack stack = new ImageStack(plane.width(), plane.height());
        ImagePlus first = null;
        for (int i = 0; i < frames.size(); i++) {
            ImagePlus one = image(plane, frames.get(i), title);
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
