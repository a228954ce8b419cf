package org.styletransfer.universal;

import org.styletransfer.image.ColorImage;

import java.util.ArrayList;
import java.util.List;

/**
 * The whitening and colouring transform of universal style transfer applied to the pixels
 * themselves, the three colour channels taken as the features: the content keeps every edge and
 * texture and takes on the mean and covariance of the style pictures' colours. Neural Style's
 * {@code init=colours} starts from it. A decoded universal result moves the content's structure,
 * and the optimisation then settles in another, slower optimum; this start leaves the structure
 * where the optimisation from the content would keep it and gives it the colours, the part of the
 * style that L-BFGS moves most slowly.
 */
public final class PixelWct {
    private PixelWct() {
    }

    /**
     * The content in the styles' colours: per style the WCT of the RGB values (regularised as
     * {@link FeatureTransform#REGULARISATION} says, so a flat content or style gives no NaN),
     * blended by weight as the WCT paper blends styles, clamped to 0..255.
     *
     * @param styles  one or more style pictures
     * @param weights their weights, one per picture, summing to more than 0
     */
    public static ColorImage apply(ColorImage content, List<ColorImage> styles, double[] weights) {
        if (styles.isEmpty() || styles.size() != weights.length) {
            throw new IllegalArgumentException(styles.size() + " style pictures for " + weights.length + " weights");
        }
        List<FeatureTransform.Target> targets = new ArrayList<>();
        for (ColorImage style : styles) targets.add(FeatureTransform.Target.of(Method.WCT, FeatureStats.of(style.data(), 3)));
        FeatureTransform t = FeatureTransform.toward(FeatureStats.of(content.data(), 3),
            FeatureTransform.Target.blend(targets, weights));
        float[] out = t.apply(content.data());
        for (int i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, out[i]));
        return new ColorImage(content.width(), content.height(), out);
    }
}
