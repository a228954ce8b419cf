package org.styletransfer.gatys;

import org.styletransfer.image.ColorImage;

/** Receives per-iteration progress and previews of a running style transfer; every method is optional. */
public interface NeuralStyleListener {
    /** A listener that does nothing. */
    NeuralStyleListener NONE = new NeuralStyleListener() {
    };

    /** After every iteration. */
    default void onIteration(IterationInfo info) {
    }

    /**
     * Every {@code previewEvery} iterations, and after each level: the current image at the
     * level's size, clamped to 0..255, colours preserved if asked. The image is a copy the
     * listener may keep.
     */
    default void onPreview(ColorImage image, IterationInfo info) {
    }
}
