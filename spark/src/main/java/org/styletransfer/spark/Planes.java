package org.styletransfer.spark;

import ij.ImagePlus;
import ij.ImageStack;

/** Parts of an image as images of their own, with the source's layout and calibration. */
final class Planes {
    private Planes() {
    }

    /**
     * Planes {@code from} (inclusive) to {@code end} (exclusive, 0-based) of {@code source} as a new
     * image with the source's title and calibration, laid out along {@code axis} as the source is,
     * so that a command treats them exactly as it treats them in the whole image.
     */
    static ImagePlus range(ImagePlus source, int from, int end, InputFile.Axis axis) {
        if (axis == InputFile.Axis.WHOLE) return source;
        ImageStack all = source.getStack();
        ImageStack part = new ImageStack(source.getWidth(), source.getHeight());
        for (int i = from; i < end; i++) part.addSlice(all.getSliceLabel(i + 1), all.getProcessor(i + 1));
        ImagePlus imp = new ImagePlus(source.getTitle(), part);
        layOut(imp, end - from, axis);
        imp.setCalibration(source.getCalibration());
        return imp;
    }

    /** Sets {@code n} planes along {@code axis}: time points or slices. */
    static void layOut(ImagePlus imp, int n, InputFile.Axis axis) {
        if (axis == InputFile.Axis.TIME) imp.setDimensions(1, 1, n);
        else imp.setDimensions(1, n, 1);
    }
}
