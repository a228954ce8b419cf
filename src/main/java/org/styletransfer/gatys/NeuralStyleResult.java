package org.styletransfer.gatys;

import org.styletransfer.image.ColorImage;

import java.util.List;

/**
 * The outcome of a style transfer.
 *
 * @param image        the stylised image at the content's size, clamped to 0..255: the best
 *                     iterate found (so far, when cancelled)
 * @param cancelled    true when the user stopped the run early; the image is still usable
 * @param iterations   iterations performed, all levels together
 * @param evaluations  loss evaluations performed, all levels together
 * @param initialLoss  loss at the start of the last (full-size) level reached
 * @param finalLoss    loss of the returned image at that level
 * @param history      the loss terms after every iteration, all levels in order
 * @param frames       the evolution (every frameEvery iterations, each at the content's size);
 *                     empty unless asked for
 * @param seconds      wall time of the run
 */
public record NeuralStyleResult(ColorImage image, boolean cancelled, int iterations, int evaluations,
                                double initialLoss, double finalLoss, List<IterationInfo> history,
                                List<ColorImage> frames, double seconds) {
    public NeuralStyleResult {
        history = List.copyOf(history);
        frames = List.copyOf(frames);
    }
}
