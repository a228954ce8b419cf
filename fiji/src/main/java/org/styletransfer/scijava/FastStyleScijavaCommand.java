package org.styletransfer.scijava;

import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.Progress;

/**
 * Fast Style Transfer as a SciJava command, for scripts and headless use:
 * {@code commandService.run(FastStyleScijavaCommand.class, true, "image", imp, "model", "candy")}.
 *
 * <p>Only the image and the result are declared (in {@link SpecScijavaCommand}); the options are
 * added at run time from {@link FastStyleSpec#spec()}. There is no menu path: in Fiji the ImageJ
 * 1.x menu entry ({@code plugins.config}) is the one users see, and a second entry would be a
 * duplicate.</p>
 */
@Plugin(type = Command.class, headless = true, label = "Fast Style Transfer",
    description = "Stylise an image with a feed-forward style network on ONNX Runtime.")
public class FastStyleScijavaCommand extends SpecScijavaCommand {

    @Override
    protected CommandSpec spec() {
        return FastStyleSpec.spec();
    }

    @Override
    protected ImagePlus compute(ImagePlus image, ParamValues values, Progress progress) {
        return FastStyleCommand.run(image, values, progress).image();
    }
}
