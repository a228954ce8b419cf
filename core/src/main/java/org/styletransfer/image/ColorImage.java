package org.styletransfer.image;

/**
 * The working format of the style algorithms: a planar RGB float image (channel, row, column, as
 * in an NCHW tensor), values nominally 0..255. Planar layout makes copying a tile into a model's
 * input tensor a run of row copies.
 */
public final class ColorImage {
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

    public int width() {
        return width;
    }

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

    /** A copy of the pixels in {@code r}, which must lie inside this image. */
    public ColorImage crop(Region r) {
        ColorImage out = new ColorImage(r.width(), r.height());
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < r.height(); j++) {
                System.arraycopy(data, index(c, r.x(), r.y() + j), out.data, out.index(c, 0, j), r.width());
            }
        }
        return out;
    }

    /** A copy of this image with {@code part} in place of the pixels of {@code r} (of {@code part}'s size). */
    public ColorImage paste(ColorImage part, Region r) {
        if (part.width != r.width() || part.height != r.height()) {
            throw new IllegalArgumentException("a " + part.width + "x" + part.height + " image does not fit " + r);
        }
        ColorImage out = new ColorImage(width, height, data.clone());
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < r.height(); j++) {
                System.arraycopy(part.data, part.index(c, 0, j), out.data, index(c, r.x(), r.y() + j), r.width());
            }
        }
        return out;
    }

    /** Bilinear resampling to a new size (used for the whole-image statistics pass). */
    public ColorImage resize(int w, int h) {
        if (w == width && h == height) return this;
        ColorImage out = new ColorImage(w, h);
        float sx = (float) width / w;
        float sy = (float) height / h;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                float fy = Math.max(0, Math.min(height - 1, (y + 0.5f) * sy - 0.5f));
                int y0 = (int) fy;
                int y1 = Math.min(height - 1, y0 + 1);
                float ty = fy - y0;
                for (int x = 0; x < w; x++) {
                    float fx = Math.max(0, Math.min(width - 1, (x + 0.5f) * sx - 0.5f));
                    int x0 = (int) fx;
                    int x1 = Math.min(width - 1, x0 + 1);
                    float tx = fx - x0;
                    float top = get(c, x0, y0) * (1 - tx) + get(c, x1, y0) * tx;
                    float bottom = get(c, x0, y1) * (1 - tx) + get(c, x1, y1) * tx;
                    out.data[out.index(c, x, y)] = top * (1 - ty) + bottom * ty;
                }
            }
        }
        return out;
    }
}
