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
 * @param provider     the provider(s) the loss actually ran on, from its session: "CPU", "CUDA",
 *                     or after CUDA failed mid-run e.g. "CUDA, then CPU (CUDA failed at iteration
 *                     12: ...)"
 * @param providerNote why the provider differs from the one asked for (e.g. no CUDA in this
 *                     build), or ""
 * @param notes        what the user should know about how the run went, e.g. "Out of memory at
 *                     1024x768; retried at 724x543 and scaled the result up to 1024x768"; empty
 *                     when nothing happened
 */
public record NeuralStyleResult(ColorImage image, boolean cancelled, int iterations, int evaluations,
                                double initialLoss, double finalLoss, List<IterationInfo> history,
                                List<ColorImage> frames, double seconds, String provider, String providerNote,
                                List<String> notes) {
    public NeuralStyleResult {
        history = List.copyOf(history);
        frames = List.copyOf(frames);
        notes = List.copyOf(notes);
    }
}
