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
        return r.covers(this) ? this : new Part(this, r);
    }
}
