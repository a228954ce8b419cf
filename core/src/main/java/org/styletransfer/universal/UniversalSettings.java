package org.styletransfer.universal;

/**
 * The options of a universal style transfer job besides the styles.
 *
 * @param method   WCT or AdaIN
 * @param strength 1 = the style's statistics, 0 = the content unchanged (a blend of the features at
 *                 every level)
 * @param levels   how many encoder levels, deepest first (3: relu3_1, then relu2_1, then relu1_1)
 * @param tileSize tile edge, or 0 for automatic (whole images up to about a megapixel)
 * @param overlap  overlap between tiles in pixels
 */
public record UniversalSettings(Method method, double strength, int levels, int tileSize, int overlap) {
    /** Default method. */
    public static final Method DEFAULT_METHOD = Method.WCT;
    /** Default strength. */
    public static final double DEFAULT_STRENGTH = 1.0;
    /** Default level count: every level of the partial VGG-19. */
    public static final int DEFAULT_LEVELS = 3;
    /**
     * Default tile overlap. The relu3_1 step sees about 40 pixels around each pixel (its
     * receptive field through encoder and decoder); 64 blends seams away below 1/255.
     */
    public static final int DEFAULT_OVERLAP = 64;

    /** Checks the ranges. */
    public UniversalSettings {
        if (!(strength >= 0 && strength <= 1)) throw new IllegalArgumentException("strength must be in 0..1");
        if (levels < 1) throw new IllegalArgumentException("levels must be at least 1");
        if (tileSize < 0 || overlap < 0) throw new IllegalArgumentException("tile size and overlap must be >= 0");
    }

    /** These settings with {@code n} levels. */
    public UniversalSettings withLevels(int n) {
        return new UniversalSettings(method, strength, n, tileSize, overlap);
    }

    /** These settings with strength {@code s}. */
    public UniversalSettings withStrength(double s) {
        return new UniversalSettings(method, s, levels, tileSize, overlap);
    }

    /** The defaults, automatic tiles. */
    public static UniversalSettings defaults() {
        return new UniversalSettings(DEFAULT_METHOD, DEFAULT_STRENGTH, DEFAULT_LEVELS, 0, DEFAULT_OVERLAP);
    }
}
