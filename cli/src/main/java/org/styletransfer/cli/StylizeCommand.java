package org.styletransfer.cli;

import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.nio.file.Paths;

/**
 * {@code stylize <input> <output> [--key value ...]}: Fast Style Transfer of one image file, with an
 * option for each parameter of the menu command ({@link FastStyleSpec}), generated from its
 * definitions.
 */
@Command(name = "stylize", aliases = "stylise", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Stylise one image file with a fast style network: the options of Plugins > Style Transfer"
        + " > Fast Style Transfer... and its macro keys.")
public final class StylizeCommand extends ImageFileSubcommand {
    private StylizeCommand(PrintStream out, PrintStream err) {
        super(out, err, FastStyleSpec.spec().params(), FastStyleCommand::run, StylizeCommand::describe);
    }

    /** The command with its options: input and output, and one per FastStyleSpec param (threads among them). */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(new StylizeCommand(out, err));
    }

    /** What the summary line calls the run: the model (and blend) that was used. */
    static String describe(ParamValues values) {
        String file = values.string(FastStyleSpec.MODEL_FILE);
        String what = file.isBlank() ? values.string(FastStyleSpec.MODEL) : Paths.get(file).getFileName().toString();
        String blend = values.string(FastStyleSpec.BLEND_WITH);
        return blend.isBlank() ? what : what + " + " + blend;
    }
}
