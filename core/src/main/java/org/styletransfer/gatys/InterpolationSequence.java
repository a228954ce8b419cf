package org.styletransfer.gatys;

import org.styletransfer.image.StyleImage;
import org.styletransfer.engine.Progress;
import org.styletransfer.image.ColorImage;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of stylisations morphing from style A to style B: step k of K uses the Gram targets
 * (1 - t) A + t B with t = k / (K - 1). Each step after the first starts from the previous result
 * at full resolution, so consecutive images stay coherent (an animation rather than K unrelated
 * pictures) and later steps need fewer iterations to settle.
 */
public final class InterpolationSequence {
    /** Default number of images: enough to see the morph, few enough to wait for. */
    public static final int DEFAULT_STEPS = 5;

    private InterpolationSequence() {
    }

    /**
     * The images of a sequence.
     *
     * @param images    one per finished step, A first
     * @param positions t of each image (0 = style A, 1 = style B)
     * @param cancelled true when the user stopped the run; the images so far are kept, the last
     *                  being the best of its interrupted step
     * @param provider     the provider(s) the last step ran on, as {@link NeuralStyleResult#provider()}
     * @param providerNote why the last step's provider differs from the one asked for, or ""
     * @param notes        the notes of every step, in order (see {@link NeuralStyleResult#notes()}),
     *                     each prefixed "Step k/K: " as the status line showed it when K &gt; 1
     */
    public record Result(List<ColorImage> images, List<Double> positions, boolean cancelled, String provider,
                         String providerNote, List<String> notes) {
        public Result {
            images = List.copyOf(images);
            positions = List.copyOf(positions);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Runs the sequence.
     *
     * @param steps    number of images K (at least 1; 1 gives style A alone)
     * @param settings settings of the first step; later steps use one level and start from the
     *                 previous result
     */
    public static Result run(NeuralStylizer stylizer, ColorImage content, ColorImage styleA, ColorImage styleB,
                             int steps, NeuralStyleSettings settings, Progress progress, NeuralStyleListener listener) {
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1");
        Progress outer = progress == null ? Progress.NONE : progress;
        List<ColorImage> images = new ArrayList<>();
        List<Double> positions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        NeuralStyleSettings s = settings;
        NeuralStyleResult r = null;
        for (int k = 0; k < steps; k++) {
            double t = steps == 1 ? 0 : k / (double) (steps - 1);
            List<StyleImage> styles = List.of(new StyleImage(styleA, 1 - t), new StyleImage(styleB, t));
            r = stylizer.stylize(content, styles, s, outer.part(k, steps, "Step"), listener);
            images.add(r.image());
            positions.add(t);
            for (String note : r.notes()) notes.add(steps > 1 ? "Step " + (k + 1) + "/" + steps + ": " + note : note);
            if (r.cancelled()) return new Result(images, positions, true, r.provider(), r.providerNote(), notes);
            // Continue from this result; the colour-preserved, clamped image is what the user saw.
            s = settings.toBuilder().initImage(r.image()).levels(1).build();
        }
        return new Result(images, positions, false, r.provider(), r.providerNote(), notes);
    }

}
