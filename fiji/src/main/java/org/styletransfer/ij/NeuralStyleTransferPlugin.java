package org.styletransfer.ij;

import ij.ImagePlus;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.NeuralStyleCommand;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.gatys.NeuralStyleListener;

import java.util.List;

/**
 * Plugins &gt; Style Transfer &gt; Neural Style Transfer... (see {@code plugins.config}): the menu
 * command and macro function {@code run("Neural Style Transfer...", "style=[starry_night.jpg] ...")}.
 * {@link NeuralStyleCommand} does the work.
 */
public class NeuralStyleTransferPlugin extends OptimisationPlugin {
    @Override
    CommandSpec spec(List<String> otherImages) {
        return NeuralStyleSpec.spec(otherImages.isEmpty() ? "" : otherImages.get(0));
    }

    @Override
    StyleResult optimise(ImagePlus source, ParamValues values, ImageJProgress progress, NeuralStyleListener listener) {
        return NeuralStyleCommand.run(source, values, progress, listener);
    }

    @Override
    boolean sequence(ParamValues values) {
        return values.number(NeuralStyleSpec.TEMPORAL_WEIGHT) > 0;
    }

    @Override
    String summaryName(ParamValues values) {
        return NeuralStyleCommand.styleName(values);
    }
}
