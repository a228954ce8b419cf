package org.styletransfer.scijava;

import ij.ImagePlus;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;

/**
 * A style command as a SciJava command: an image in, a new image out, and the options of its
 * {@link org.styletransfer.command.CommandSpec} as inputs. Subclasses name the spec and call their command.
 *
 * <p>Because a subclass is a {@code Module} itself, {@code CommandService.run} returns null for it;
 * to wait for the result use {@code moduleService.run(commandService.getCommand(TheCommand.class), true, ...)}.</p>
 */
public abstract class SpecScijavaCommand extends SpecDynamicCommand {

    /** The image to process; it is not modified. */
    @Parameter(label = "Image", description = "The image to stylise; it is not modified.")
    private ImagePlus image;

    /** The new image. */
    @Parameter(type = ItemIO.OUTPUT, label = "Result")
    private ImagePlus result;

    /** Runs the command on {@code image} with checked values and returns the new image. */
    protected abstract ImagePlus compute(ImagePlus image, ParamValues values, Progress progress);

    @Override
    public void run() {
        try {
            result = compute(image, values(), progress());
        } catch (CancelledException e) {
            cancel(e.getMessage());
        }
    }
}
