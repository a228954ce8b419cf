package org.styletransfer.command;

import ij.ImagePlus;
import org.styletransfer.engine.Progress;
import org.styletransfer.gatys.InterpolationSequence;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.image.ColorImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.styletransfer.command.InterpolationSpec.*;

/**
 * Runs a style interpolation sequence on the displayed plane: K frames going from style A to
 * style B ({@link InterpolationSequence}), as a new time series in the source's type and calibration.
 * Cancelling keeps the frames finished so far, the last being the best of its interrupted step.
 */
public final class InterpolationCommand {
    private InterpolationCommand() {
    }

    /**
     * Makes the sequence from {@code content} (never modified).
     *
     * @param listener previews as in {@link NeuralStyleCommand#run}
     * @throws org.styletransfer.engine.StyleTransferException with a message for the user
     */
    public static StyleResult run(ImagePlus content, ParamValues values, Progress progress,
                                  NeuralStyleListener listener) {
        long start = System.nanoTime();
        ColorImage full = NeuralStyleImages.read(checked(content));
        int[] work = NeuralStyleImages.workSize(full.width(), full.height(), values.integer(NeuralStyleSpec.MAX_SIZE));
        NeuralStyleImages.Named a = NeuralStyleImages.style(STYLE_A, values.string(STYLE_A), null);
        NeuralStyleImages.Named b = NeuralStyleImages.style(STYLE_B, values.string(STYLE_B), a.file());
        NeuralStyleCommand.Setup setup = NeuralStyleCommand.setup(values, work, listener, null);
        int longer = NeuralStyleCommand.styleLonger(values, work);

        InterpolationSequence.Result r = InterpolationSequence.run(setup.stylizer(),
            NeuralStyleImages.resize(full, work[0], work[1]), NeuralStyleImages.fitLonger(a.image(), longer),
            NeuralStyleImages.fitLonger(b.image(), longer), values.integer(STEPS), setup.settings(), progress, listener);

        List<String> labels = new ArrayList<>();
        for (double t : r.positions()) labels.add(String.format(Locale.ROOT, "t=%.3f", t));
        String title = NeuralStyleCommand.baseTitle(content.getTitle()) + "-" + name(values)
            + (r.cancelled() ? " (cancelled at frame " + r.images().size() + ")" : "");
        ImagePlus image = NeuralStyleFrames.stack(content, r.images(), labels, title);
        return new StyleResult(image, NeuralStyleCommand.providerLabel(setup.provider()), "", r.images().size(),
            (System.nanoTime() - start) / 1e9);
    }

    /** "a-to-b" from the styles' short names, for titles and summaries. */
    public static String name(ParamValues values) {
        return NeuralStyleCommand.shortName(values.string(STYLE_A)) + "-to-"
            + NeuralStyleCommand.shortName(values.string(STYLE_B));
    }

    private static ImagePlus checked(ImagePlus content) {
        // PlaneSet's checks (no image, too small, indexed colour) with the user-facing messages.
        org.styletransfer.image.PlaneSet.of(content, false);
        return content;
    }
}
