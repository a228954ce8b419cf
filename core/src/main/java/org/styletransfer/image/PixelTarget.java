package org.styletransfer.image;

/**
 * Where a result image goes, a band of rows at a time; rows written may be read back (as the
 * target stores them: e.g. rounded to 8 bits) to blend further results into them.
 */
public interface PixelTarget extends PixelSource {
    /** Stores {@code rows} (full width) as the image rows from {@code y} on. */
    default void write(int y, ColorImage rows) {
        write(0, y, rows);
    }

    /** Stores {@code rows} as the pixels from ({@code x}, {@code y}) on; they lie inside the image. */
    void write(int x, int y, ColorImage rows);

    /**
     * The part {@code r} of this image (inside it) as a target of its own: reads and writes go
     * to the same pixels of this one, nothing else of it changes.
     */
    @Override
    default PixelTarget part(Region r) {
        return r.covers(this) ? this : new Part(this, r);
    }
}
