package org.styletransfer.scijava;

import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.UniversalStyleCommand;
import org.styletransfer.command.UniversalStyleSpec;
import org.styletransfer.engine.Progress;

/**
 * Universal Style Transfer as a SciJava command, for scripts and headless use:
 * {@code commandService.run(UniversalScijavaCommand.class, true, "image", imp, "style", "/path/painting.jpg")}.
 * The options come from {@link UniversalStyleSpec#spec()} at run time; no menu path (the ImageJ 1.x
 * entry is the one users see).
 */
@Plugin(type = Command.class, headless = true, label = "Universal Style Transfer",
    description = "Stylise an image with any style picture in one pass (WCT / AdaIN) on ONNX Runtime.")
public class UniversalScijavaCommand extends SpecScijavaCommand {

    @Override
    protected CommandSpec spec() {
        return UniversalStyleSpec.spec();
    }

    @Override
    protected ImagePlus compute(ImagePlus image, ParamValues values, Progress progress) {
        return UniversalStyleCommand.run(image, values, progress).image();
    }
}
