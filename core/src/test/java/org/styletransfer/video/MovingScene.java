package org.styletransfer.video;

import org.styletransfer.image.ColorImage;

import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic video with known motion: a textured disc sliding at constant, sub-pixel velocity over
 * a textured static background. Both textures are smooth analytic functions, so every frame is
 * rendered exactly at any sub-pixel position (no resampling error in the ground truth).
 */
final class MovingScene {
    final int width;
    final int height;
    final double radius;
    final double startX;
    final double startY;
    final double vx;
    final double vy;

    MovingScene(int width, int height, double radius, double startX, double startY, double vx, double vy) {
        this.width = width;
        this.height = height;
        this.radius = radius;
        this.startX = startX;
        this.startY = startY;
        this.vx = vx;
        this.vy = vy;
    }

    /** 112x96 (a multiple of 4, as the fast networks need), disc of radius 22 moving (3.4, 1.7) px per frame. */
    static MovingScene standard() {
        return new MovingScene(112, 96, 22, 32, 34, 3.4, 1.7);
    }

    double centreX(int t) {
        return startX + vx * t;
    }

    double centreY(int t) {
        return startY + vy * t;
    }

    /** Distance of (x, y) from the disc's centre in frame t. */
    double distance(int t, double x, double y) {
        return Math.hypot(x - centreX(t), y - centreY(t));
    }

    List<ColorImage> frames(int count) {
        List<ColorImage> out = new ArrayList<>();
        for (int t = 0; t < count; t++) out.add(frame(t));
        return out;
    }

    ColorImage frame(int t) {
        ColorImage img = new ColorImage(width, height);
        float[] d = img.data();
        int n = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // Anti-aliased edge: one pixel wide ramp.
                double alpha = Math.max(0, Math.min(1, radius - distance(t, x, y) + 0.5));
                double ox = x - centreX(t);
                double oy = y - centreY(t);
                for (int c = 0; c < 3; c++) {
                    double v = alpha * object(c, ox, oy) + (1 - alpha) * background(c, x, y);
                    d[c * n + y * width + x] = (float) v;
                }
            }
        }
        return img;
    }

    /** Background: a few oriented waves per channel, mid-grey centred. */
    private static double background(int c, double x, double y) {
        return 120 + 30 * c + 40 * Math.sin(0.31 * x + 0.17 * y + c) + 30 * Math.sin(0.11 * x - 0.37 * y + 2 * c)
            + 20 * Math.cos(0.23 * y + 0.05 * x * (c + 1));
    }

    /** The disc's own texture, in the disc's coordinates, darker and with different orientations. */
    private static double object(int c, double ox, double oy) {
        return 70 + 20 * c + 45 * Math.sin(0.45 * ox - 0.2 * oy + c) + 35 * Math.cos(0.27 * oy + 0.33 * ox + 1.5 * c);
    }
}
