package org.styletransfer.cli;

import org.styletransfer.command.NeuralStyleCommand;
import org.styletransfer.command.UniversalStyleCommand;
import org.styletransfer.command.UniversalStyleSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/**
 * {@code universal <input> <output> --style painting.jpg [--key value ...]}: Universal Style
 * Transfer of one image file (or stack, or video), with an option for each parameter of the menu
 * command ({@link UniversalStyleSpec}), generated from its definitions.
 */
@Command(name = "universal", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Stylise one image file with any style picture in one pass (WCT / AdaIN): the options of"
        + " Plugins > Style Transfer > Universal Style Transfer... and its macro keys.")
public final class UniversalSubcommand extends ImageFileSubcommand {
    private UniversalSubcommand(PrintStream out, PrintStream err) {
        super(out, err, UniversalStyleSpec.spec().params(), UniversalStyleCommand::run,
            values -> "universal " + NeuralStyleCommand.styleName(values));
    }

    /** The command with its options: input and output, and one per UniversalStyleSpec param. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(new UniversalSubcommand(out, err));
    }
}
