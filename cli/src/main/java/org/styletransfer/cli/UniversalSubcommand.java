package org.styletransfer.cli;

import ij.ImagePlus;
import org.styletransfer.command.NeuralStyleCommand;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.command.UniversalStyleCommand;
import org.styletransfer.command.UniversalStyleSpec;
import org.styletransfer.io.MediaIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code universal <input> <output> --style painting.jpg [--key value ...]}: Universal Style
 * Transfer of one image file (or stack, or video), with an option for each parameter of the menu
 * command ({@link UniversalStyleSpec}), generated from its definitions.
 */
@Command(name = "universal", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Stylise one image file with any style picture in one pass (WCT / AdaIN): the options of"
        + " Plugins > Style Transfer > Universal Style Transfer... and its macro keys.")
public final class UniversalSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<input image>", description = "Any image ImageJ opens.")
    Path input;
    @Parameters(index = "1", paramLabel = "<output file>",
        description = "The result; its extension chooses the format: tif, png, jpg, gif, bmp, zip or avi;"
            + " without one, a folder of TIFF planes.")
    Path output;
    @Mixin
    HelpOption help;
    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private UniversalSubcommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command with its options: input and output, and one per UniversalStyleSpec param. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new UniversalSubcommand(out, err));
        ParamOptions.addTo(cl.getCommandSpec(), UniversalStyleSpec.spec().params());
        return cl;
    }

    @Override
    public Integer call() {
        MediaIO.checkSavable(output); // before the run, not after it
        ParamValues values = ParamValues.of(UniversalStyleSpec.spec().params(),
            ParamOptions.given(spec.commandLine().getParseResult()));
        ImagePlus source = StylizeCommand.open(input);
        StyleResult result = UniversalStyleCommand.run(source, values, new StderrProgress(err));
        StylizeCommand.save(result.image(), output, err);
        out.println(result.summary("universal " + NeuralStyleCommand.styleName(values)));
        out.println("Wrote " + output);
        return Main.OK;
    }
}
