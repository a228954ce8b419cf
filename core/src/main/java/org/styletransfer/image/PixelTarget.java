package org.styletransfer.image;

/**
 * Where a result image goes, a band of full-width rows at a time; rows written may be read back
 * (as the target stores them: e.g. rounded to 8 bits) to blend further results into them.
 */
public interface PixelTarget extends PixelSource {
    /** Stores {@code rows} (full width) as the image rows from {@code y} on. */
    void write(int y, ColorImage rows);
}
