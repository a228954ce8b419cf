package org.styletransfer.testutil;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.awt.Color;
import java.awt.Font;
import java.util.Random;

/**
 * Synthetic scientific figures: a textured "micrograph" with annotations burned into its pixels as
 * figure tools draw them (ImageJ's {@link ImageProcessor#drawString} and fills): text from 8 to 24
 * px, scale bars 2 to 8 px thick, a line, in pure white and black, and in RGB a saturated yellow.
 * Each figure comes with where its annotations are: the pixels they changed visibly (ImageJ's
 * anti-aliased text also nudges the background of its whole box by a level or two).
 */
public final class SyntheticFigure {
    /** The pixel types a figure can have. */
    public enum Type { RGB, GRAY8, GRAY16 }

    /**
     * A figure.
     *
     * @param image       the figure (background and annotations)
     * @param annotations per pixel, row by row: true where the annotations changed the background
     */
    public record Figure(ImagePlus image, boolean[] annotations) {
    }

    /** Least change, in grey levels of 0..255, of a pixel counted as part of an annotation. */
    public static final int VISIBLE = 8;

    private SyntheticFigure() {
    }

    /** The largest change of a channel of pixel {@code i}. */
    private static int change(ImageProcessor a, ImageProcessor b, int i) {
        if (!(a instanceof ColorProcessor)) return Math.abs(a.get(i) - b.get(i));
        int max = 0;
        for (int s = 0; s <= 16; s += 8) max = Math.max(max, Math.abs(((a.get(i) >> s) & 255) - ((b.get(i) >> s) & 255)));
        return max;
    }

    /** A {@code width x height} figure of {@code type}; equal seeds give equal figures. */
    public static Figure make(Type type, int width, int height, long seed) {
        ImageProcessor ip = background(type, width, height, seed);
        ImageProcessor plain = ip.duplicate();
        draw(ip, type);
        boolean[] annotations = new boolean[width * height];
        double unit = type == Type.GRAY16 ? 257 : 1;
        for (int i = 0; i < annotations.length; i++) annotations[i] = change(ip, plain, i) > VISIBLE * unit;
        return new Figure(new ImagePlus("figure-" + type.name().toLowerCase() + ".tif", ip), annotations);
    }

    /** Smooth structures and noise that stay well inside the type's range (never an extreme value). */
    private static ImageProcessor background(Type type, int w, int h, long seed) {
        Random random = new Random(seed);
        ImageProcessor ip = switch (type) {
            case RGB -> new ColorProcessor(w, h);
            case GRAY8 -> new ByteProcessor(w, h);
            case GRAY16 -> new ShortProcessor(w, h);
        };
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double cells = Math.sin(x / 7.0) * Math.cos(y / 9.0) + 0.5 * Math.sin((x + 2 * y) / 13.0);
                int v = (int) Math.max(30, Math.min(220, 125 + 55 * cells + 12 * random.nextGaussian()));
                switch (type) {
                    case RGB -> ip.set(x, y, (v << 16) | (Math.max(30, 250 - v) << 8) | (v + 30 * (x % 3)) / 2 + 40);
                    case GRAY8 -> ip.set(x, y, v);
                    // Mid-range, as the white (65535) and black (0) labels both need to show on it.
                    case GRAY16 -> ip.set(x, y, 8000 + 180 * v);
                }
            }
        }
        return ip;
    }

    /** Draws the annotations onto {@code ip}. */
    private static void draw(ImageProcessor ip, Type type) {
        ip.setAntialiasedText(true);
        double white = type == Type.GRAY16 ? 65535 : 255;
        int[] sizes = {8, 12, 16, 24};
        String[] texts = {"8 px: n = 12", "12 px: 10 um", "16 px: Fig. 3b", "24 px: A"};
        int y = 4;
        for (int i = 0; i < sizes.length; i++) {
            ip.setFont(new Font("SansSerif", i % 2 == 0 ? Font.BOLD : Font.PLAIN, sizes[i]));
            colour(ip, type, white, Color.WHITE);
            y += sizes[i] + 4;
            ip.drawString(texts[i], 6, y);
        }
        // A black panel letter on the right.
        ip.setFont(new Font("SansSerif", Font.BOLD, 20));
        colour(ip, type, 0, Color.BLACK);
        ip.drawString("B", ip.getWidth() - 24, 26);
        // Scale bars of 2, 4, 6 and 8 px at the bottom.
        colour(ip, type, white, Color.WHITE);
        int x = 6;
        for (int t = 2; t <= 8; t += 2) {
            ip.setRoi(x, ip.getHeight() - 12, 40, t);
            ip.fill();
            x += 48;
        }
        ip.resetRoi();
        // A saturated yellow line (grey images: white) from the middle towards the right edge.
        colour(ip, type, white, Color.YELLOW);
        ip.setLineWidth(2);
        ip.drawLine(ip.getWidth() / 2, ip.getHeight() / 2, ip.getWidth() - 20, ip.getHeight() / 2 + 30);
        ip.setLineWidth(1);
    }

    private static void colour(ImageProcessor ip, Type type, double grey, Color rgb) {
        if (type == Type.RGB) {
            ip.setColor(rgb);
        } else {
            ip.setValue(grey);
        }
    }
}
