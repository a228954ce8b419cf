package org.styletransfer.image;

/**
 * An image read region by region, as 0..255 RGB floats: lets the style algorithms work on tiles of
 * an image they never hold whole as floats (an ImageJ processor, a {@link ColorImage}).
 */
public interface PixelSource {
    int width();

    int height();

    /**
     * Copies the region of {@code dst}'s size whose top-left corner is ({@code x}, {@code y}) into
     * {@code dst}; the region lies inside the image.
     */
    void read(int x, int y, ColorImage dst);

    /**
     * The part {@code r} of this image (inside it) as an image of its own, read through this one:
     * nothing is copied until it is read.
     */
    default PixelSource part(Region r) {
        if (r.x() == 0 && r.y() == 0 && r.width() == width() && r.height() == height()) return this;
        PixelSource whole = this;
        return new PixelSource() {
            @Override
            public int width() {
                return r.width();
            }

            @Override
            public int height() {
                return r.height();
            }

            @Override
            public void read(int x, int y, ColorImage dst) {
                whole.read(r.x() + x, r.y() + y, dst);
            }
        };
    }
}
