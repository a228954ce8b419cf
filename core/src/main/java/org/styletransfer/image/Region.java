package org.styletransfer.image;

/**
 * A rectangle of pixels of an image: columns {@code x .. x+width-1}, rows {@code y .. y+height-1}.
 *
 * @param x      first column
 * @param y      first row
 * @param width  columns, at least 1
 * @param height rows, at least 1
 */
public record Region(int x, int y, int width, int height) {
    public Region {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("not a region: " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** The whole of a {@code width x height} image. */
    public static Region all(int width, int height) {
        return new Region(0, 0, width, height);
    }

    /** True when this is the whole of {@code img}. */
    public boolean covers(PixelSource img) {
        return x == 0 && y == 0 && width == img.width() && height == img.height();
    }

    /**
     * This region with {@code margin} more pixels on every side, clipped to a
     * {@code imageWidth x imageHeight} image, its corner moved left and up onto a multiple of
     * {@code align}: networks with stride-2 layers only give the same pixels on a grid shifted by
     * multiples of their total stride.
     */
    public Region grow(int margin, int align, int imageWidth, int imageHeight) {
        int a = Math.max(1, align);
        int x0 = Math.max(0, x - margin) / a * a;
        int y0 = Math.max(0, y - margin) / a * a;
        int x1 = Math.min(imageWidth, x + width + margin);
        int y1 = Math.min(imageHeight, y + height + margin);
        return new Region(x0, y0, x1 - x0, y1 - y0);
    }

    /** This region in the coordinates of {@code outer}, which contains it. */
    public Region within(Region outer) {
        return new Region(x - outer.x, y - outer.y, width, height);
    }
}
