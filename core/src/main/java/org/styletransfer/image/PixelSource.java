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
}
