package org.styletransfer.scijava;

import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.InterpolationCommand;
import org.styletransfer.command.InterpolationSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.Progress;
import org.styletransfer.gatys.NeuralStyleListener;

/**
 * Style Interpolation Sequence as a SciJava command: the displayed plane of {@code image} morphing
 * from {@code style_a} to {@code style_b} in {@code steps} frames, returned as a time series.
 * Options are those of {@link InterpolationSpec#spec()}. No menu path, as for
 * {@link FastStyleScijavaCommand}.
 */
@Plugin(type = Command.class, headless = true, label = "Style Interpolation Sequence",
    description = "A stack of frames morphing an image from one painting's style to another's.")
public class InterpolationScijavaCommand extends SpecScijavaCommand {

    @Override
    protected CommandSpec spec() {
        return InterpolationSpec.spec();
    }

    @Override
    protected ImagePlus compute(ImagePlus image, ParamValues values, Progress progress) {
        return InterpolationCommand.run(image, values, progress, NeuralStyleListener.NONE).image();
    }
}
