package org.styletransfer.lossgraph;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Real images for tests, as [3][h][w] RGB 0..255 (values exactly representable in float32). */
final class TestImages {

    private TestImages() {
    }

    /** The image at {@code file}, resized (bilinear) to w x h. */
    static double[] load(Path file, int w, int h) throws IOException {
        BufferedImage source = ImageIO.read(file.toFile());
        if (source == null) {
            throw new IOException("not an image: " + file);
        }
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        double[] rgb = new double[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = scaled.getRGB(x, y);
                rgb[y * w + x] = (p >> 16) & 0xff;
                rgb[(h + y) * w + x] = (p >> 8) & 0xff;
                rgb[(2 * h + y) * w + x] = p & 0xff;
            }
        }
        return rgb;
    }
}
