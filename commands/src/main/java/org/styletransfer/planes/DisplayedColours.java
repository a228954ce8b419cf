package org.styletransfer.planes;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import org.styletransfer.engine.StyleTransferException;

import java.awt.Color;

/**
 * An image as it is displayed, in colour: for each Z/T position of a composite the merged
 * rendering of its channels through their LUTs and display ranges (the active channels summed in
 * composite mode; the displayed channel alone, in its colour or in grey, in the other modes), of a
 * grey image its planes through its LUT and display range; an RGB image as it is. What
 * {@code planes=[As displayed (RGB)]} stylises: one RGB plane per Z/T position. The source is only
 * read.
 */
public final class DisplayedColours {
    private DisplayedColours() {
    }

    /**
     * The rendering of {@code imp}: an RGB image of C = 1 with its Z and T, title, calibration,
     * selection and overlay; {@code imp} itself when it is RGB already.
     *
     * @throws StyleTransferException when the rendering is one flat colour (LUTs without colour,
     *                                display ranges beyond the data), which would stylise nothing
     */
    public static ImagePlus of(ImagePlus imp) {
        if (imp.getType() == ImagePlus.COLOR_RGB) return imp;
        int[] channels = shownChannels(imp);
        ImageStack out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int t = 1; t <= imp.getNFrames(); t++) {
            for (int z = 1; z <= imp.getNSlices(); z++) out.addSlice(label(imp, z, t), merged(imp, channels, z, t));
        }
        ImagePlus rgb = new ImagePlus(imp.getTitle(), out);
        rgb.setDimensions(1, imp.getNSlices(), imp.getNFrames());
        if (imp.getNSlices() > 1 && imp.getNFrames() > 1) rgb.setOpenAsHyperStack(true);
        rgb.setCalibration(imp.getCalibration().copy());
        rgb.setPosition(1, imp.getSlice(), imp.getFrame());
        Roi roi = imp.getRoi();
        if (roi != null) rgb.setRoi((Roi) roi.clone());
        Overlay overlay = imp.getOverlay();
        if (overlay != null) rgb.setOverlay(overlay.duplicate());
        checkNotFlat(imp, out);
        return rgb;
    }

    /** The channels (1-based) the display shows merged: the active ones in composite mode, else the displayed one. */
    private static int[] shownChannels(ImagePlus imp) {
        if (imp instanceof CompositeImage ci && imp.getNChannels() > 1 && ci.getMode() == IJ.COMPOSITE) {
            boolean[] active = ci.getActiveChannels();
            return java.util.stream.IntStream.rangeClosed(1, imp.getNChannels())
                .filter(c -> c - 1 >= active.length || active[c - 1]).toArray();
        }
        return new int[] {imp.getChannel()};
    }

    /** The RGB rendering of position (z, t): the channels' renderings summed, each component at most 255. */
    private static ColorProcessor merged(ImagePlus imp, int[] channels, int z, int t) {
        int n = imp.getWidth() * imp.getHeight();
        int[] sum = new int[3 * n];
        for (int c : channels) {
            int[] px = (int[]) rendered(imp, c, z, t).getPixels();
            for (int i = 0; i < n; i++) {
                sum[i] += (px[i] >> 16) & 0xff;
                sum[n + i] += (px[i] >> 8) & 0xff;
                sum[2 * n + i] += px[i] & 0xff;
            }
        }
        ColorProcessor cp = new ColorProcessor(imp.getWidth(), imp.getHeight());
        for (int i = 0; i < n; i++) {
            cp.set(i, 0xff000000 | Math.min(255, sum[i]) << 16 | Math.min(255, sum[n + i]) << 8
                | Math.min(255, sum[2 * n + i]));
        }
        return cp;
    }

    /** Channel {@code c} at (z, t) through its LUT and display range, as ImageJ draws it (a copy: the source is kept). */
    private static ColorProcessor rendered(ImagePlus imp, int c, int z, int t) {
        ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c, z, t)).duplicate();
        LUT lut = lut(imp, c);
        ip.setLut(lut);
        boolean ranged = lut.min < lut.max;
        ip.setMinAndMax(ranged ? lut.min : imp.getDisplayRangeMin(), ranged ? lut.max : imp.getDisplayRangeMax());
        return ip.convertToColorProcessor();
    }

    /** The LUT channel {@code c} is displayed with: its own in a composite (grey in greyscale mode), else the image's. */
    private static LUT lut(ImagePlus imp, int c) {
        if (imp instanceof CompositeImage ci && imp.getNChannels() > 1) {
            LUT own = ci.getChannelLut(c);
            if (ci.getMode() != IJ.GRAYSCALE) return own;
            LUT grey = LUT.createLutFromColor(Color.WHITE);
            grey.min = own.min;
            grey.max = own.max;
            return grey;
        }
        LUT lut = imp.getProcessor().getLut();
        lut.min = imp.getDisplayRangeMin();
        lut.max = imp.getDisplayRangeMax();
        return lut;
    }

    /** The slice label of the first shown channel at (z, t), or "z=.., t=..". */
    private static String label(ImagePlus imp, int z, int t) {
        String label = imp.getStack().getSliceLabel(imp.getStackIndex(1, z, t));
        return label != null && !label.isEmpty() ? label : "z=" + z + ", t=" + t;
    }

    private static void checkNotFlat(ImagePlus imp, ImageStack rgb) {
        int first = rgb.getProcessor(1).get(0);
        for (int s = 1; s <= rgb.getSize(); s++) {
            int[] px = (int[]) rgb.getPixels(s);
            for (int p : px) if (p != first) return;
        }
        throw new StyleTransferException("'" + imp.getTitle() + "' as displayed is one flat colour (its LUTs have no"
            + " colour, or the display ranges lie outside the data): set the LUTs and display ranges (Image > Color >"
            + " Channels Tool, Image > Adjust > Brightness/Contrast), or choose planes=[All planes].");
    }
}
