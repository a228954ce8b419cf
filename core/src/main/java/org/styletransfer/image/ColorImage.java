package org.styletransfer.image;

/**
 * The working format of the style algorithms: a planar RGB float image (channel, row, column, as
 * in an NCHW tensor), values nominally 0..255. Planar layout makes copying a tile into a model's
 * input tensor a run of row copies.
 */
public final class ColorImage implements PixelTarget {
    private final int width;
    private final int height;
    private final float[] data;

    public ColorImage(int width, int height) {
        this(width, height, new float[3 * width * height]);
    }

    /** Wraps {@code data} (length 3*width*height, R plane then G then B) without copying. */
    public ColorImage(int width, int height, float[] data) {
        if (data.length != 3 * width * height) {
            throw new IllegalArgumentException("expected " + 3 * width * height + " values, got " + data.length);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The backing array, R plane, G plane, B plane. */
    public float[] data() {
        return data;
    }

    /** Offset of pixel (x, y) of channel c in {@link #data()}. */
    public int index(int c, int x, int y) {
        return (c * height + y) * width + x;
    }

    public float get(int c, int x, int y) {
        return data[index(c, x, y)];
    }

    /**
     * This image moved towards {@code other} (same size) by {@code strength * weights[pixel]}, in
     * every channel: {@code this + strength * w * (other - this)}. A weight of 0 keeps this image's
     * pixel, 1 (with strength 1) takes the other's: a mask, a consistency map.
     *
     * @param weights one per pixel (width*height, row-major)
     */
    public ColorImage towards(ColorImage other, float[] weights, double strength) {
        int n = width * height;
        if (other.width != width || other.height != height || weights.length != n) {
            throw new IllegalArgumentException("blending " + width + "x" + height + " with " + other.width + "x"
                + other.height + " by " + weights.length + " weights");
        }
        float[] s = data;
        float[] p = other.data;
        float[] out = new float[3 * n];
        float k = (float) strength;
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < n; i++) {
                int j = ch * n + i;
                out[j] = s[j] + k * weights[i] * (p[j] - s[j]);
            }
        }
        return new ColorImage(width, height, out);
    }

    /**
     * {@code this + (sharp - blurred)}, clamped to 0..255: the detail {@code blurred} lacks, added to
     * this image (all three the same size).
     */
    public ColorImage plusDetail(ColorImage sharp, ColorImage blurred) {
        float[] b = data;
        float[] s = sharp.data;
        float[] l = blurred.data;
        float[] out = new float[b.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.max(0f, Math.min(255f, b[i] + s[i] - l[i]));
        return new ColorImage(width, height, out);
    }

    /** A copy of the pixels in {@code r}, which must lie inside this image. */
    public ColorImage crop(Region r) {
        ColorImage out = new ColorImage(r.width(), r.height());
        read(r.x(), r.y(), out);
        return out;
    }

    /** A copy of this image with {@code part} in place of the pixels of {@code r} (of {@code part}'s size). */
    public ColorImage paste(ColorImage part, Region r) {
        if (part.width != r.width() || part.height != r.height()) {
            throw new IllegalArgumentException("a " + part.width + "x" + part.height + " image does not fit " + r);
        }
        ColorImage out = new ColorImage(width, height, data.clone());
        copy(part, 0, 0, out, r.x(), r.y(), r.width(), r.height());
        return out;
    }

    @Override
    public void read(int x, int y, ColorImage dst) {
        copy(this, x, y, dst, 0, 0, dst.width, dst.height);
    }

    @Override
    public void write(int x, int y, ColorImage rows) {
        copy(rows, 0, 0, this, x, y, rows.width, rows.height);
    }

    /** Copies the {@code w x h} region at ({@code sx}, {@code sy}) of {@code src} to ({@code dx}, {@code dy}) of {@code dst}. */
    private static void copy(ColorImage src, int sx, int sy, ColorImage dst, int dx, int dy, int w, int h) {
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < h; j++) {
                System.arraycopy(src.data, src.index(c, sx, sy + j), dst.data, dst.index(c, dx, dy + j), w);
            }
        }
    }

    /** Bilinear resampling to a new size (used for the whole-image statistics pass). */
    public ColorImage resize(int w, int h) {
        if (w == width && h == height) return this;
        return resize(this, w, h);
    }

    /**
     * Bilinear resampling of {@code src} to a new {@code w x h} image, reading two source rows per
     * output row, so that a large source is never held whole.
     */
    public static ColorImage resize(PixelSource src, int w, int h) {
        int width = src.width();
        int height = src.height();
        ColorImage out = new ColorImage(w, h);
        ColorImage row0 = new ColorImage(width, 1);
        ColorImage row1 = new ColorImage(width, 1);
        float sx = (float) width / w;
        float sy = (float) height / h;
        for (int y = 0; y < h; y++) {
            float fy = Math.max(0, Math.min(height - 1, (y + 0.5f) * sy - 0.5f));
            int y0 = (int) fy;
            int y1 = Math.min(height - 1, y0 + 1);
            float ty = fy - y0;
            src.read(0, y0, row0);
            src.read(0, y1, row1);
            for (int c = 0; c < 3; c++) {
                for (int x = 0; x < w; x++) {
                    float fx = Math.max(0, Math.min(width - 1, (x + 0.5f) * sx - 0.5f));
                    int x0 = (int) fx;
                    int x1 = Math.min(width - 1, x0 + 1);
                    float tx = fx - x0;
                    float top = row0.get(c, x0, 0) * (1 - tx) + row0.get(c, x1, 0) * tx;
                    float bottom = row1.get(c, x0, 0) * (1 - tx) + row1.get(c, x1, 0) * tx;
                    out.data[out.index(c, x, y)] = top * (1 - ty) + bottom * ty;
                }
            }
        }
        return out;
    }
}
