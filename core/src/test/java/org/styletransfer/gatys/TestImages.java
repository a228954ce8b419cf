package org.styletransfer.gatys;

import org.styletransfer.image.ColorImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and writing test pictures as {@link ColorImage}. */
final class TestImages {
    private TestImages() {
    }

    static ColorImage read(Path file) throws IOException {
        return org.styletransfer.testutil.TestImages.read(file);
    }

    static ColorImage read(Path file, int width) throws IOException {
        return org.styletransfer.testutil.TestImages.read(file, width);
    }

    static void writePng(ColorImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        int w = img.width();
        int h = img.height();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = clamp(img.get(0, x, y));
                int g = clamp(img.get(1, x, y));
                int bl = clamp(img.get(2, x, y));
                b.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        ImageIO.write(b, "png", file.toFile());
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
