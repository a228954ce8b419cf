package org.styletransfer.fast;

/**
 * How a {@link FastStylizer} runs its networks, apart from which networks and their blend weights.
 * {@link #defaults()} are the defaults of every front end (menu, macro, SciJava, command line, Java).
 *
 * @param strength 1 = fully stylised, 0 = the original image
 * @param tileSize tile edge in pixels, or 0 to choose automatically (fixed-size models use their own size)
 * @param overlap  overlap between neighbouring tiles in pixels, blended so that no seam shows
 */
public record FastStyleSettings(double strength, int tileSize, int overlap) {
    /** Default strength: fully stylised. */
    public static final double DEFAULT_STRENGTH = 1;
    /** Default tile edge: 0, chosen automatically from the image and the memory. */
    public static final int DEFAULT_TILE_SIZE = 0;
    /** Default overlap between tiles, in pixels: wide enough for the networks' receptive field to settle. */
    public static final int DEFAULT_OVERLAP = 64;

    public FastStyleSettings {
        if (!(strength >= 0 && strength <= 1)) throw new IllegalArgumentException("strength must be in 0..1");
        if (tileSize < 0 || overlap < 0) throw new IllegalArgumentException("tile size and overlap must not be negative");
    }

    /** Strength {@value #DEFAULT_STRENGTH}, automatic tiles, overlap {@value #DEFAULT_OVERLAP}. */
    public static FastStyleSettings defaults() {
        return new FastStyleSettings(DEFAULT_STRENGTH, DEFAULT_TILE_SIZE, DEFAULT_OVERLAP);
    }

    /** These settings with another strength. */
    public FastStyleSettings withStrength(double v) {
        return new FastStyleSettings(v, tileSize, overlap);
    }
}
