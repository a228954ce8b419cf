package org.styletransfer.ij;

import ij.ImagePlus;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.InterpolationCommand;
import org.styletransfer.command.InterpolationSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.gatys.NeuralStyleListener;

import java.util.List;

/**
 * Plugins &gt; Style Transfer &gt; Style Interpolation Sequence... (see {@code plugins.config}): a
 * stack of frames morphing the displayed plane from one style to another;
 * {@link InterpolationCommand} does the work.
 */
public class InterpolationSequencePlugin extends OptimisationPlugin {
    @Override
    CommandSpec spec(List<String> otherImages) {
        return InterpolationSpec.spec(otherImages.isEmpty() ? "" : otherImages.get(0),
            otherImages.size() < 2 ? "" : otherImages.get(1));
    }

    @Override
    StyleResult optimise(ImagePlus source, ParamValues values, ImageJProgress progress, NeuralStyleListener listener) {
        return InterpolationCommand.run(source, values, progress, listener);
    }

    /** Its frames morph from one style to the other: how evenly shows in the flicker plot. */
    @Override
    boolean sequence(ParamValues values) {
        return true;
    }

    @Override
    String summaryName(ParamValues values) {
        return InterpolationCommand.name(values);
    }
}
