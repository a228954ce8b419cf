package org.styletransfer.universal;

import org.styletransfer.image.ColorImage;

/**
 * A style picture of a blend and its weight.
 *
 * @param image  RGB 0..255 at the size whose statistics are wanted (the brush strokes' scale)
 * @param weight its share of the blend (weights are normalised to sum 1)
 */
public record StylePicture(ColorImage image, double weight) {
}
