package org.styletransfer.gatys;

import org.styletransfer.engine.ModelRunException;
import org.styletransfer.engine.RunNotes;
import org.styletransfer.engine.StyleTransferException;

import java.util.Locale;

/**
 * Runs an optimisation again at a lower working resolution when memory runs out (ONNX Runtime
 * cannot allocate, or the JVM's heap or direct memory is full): each retry works at 1/sqrt(2) of
 * the previous size, half the pixels and so about half the memory, until it fits or would be
 * smaller than VGG can use. The optimisation's result is then scaled up to the content's size (the
 * run itself does that for any working size), and a note says what happened.
 */
final class LowerResolution {
    /** Each retry's scale relative to the previous one. */
    static final double STEP = Math.sqrt(0.5);

    private LowerResolution() {
    }

    /** One attempt of the optimisation at {@code scale} times the content's size. */
    @FunctionalInterface
    interface Attempt {
        NeuralStyleResult run(double scale);
    }

    /**
     * Runs {@code attempt} at scale 1, then at smaller scales while it runs out of memory.
     *
     * @param width  the content's width (the size the result has whatever the scale)
     * @param notes  receives one note per retry
     * @throws StyleTransferException when even the smallest working size runs out of memory
     */
    static NeuralStyleResult retry(int width, int height, RunNotes notes, Attempt attempt) {
        double scale = 1;
        while (true) {
            try {
                return attempt.run(scale);
            } catch (ModelRunException | OutOfMemoryError e) {
                if (!ModelRunException.isOutOfMemory(e)) throw e;
                double next = scale * STEP;
                if (Math.min(width, height) * next < NeuralStylizer.MIN_LEVEL_SIZE) {
                    throw outOfMemory(width, height, scale, e);
                }
                notes.add(String.format(Locale.ROOT, "Out of memory at %s; retried at %s and scaled the result up to %dx%d",
                    size(width, height, scale), size(width, height, next), width, height));
                scale = next;
            }
        }
    }

    /** {@code length} times {@code factor}, rounded, at least 1: how every working size is computed. */
    static int scaled(int length, double factor) {
        return Math.max(1, (int) Math.round(length * factor));
    }

    private static String size(int width, int height, double scale) {
        return scaled(width, scale) + "x" + scaled(height, scale);
    }

    private static StyleTransferException outOfMemory(int width, int height, double scale, Throwable cause) {
        return new StyleTransferException(String.format(Locale.ROOT,
            "Out of memory optimising the %dx%d image, even at %s (the smallest tried): %s. Use a smaller max_size, "
                + "fewer threads (Edit > Options > Memory & Threads), provider CPU if it ran on CUDA, or give ImageJ "
                + "more memory (Edit > Options > Memory, or -Xmx).",
            width, height, size(width, height, scale), ModelRunException.reason(cause)), cause);
    }
}
