package org.styletransfer.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.process.ImageProcessor;

import java.awt.Color;

/**
 * The flicker of a sequence result as an ImageJ plot: for each pair of consecutive frames, the mean
 * change of the result (grey levels 0..255, over the colour channels), beside the same figure for
 * the source when it has as many frames, so that a user sees at a glance whether the style
 * flickers more than the content moves.
 */
final class FlickerPlot {
    private FlickerPlot() {
    }

    /**
     * Shows the plot of {@code result}'s frames (and {@code source}'s, when it has as many planes);
     * nothing for a single frame or where no window can show.
     */
    static void show(ImagePlus source, ImagePlus result) {
        if (!PreviewWindow.canShow() || result.getStackSize() < 2) return;
        plot(source, result).show();
    }

    /** The plot: frame pair against mean change. */
    static Plot plot(ImagePlus source, ImagePlus result) {
        double[] stylised = changes(result.getStack());
        double[] pairs = new double[stylised.length];
        for (int i = 0; i < pairs.length; i++) pairs[i] = i + 2;
        Plot plot = new Plot(result.getTitle() + " flicker", "Frame", "Mean change from the previous frame (0..255)");
        plot.setColor(new Color(213, 94, 0));
        plot.addPoints(pairs, stylised, Plot.CONNECTED_CIRCLES);
        String legend = "result";
        if (source != null && source.getStackSize() == result.getStackSize()) {
            plot.setColor(Color.GRAY);
            plot.addPoints(pairs, changes(source.getStack()), Plot.CONNECTED_CIRCLES);
            legend += "\tsource";
        }
        plot.setLegend(legend, Plot.AUTO_POSITION);
        return plot;
    }

    /** Mean absolute change between each plane and the one before, over all channels (RGB as colour, others as grey 0..255). */
    static double[] changes(ImageStack stack) {
        double[] out = new double[stack.getSize() - 1];
        ImageProcessor previous = rgb(stack, 1);
        for (int i = 2; i <= stack.getSize(); i++) {
            ImageProcessor current = rgb(stack, i);
            out[i - 2] = meanChange((int[]) previous.getPixels(), (int[]) current.getPixels());
            previous = current;
        }
        return out;
    }

    private static ImageProcessor rgb(ImageStack stack, int n) {
        return stack.getProcessor(n).convertToRGB();
    }

    private static double meanChange(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) sum += Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff));
        }
        return sum / (3.0 * a.length);
    }
}
