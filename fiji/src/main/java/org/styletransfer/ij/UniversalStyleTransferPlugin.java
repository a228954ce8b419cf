package org.styletransfer.ij;

import ij.ImagePlus;
import ij.Macro;
import org.styletransfer.command.NeuralStyleCommand;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.command.UniversalStyleCommand;
import org.styletransfer.command.UniversalStyleSpec;

import java.util.List;
import java.util.Optional;

/**
 * Plugins &gt; Style Transfer &gt; Universal Style Transfer... (see {@code plugins.config}): the menu
 * command and macro function {@code run("Universal Style Transfer...", "style=[/path/painting.jpg]
 * strength=1")}. The dialog offers open images (or a file) for the style pictures and a Preview;
 * {@link UniversalStyleCommand} does the work.
 */
public class UniversalStyleTransferPlugin extends StylePlugin {
    @Override
    String title() {
        return UniversalStyleSpec.spec().title();
    }

    @Override
    Optional<ParamValues> ask(ImagePlus source) {
        // A macro gets the plain defaults: what it leaves out must not depend on which windows are open.
        List<String> others = Macro.getOptions() == null ? OptimisationPlugin.otherImages(source) : List.of();
        SpecDialog dialog = new SpecDialog(UniversalStyleSpec.spec(others.isEmpty() ? "" : others.get(0)));
        return LivePreview.show(dialog, source, UniversalStyleCommand::run);
    }

    @Override
    StyleResult process(ImagePlus source, ParamValues values, ImageJProgress progress) {
        return UniversalStyleCommand.run(source, values, progress);
    }

    @Override
    String summaryName(ParamValues values) {
        return "universal " + NeuralStyleCommand.styleName(values);
    }
}
