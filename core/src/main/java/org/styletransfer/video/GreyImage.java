package org.styletransfer.video;

import org.styletransfer.image.ColorImage;

/**
 * One float plane (row-major), the input of optical flow: usually the luminance of a frame in
 * 0..255. The array is shared, not copied.
 *
 * @param width  columns
 * @param height rows
 * @param data   width*height values
 */
public record GreyImage(int width, int height, float[] data) {
    public GreyImage {
        if (data.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " values, got " + data.length);
        }
    }

    /** Rec. 601 luminance of a colour image (grey planes, read as R = G = B, come back unchanged). */
    public static GreyImage luminance(ColorImage img) {
        int n = img.width() * img.height();
        float[] d = img.data();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = 0.299f * d[i] + 0.587f * d[n + i] + 0.114f * d[2 * n + i];
        return new GreyImage(img.width(), img.height(), out);
    }

    /** Value at (x, y). */
    public float get(int x, int y) {
        return data[y * width + x];
    }
}
