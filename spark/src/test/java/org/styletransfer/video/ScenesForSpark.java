package org.styletransfer.video;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import org.styletransfer.image.ColorImage;

import java.util.ArrayList;
import java.util.List;

/** The core tests' moving scene as ImageJ stacks, and stacks back as frames, for the Spark job's tests. */
public final class ScenesForSpark {
    private ScenesForSpark() {
    }

    /** {@code frames} frames of the standard moving scene (112x96 RGB) as a time series. */
    public static ImagePlus movingStack(int frames) {
        ImageStack stack = new ImageStack(112, 96);
        for (ColorImage f : MovingScene.standard().frames(frames)) stack.addSlice(toProcessor(f));
        ImagePlus imp = new ImagePlus("moving", stack);
        imp.setDimensions(1, 1, frames);
        return imp;
    }

    /** The planes of an RGB stack as frames. */
    public static List<ColorImage> frames(ImagePlus imp) {
        List<ColorImage> out = new ArrayList<>();
        for (int i = 1; i <= imp.getStackSize(); i++) {
            int[] rgb = (int[]) imp.getStack().getProcessor(i).convertToRGB().getPixels();
            int n = rgb.length;
            float[] data = new float[3 * n];
            for (int p = 0; p < n; p++) {
                data[p] = (rgb[p] >> 16) & 255;
                data[n + p] = (rgb[p] >> 8) & 255;
                data[2 * n + p] = rgb[p] & 255;
            }
            out.add(new ColorImage(imp.getWidth(), imp.getHeight(), data));
        }
        return out;
    }

    /** The flicker figure of {@code stylised} against its content (see {@link Flicker}). */
    public static Flicker.Result flicker(ImagePlus content, ImagePlus stylised) {
        return Flicker.measure(frames(content), frames(stylised));
    }

    private static ColorProcessor toProcessor(ColorImage f) {
        int n = f.width() * f.height();
        int[] rgb = new int[n];
        float[] d = f.data();
        for (int p = 0; p < n; p++) {
            rgb[p] = (clamp(d[p]) << 16) | (clamp(d[n + p]) << 8) | clamp(d[2 * n + p]);
        }
        return new ColorProcessor(f.width(), f.height(), rgb);
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
