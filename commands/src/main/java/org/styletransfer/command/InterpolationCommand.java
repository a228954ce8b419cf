package org.styletransfer.command;

import ij.ImagePlus;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.gatys.InterpolationSequence;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.image.ColorImage;
import org.styletransfer.planes.PlaneSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.styletransfer.command.InterpolationSpec.*;

/**
 * Runs a style interpolation sequence on the displayed plane: K frames going from style A to
 * style B ({@link InterpolationSequence}), as a new time series in the source's type and calibration.
 * Cancelling keeps the frames finished so far and the best image of the interrupted step, when that
 * step had an iteration; the title says where it stopped. The source and the style images are read
 * before the run, so closing them meanwhile does not affect it.
 */
public final class InterpolationCommand {
    private InterpolationCommand() {
    }

    /**
     * Makes the sequence from {@code content} (never modified).
     *
     * @param listener previews as in {@link NeuralStyleCommand#run}
     * @throws org.styletransfer.engine.StyleTransferException with a message for the user
     * @throws CancelledException when cancelled before the first step had an iteration
     */
    public static StyleResult run(ImagePlus content, ParamValues values, Progress progress,
                                  NeuralStyleListener listener) {
        long start = System.nanoTime();
        Progress outer = progress == null ? Progress.NONE : progress;
        // Taken now with PlaneSet's checks (no image, too small, indexed colour); the frames are made from it.
        PlaneSet plane = PlaneSet.of(content, false);
        ResultRecord record = ResultRecord.of(content, PlaneScope.CURRENT);
        ColorImage full = plane.read(0);
        int[] work = NeuralStyleCommand.workSize(full.width(), full.height(),
            values.integer(NeuralStyleSpec.MAX_SIZE));
        NeuralStyleImages.Named a = NeuralStyleImages.style(STYLE_A, values.string(STYLE_A), null);
        NeuralStyleImages.Named b = NeuralStyleImages.style(STYLE_B, values.string(STYLE_B), a.file());
        NeuralStyleCommand.Setup setup = NeuralStyleCommand.setup(values, work, listener, null, outer);
        int longer = NeuralStyleCommand.styleLonger(values, work);
        int steps = values.integer(STEPS);

        StepsStarted started = new StepsStarted(listener);
        InterpolationSequence.Result r = InterpolationSequence.run(setup.stylizer(),
            NeuralStyleImages.resize(full, work[0], work[1]), NeuralStyleImages.fitLonger(a.image(), longer),
            NeuralStyleImages.fitLonger(b.image(), longer), steps, setup.settings(), outer, started);
        int kept = started.kept(r);
        if (kept == 0) throw new CancelledException();

        List<String> labels = new ArrayList<>();
        for (double t : r.positions().subList(0, kept)) labels.add(String.format(Locale.ROOT, "t=%.3f", t));
        String note = !r.cancelled() ? "" : kept < r.images().size() ? StyleResult.cancelledNote(kept, steps)
            : "(cancelled at frame " + kept + " of " + steps + ")";
        String title = NeuralStyleCommand.baseTitle(plane.title()) + "-" + name(values) + (note.isEmpty() ? "" : " " + note);
        ImagePlus image = NeuralStyleFrames.stack(plane, r.images().subList(0, kept), labels, title);
        StyleResult result = new StyleResult(image, r.provider(), r.providerNote(), r.notes(), kept,
            (System.nanoTime() - start) / 1e9, steps, r.cancelled(), note);
        return record.finish(result, TITLE, values, NeuralStyleCommand.modelFiles(values));
    }

    /** "a-to-b" from the styles' short names, for titles and summaries. */
    public static String name(ParamValues values) {
        return NeuralStyleCommand.shortName(values.string(STYLE_A)) + "-to-"
            + NeuralStyleCommand.shortName(values.string(STYLE_B));
    }

    /**
     * Passes everything on to the listener it wraps, and counts the steps that had an iteration: a
     * step that was cancelled before its first one returns its start image (the previous frame),
     * which must not be shown as a frame of its own.
     */
    private static final class StepsStarted implements NeuralStyleListener {
        private final NeuralStyleListener listener;
        private int started;

        StepsStarted(NeuralStyleListener listener) {
            this.listener = listener == null ? NeuralStyleListener.NONE : listener;
        }

        @Override
        public void onIteration(IterationInfo info) {
            // Every step starts with iteration 1 of its first (coarsest) level.
            if (info.level() == 0 && info.iteration() == 1) started++;
            listener.onIteration(info);
        }

        @Override
        public void onPreview(ColorImage image, IterationInfo info) {
            listener.onPreview(image, info);
        }

        /** The frames of {@code r} worth keeping: those of the steps that had an iteration. */
        int kept(InterpolationSequence.Result r) {
            return Math.min(r.images().size(), started);
        }
    }
}
