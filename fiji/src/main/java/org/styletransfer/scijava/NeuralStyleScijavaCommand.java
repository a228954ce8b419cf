package org.styletransfer.scijava;

import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.NeuralStyleCommand;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.Progress;
import org.styletransfer.gatys.NeuralStyleListener;

/**
 * Neural Style Transfer (optimisation with VGG-19) as a SciJava command, for scripts and headless
 * use: {@code moduleService.run(commandService.getCommand(NeuralStyleScijavaCommand.class), true,
 * "image", imp, "style", "/path/starry_night.jpg", "iterations", 50)}. The options are those of
 * {@link NeuralStyleSpec#spec()}; styles are files (or titles of images open in ImageJ 1.x).
 * No previews are made. No menu path, for the reason given in {@link FastStyleScijavaCommand}.
 */
@Plugin(type = Command.class, headless = true, label = "Neural Style Transfer",
    description = "Repaint an image in the style of a picture by optimisation with VGG-19 on ONNX Runtime.")
public class NeuralStyleScijavaCommand extends SpecScijavaCommand {

    @Override
    protected CommandSpec spec() {
        return NeuralStyleSpec.spec();
    }

    @Override
    protected ImagePlus compute(ImagePlus image, ParamValues values, Progress progress) {
        return NeuralStyleCommand.run(image, values, progress, NeuralStyleListener.NONE).image();
    }
}
