package org.styletransfer.command;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.plugin.MontageMaker;
import ij.process.ImageProcessor;
import org.styletransfer.engine.Progress;

import java.awt.Rectangle;
import java.util.List;

/**
 * A montage of the image in the style of each network: a reduced copy of the displayed plane (of
 * its selection's bounds, when it has one) stylised by every network given, each picture labelled
 * with the network's id, the original first. The source is only read.
 */
public final class StyleGallery {
    /** Font size of the labels: readable under pictures of {@link StyleGallerySpec#EDGE} pixels. */
    private static final int LABEL_SIZE = 14;

    private StyleGallery() {
    }

    /**
     * The montage of {@code source} in the style of each of {@code modelIds}, pictures at most
     * {@code edge} pixels on their longer side.
     *
     * @throws org.styletransfer.engine.CancelledException when {@code progress} is cancelled
     */
    public static ImagePlus make(ImagePlus source, List<String> modelIds, int edge, Progress progress) {
        ImagePlus small = reducedCopy(source, edge);
        ImageStack pictures = new ImageStack(small.getWidth(), small.getHeight());
        pictures.addSlice("original", small.getProcessor().convertToRGB());
        for (int i = 0; i < modelIds.size(); i++) {
            progress.checkCancelled();
            String id = modelIds.get(i);
            ParamValues values = FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL, id);
            StyleResult result = FastStyleCommand.run(small, values, progress.part(i, modelIds.size(), "style"));
            pictures.addSlice(id, result.image().getProcessor().convertToRGB());
        }
        return montage(new ImagePlus(source.getTitle(), pictures), source.getTitle());
    }

    /** The displayed plane (its selection's bounds, if any) scaled down to {@code edge} pixels. */
    static ImagePlus reducedCopy(ImagePlus source, int edge) {
        ImageProcessor ip = source.getProcessor().duplicate();
        Roi roi = source.getRoi();
        Rectangle bounds = roi != null && roi.isArea() ? roi.getBounds().intersection(
            new Rectangle(0, 0, source.getWidth(), source.getHeight())) : null;
        if (bounds != null && !bounds.isEmpty()) {
            ip.setRoi(bounds);
            ip = ip.crop();
        }
        double scale = Math.min(1.0, (double) edge / Math.max(ip.getWidth(), ip.getHeight()));
        ip.setInterpolationMethod(ImageProcessor.BILINEAR);
        ImageProcessor reduced = scale < 1 ? ip.resize(Math.max(1, (int) Math.round(ip.getWidth() * scale)),
            Math.max(1, (int) Math.round(ip.getHeight() * scale)), true) : ip;
        ImagePlus copy = new ImagePlus(source.getTitle(), reduced);
        copy.setCalibration(source.getCalibration());
        return copy;
    }

    private static ImagePlus montage(ImagePlus pictures, String title) {
        int n = pictures.getStackSize();
        int columns = (int) Math.ceil(Math.sqrt(n));
        int rows = (int) Math.ceil((double) n / columns);
        MontageMaker maker = new MontageMaker();
        maker.setFontSize(LABEL_SIZE);
        ImagePlus montage = maker.makeMontage2(pictures, columns, rows, 1.0, 1, n, 1, 2, true);
        montage.setTitle(title + " - Style Gallery");
        return montage;
    }
}
