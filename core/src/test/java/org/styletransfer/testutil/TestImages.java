package org.styletransfer.testutil;

import org.styletransfer.image.ColorImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Test images: pictures read from files, and synthetic RGB images painted pixel by pixel (row-major,
 * so seeded noise is reproducible).
 */
public final class TestImages {
    private TestImages() {
    }

    /** A picture file (PNG, JPEG...) as planar RGB 0..255. */
    public static ColorImage read(Path file) throws IOException {
        BufferedImage b = ImageIO.read(file.toFile());
        if (b == null) throw new IOException("not an image: " + file);
        int w = b.getWidth();
        int h = b.getHeight();
        ColorImage img = new ColorImage(w, h);
        float[] d = img.data();
        int n = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = b.getRGB(x, y);
                int i = y * w + x;
                d[i] = (p >> 16) & 0xff;
                d[n + i] = (p >> 8) & 0xff;
                d[2 * n + i] = p & 0xff;
            }
        }
        return img;
    }

    /** A picture file scaled to {@code width} pixels wide, keeping its aspect ratio. */
    public static ColorImage read(Path file, int width) throws IOException {
        ColorImage img = read(file);
        int h = Math.round(img.height() * (float) width / img.width());
        return img.resize(width, h);
    }

    /** As {@link #read(Path, int)}, for tests that cannot throw a checked exception. */
    public static ColorImage readScaled(Path file, int width) {
        try {
            return read(file, width);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The colour of one pixel: writes red, green and blue (0..255) into {@code rgb}. */
    @FunctionalInterface
    public interface Painter {
        void paint(int x, int y, float[] rgb);
    }

    /** A {@code w} x {@code h} image painted by {@code painter}, pixels visited row by row. */
    public static ColorImage painted(int w, int h, Painter painter) {
        ColorImage img = new ColorImage(w, h);
        float[] d = img.data();
        int n = w * h;
        float[] rgb = new float[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                painter.paint(x, y, rgb);
                int i = y * w + x;
                d[i] = rgb[0];
                d[n + i] = rgb[1];
                d[2 * n + i] = rgb[2];
            }
        }
        return img;
    }

    /** Mean |a - b| over the pixels at least {@code border} from the edge, as the tiling tests measure it. */
    public static double meanAbsoluteDifference(ColorImage a, ColorImage b, int border) {
        double sum = 0;
        long n = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = border; y < a.height() - border; y++) {
                for (int x = border; x < a.width() - border; x++) {
                    sum += Math.abs(a.get(c, x, y) - b.get(c, x, y));
                    n++;
                }
            }
        }
        return sum / n;
    }
}
