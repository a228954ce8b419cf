package org.styletransfer.image;

import org.styletransfer.image.ColorImage;

/**
 * One style picture of a (possibly blended) style, as Neural Style and the universal transfer both
 * take it.
 *
 * @param image  the style picture, RGB 0..255; the universal transfer takes its statistics at the
 *               size given (the brush strokes' scale), Neural Style resizes it itself
 * @param weight its share of the blend; weights are normalised to sum to 1, and a style with
 *               weight 0 is skipped
 */
public record StyleImage(ColorImage image, double weight) {
    public StyleImage {
        if (image == null) throw new IllegalArgumentException("style image is null");
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("style weight must be finite and not negative: " + weight);
        }
    }

    /** A style with weight 1. */
    public static StyleImage of(ColorImage image) {
        return new StyleImage(image, 1);
    }
}
