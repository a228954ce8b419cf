package org.styletransfer.command;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.io.ImageFiles;
import org.styletransfer.planes.PlaneSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The pictures a neural style run names in its options: style and start images given as the title
 * of an open image or as a file, the selection as a style mask, and resampling to the work size.
 */
public final class NeuralStyleImages {
    /** A style smaller than this (shorter side) has no texture to speak of: surely a mistake. */
    public static final int MIN_STYLE_SIZE = 16;

    private NeuralStyleImages() {
    }

    /**
     * A picture named in the options, and the file it came from (null for an open image), so that
     * further bare file names can be looked up beside it.
     */
    public record Named(String name, ColorImage image, Path file) {
    }

    /** The more_styles option's list. */
    public static final WeightedList MORE_STYLES_LIST = WeightedList.of(NeuralStyleSpec.MORE_STYLES,
        "the_scream.jpg:0.3, udnie.jpg:0.2");

    /**
     * The styles of the blend: {@code style} gets what the {@code more_styles} weights leave.
     *
     * @param longer longer side the styles are prepared at (style scale times the work size), so
     *               that a large picture is averaged down properly instead of being subsampled
     */
    public static List<StyleImage> styles(String style, String moreStyles, int longer) {
        return styles(style, moreStyles, img -> fitLonger(img, longer));
    }

    /**
     * The styles of the blend as {@link #styles(String, String, int)} reads them, each brought to
     * exactly {@code longer} on its longer side, enlarged if smaller: the universal transfer takes
     * its pictures at the size given, where Neural Style's stylizer enlarges them itself.
     */
    public static List<StyleImage> stylesAt(String style, String moreStyles, int longer) {
        return styles(style, moreStyles, img -> toLonger(img, longer));
    }

    private static List<StyleImage> styles(String style, String moreStyles, UnaryOperator<ColorImage> size) {
        List<WeightedList.Entry> others = MORE_STYLES_LIST.parse(moreStyles);
        double rest = MORE_STYLES_LIST.rest(others);
        Named first = style("style", style, null);
        List<StyleImage> list = new ArrayList<>();
        list.add(new StyleImage(size.apply(first.image()), rest));
        for (WeightedList.Entry o : others) {
            Named n = style("more_styles", o.name(), first.file());
            list.add(new StyleImage(size.apply(n.image()), o.weight()));
        }
        return list;
    }

    /**
     * A style picture, checked for a usable size.
     *
     * @param option names the option in messages
     * @param beside folder-giving file of an earlier style, or null
     */
    public static Named style(String option, String reference, Path beside) {
        Named n = open(option, reference, beside);
        if (Math.min(n.image().width(), n.image().height()) < MIN_STYLE_SIZE) {
            throw new StyleTransferException("The style image '" + n.name() + "' is " + n.image().width() + "x"
                + n.image().height() + " pixels; a style needs at least " + MIN_STYLE_SIZE + "x" + MIN_STYLE_SIZE
                + " pixels to have a texture. Choose a larger picture.");
        }
        return n;
    }

    /**
     * An open image with this title, else a file: as given, or (a bare name) in the folder of
     * {@code beside}. The displayed plane of an open image is used.
     *
     * @throws StyleTransferException when it is neither, or the file is no image (refused before
     *                                any ImageJ reader can show a dialog)
     */
    public static Named open(String option, String reference, Path beside) {
        String ref = reference == null ? "" : reference.trim();
        if (ref.isEmpty()) {
            throw new StyleTransferException(option + " is empty: give the title of an open image or an image file,"
                + " e.g. " + option + "=[/path/to/starry_night.jpg].");
        }
        ImagePlus imp = WindowManager.getImage(ref);
        if (imp != null) return new Named(ref, read(imp), null);
        List<Path> tried = candidates(ref, beside);
        for (Path p : tried) {
            if (Files.isRegularFile(p)) return new Named(ref, read(ImageFiles.openPicture(p, option)), p);
        }
        throw new StyleTransferException(option + ": '" + ref + "' is neither the title of an open image nor an"
            + " existing file (looked for " + tried + ").");
    }

    private static List<Path> candidates(String ref, Path beside) {
        List<Path> list = new ArrayList<>();
        Path p = Paths.get(ref);
        list.add(p.toAbsolutePath().normalize());
        if (!p.isAbsolute() && beside != null && beside.getParent() != null) {
            list.add(beside.getParent().resolve(p).normalize());
        }
        return list;
    }

