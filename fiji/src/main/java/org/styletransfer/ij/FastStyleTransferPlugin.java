package org.styletransfer.ij;

import ij.ImagePlus;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.planes.SelectionArea;

import java.nio.file.Paths;
import java.util.Optional;

/**
 * Plugins &gt; Style Transfer &gt; Fast Style Transfer... (see {@code plugins.config}): the ImageJ
 * 1.x menu command and macro function {@code run("Fast Style Transfer...", "model=candy ...")}.
 * It only collects the options and shows the outcome; {@link FastStyleCommand} does the work.
 */
public class FastStyleTransferPlugin extends StylePlugin {
    /** The dialog and error title. */
    static final String TITLE = FastStyleSpec.spec().title();

    @Override
    String title() {
        return TITLE;
    }

    @Override
    Optional<ParamValues> ask(ImagePlus source) {
        return LivePreview.show(new SpecDialog(withSelectionNote(FastStyleSpec.spec(), source)), source,
            FastStyleCommand::run);
    }

    /**
     * {@code spec} with a line in its description (the dialog's first message) saying what
     * happens to {@code source}'s area selection, when it has one: the user sees before running
     * that only its inside is stylised, and how to have it ignored.
     */
    static CommandSpec withSelectionNote(CommandSpec spec, ImagePlus source) {
        if (!SelectionArea.present(source)) return spec;
        // The checkbox as the dialog shows it.
        String checkbox = spec.defaults().param(FastStyleSpec.IGNORE_SELECTION).label();
        String note = "'" + source.getTitle() + "' has a selection: only its inside is stylised."
            + " Check '" + checkbox + "' to stylise the whole image (the selection is then ignored).";
        return new CommandSpec(spec.title(), spec.description() + "\n" + note, spec.params());
    }

    @Override
    StyleResult process(ImagePlus source, ParamValues values, ImageJProgress progress) {
        return FastStyleCommand.run(source, values, progress);
    }

    @Override
    boolean sequence(ParamValues values) {
        return values.number(FastStyleSpec.TEMPORAL_COHERENCE) > 0;
    }

    @Override
    String summaryName(ParamValues values) {
        return styleName(values);
    }

    /**
     * What the summary line calls the style: the model id (or the file name of a custom model),
     * followed by the blended models, if any.
     */
    static String styleName(ParamValues values) {
        String file = values.string(FastStyleSpec.MODEL_FILE).trim();
        String main = file.isEmpty() ? values.string(FastStyleSpec.MODEL) : String.valueOf(Paths.get(file).getFileName());
        String blend = values.string(FastStyleSpec.BLEND_WITH).trim();
        return blend.isEmpty() ? main : main + " + " + blend;
    }
}
