package org.styletransfer.bench;

import org.styletransfer.cli.UsageException;

import org.styletransfer.image.ColorImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Image files for the Gatys benchmark and examples: reading JPEG/PNG into the planar RGB
 * {@link ColorImage} the stylizer works on, centre crops, and writing PNGs. Plain
 * {@code javax.imageio}, so it needs neither ImageJ nor a display.
 */
final class GatysImages {
    private GatysImages() {
    }

    /** Reads an RGB image (any format ImageIO knows); a missing or unreadable file is a user error. */
    static ColorImage read(Path file) {
        BufferedImage img;
        try {
            img = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        } catch (IOException e) {
            throw new UsageException("Cannot read the image " + file + ": " + e.getMessage());
        }
        if (img == null) throw new UsageException("Cannot read the image " + file + " (missing or not an image).");
        int w = img.getWidth();
        int h = img.getHeight();
        ColorImage out = new ColorImage(w, h);
        float[] d = out.data();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int i = y * w + x;
                d[i] = (rgb >> 16) & 0xFF;
                d[plane + i] = (rgb >> 8) & 0xFF;
                d[2 * plane + i] = rgb & 0xFF;
            }
        }
        return out;
    }

    /** Writes a PNG (values rounded and clamped to 0..255), creating the folder if needed. */
    static void writePng(ColorImage image, Path file) {
        int w = image.width();
        int h = image.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] d = image.data();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img.setRGB(x, y, (byte255(d[i]) << 16) | (byte255(d[plane + i]) << 8) | byte255(d[2 * plane + i]));
            }
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UsageException("Cannot write " + file + ": " + e.getMessage());
        }
    }

    private static int byte255(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** The largest centred region with the aspect ratio {@code width:height}, resized to that size. */
    static ColorImage cropResize(ColorImage src, int width, int height) {
        double want = width / (double) height;
        int cw = src.width();
        int ch = src.height();
        if (cw / (double) ch > want) cw = (int) Math.round(ch * want);
        else ch = (int) Math.round(cw / want);
        int x0 = (src.width() - cw) / 2;
        int y0 = (src.height() - ch) / 2;
        ColorImage crop = new ColorImage(cw, ch);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(src.data(), src.index(c, x0, y0 + y), crop.data(), crop.index(c, 0, y), cw);
            }
        }
        return areaResize(crop, width, height);
    }

    /** Resize to {@code width} wide, keeping the aspect ratio. */
    static ColorImage resizeToWidth(ColorImage src, int width) {
        int height = Math.max(1, (int) Math.round(src.height() * (width / (double) src.width())));
        return areaResize(src, width, height);
    }

    /**
     * A style picture resized (by area) to {@code longer} pixels on its longer side, keeping its
     * aspect ratio: the stylizer's style scale 1 for a content image of that longer side. One
     * already no larger is returned as it is unless {@code enlarge}.
     */
    static ColorImage styleScale(ColorImage img, int longer, boolean enlarge) {
        double f = longer / (double) Math.max(img.width(), img.height());
        if (f >= 1 && !enlarge) return img;
        return areaResize(img, Math.max(1, (int) Math.round(img.width() * f)),
            Math.max(1, (int) Math.round(img.height() * f)));
    }

    /**
     * Shrinks by halving (2x2 means) while the image is at least twice the target, then
     * bilinear: a plain bilinear shrink of a large photo by 4x or more aliases.
     */
    static ColorImage areaResize(ColorImage src, int width, int height) {
        ColorImage img = src;
        while (img.width() >= 2 * width && img.height() >= 2 * height) img = halve(img);
        return img.resize(width, height);
    }

    private static ColorImage halve(ColorImage src) {
        int w = src.width() / 2;
        int h = src.height() / 2;
        ColorImage out = new ColorImage(w, h);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.data()[out.index(c, x, y)] = 0.25f * (src.get(c, 2 * x, 2 * y) + src.get(c, 2 * x + 1, 2 * y)
                        + src.get(c, 2 * x, 2 * y + 1) + src.get(c, 2 * x + 1, 2 * y + 1));
                }
            }
        }
        return out;
    }

    /** A smooth synthetic picture (blobs of colour plus a little noise), when no photo is at hand. */
    static ColorImage synthetic(int width, int height, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] waves = new double[9][];
        for (int k = 0; k < waves.length; k++) {
            waves[k] = new double[] {r.nextDouble(1, 12) / width, r.nextDouble(1, 12) / height, r.nextDouble(6.3)};
        }
        ColorImage out = new ColorImage(width, height);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double v = 0;
                    for (int k = c; k < waves.length; k += 3) {
                        v += Math.sin(2 * Math.PI * (waves[k][0] * x + waves[k][1] * y) + waves[k][2]);
                    }
                    out.data()[out.index(c, x, y)] = (float) Math.max(0, Math.min(255, 128 + 40 * v
                        + 12 * (r.nextDouble() - 0.5)));
                }
            }
        }
        return out;
    }
}
