package org.styletransfer.bench;

import ij.ImagePlus;
import ij.process.ColorProcessor;

/**
 * Deterministic RGB test images: smooth colour ramps with a few hard-edged shapes, so that a
 * style network has both flat areas and edges to work on. Timings do not depend on content, but
 * a realistic picture keeps denormal and saturation effects out of the measurement.
 */
public final class SyntheticImage {
    private SyntheticImage() {
    }

    /** A new {@code width} x {@code height} RGB image. */
    public static ImagePlus rgb(int width, int height) {
        int[] px = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) px[y * width + x] = pixel(x, y, width, height);
        }
        return new ImagePlus("synthetic " + width + "x" + height, new ColorProcessor(width, height, px));
    }

    private static int pixel(int x, int y, int w, int h) {
        int r = 255 * x / Math.max(1, w - 1);
        int g = 255 * y / Math.max(1, h - 1);
        int b = 128 + (int) (100 * Math.sin(x * 0.05) * Math.cos(y * 0.03));
        double dx = x - w * 0.35;
        double dy = y - h * 0.5;
        double radius = Math.min(w, h) * 0.25;
        if (dx * dx + dy * dy < radius * radius) {
            r = 240;
            g = 200;
            b = 40;
        } else if (x > w * 0.6 && x < w * 0.9 && y > h * 0.2 && y < h * 0.6) {
            r = 30;
            g = 60;
            b = 200;
        }
        return (r << 16) | (g << 8) | (b & 0xff);
    }
}