    /** The displayed plane as 0..255 colour, as it looks on screen (see {@link #asShown}). */
    static ColorImage read(ImagePlus imp) {
        if (imp.getWidth() < 1 || imp.getHeight() < 1 || imp.getProcessor() == null) {
            throw new StyleTransferException("'" + imp.getTitle() + "' has no pixels.");
        }
        if (Math.min(imp.getWidth(), imp.getHeight()) < PlaneSet.MIN_SIZE) {
            // Too small for PlaneSet, and surely not meant: report the size as it is.
            return new ColorImage(imp.getWidth(), imp.getHeight());
        }
        return PlaneSet.of(asShown(imp), false).read(0);
    }

    /**
     * The displayed plane of a grey or indexed picture through its display range and LUT, as Image &gt;
     * Type &gt; RGB Color converts it. A picture is the look it shows: a 16-bit one mapped from its whole
     * data range instead (a few bright pixels, a dark background) came out a flat grey.
     */
    private static ImagePlus asShown(ImagePlus imp) {
        if (imp.getType() == ImagePlus.COLOR_RGB) return imp;
        return new ImagePlus(imp.getTitle(), imp.getProcessor().convertToRGB());
    }

    /**
     * The selection of {@code imp} as a style mask at the work size: 1 inside, 0 outside, in
     * between along the edge once scaled.
     *
     * @throws StyleTransferException when there is no area selection
     */
    public static float[] roiMask(ImagePlus imp, int width, int height) {
        Roi roi = imp.getRoi();
        if (roi == null || !roi.isArea()) {
            throw new StyleTransferException("use_roi is on, but '" + imp.getTitle() + "' has no area selection:"
                + " draw one (rectangle, oval, freehand ...) around the part to stylise, or turn use_roi off.");
        }
        ByteProcessor mask = new ByteProcessor(imp.getWidth(), imp.getHeight());
        mask.setColor(255);
        mask.fill(roi);
        FloatProcessor scaled = resize(mask.convertToFloatProcessor(), width, height);
        float[] values = (float[]) scaled.getPixels();
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.max(0f, Math.min(1f, values[i] / 255f));
        return out;
    }

    /** The work size: the longer side at most {@code maxSize} (0 = no limit), aspect kept. */
    public static int[] workSize(int width, int height, int maxSize) {
        int longer = Math.max(width, height);
        if (maxSize <= 0 || longer <= maxSize) return new int[] {width, height};
        double f = maxSize / (double) longer;
        return new int[] {Math.max(1, (int) Math.round(width * f)), Math.max(1, (int) Math.round(height * f))};
    }

    /** Resamples to {@code w x h}, averaging when shrinking (plain bilinear sampling would alias). */
    public static ColorImage resize(ColorImage img, int w, int h) {
        if (img.width() == w && img.height() == h) return img;
        int n = img.width() * img.height();
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            float[] plane = new float[n];
            System.arraycopy(img.data(), c * n, plane, 0, n);
            float[] r = (float[]) resize(new FloatProcessor(img.width(), img.height(), plane), w, h).getPixels();
            System.arraycopy(r, 0, out, c * w * h, w * h);
        }
        return new ColorImage(w, h, out);
    }

    private static FloatProcessor resize(FloatProcessor fp, int w, int h) {
        fp.setInterpolationMethod(ImageProcessor.BILINEAR);
        return (FloatProcessor) fp.resize(w, h, true);
    }

    /** Shrinks so that the longer side is {@code longer}; never enlarges (Neural Style's stylizer does that itself). */
    static ColorImage fitLonger(ColorImage img, int longer) {
        return Math.max(img.width(), img.height()) <= longer ? img : toLonger(img, longer);
    }

    /** Resizes so that the longer side is {@code longer} (at least 1), keeping the aspect ratio, either way. */
    public static ColorImage toLonger(ColorImage img, int longer) {
        double f = Math.max(longer, 1) / (double) Math.max(img.width(), img.height());
        return resize(img, Math.max(1, (int) Math.round(img.width() * f)), Math.max(1, (int) Math.round(img.height() * f)));
    }
}
