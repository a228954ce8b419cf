package org.styletransfer.cli;

import ij.ImagePlus;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.io.MediaIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

/**
 * {@code stylize <input> <output> [--key value ...]}: Fast Style Transfer of one image file, with an
 * option for each parameter of the menu command ({@link FastStyleSpec}), generated from its
 * definitions.
 */
@Command(name = "stylize", aliases = "stylise", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Stylise one image file with a fast style network: the options of Plugins > Style Transfer"
        + " > Fast Style Transfer... and its macro keys.")
public final class StylizeCommand implements Callable<Integer> {
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

    private StylizeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command with its options: input and output, and one per FastStyleSpec param (threads among them). */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new StylizeCommand(out, err));
        ParamOptions.addTo(cl.getCommandSpec(), FastStyleSpec.spec().params());
        return cl;
    }

    @Override
    public Integer call() {
        MediaIO.checkSavable(output); // before the run, not after it
        // Converted by the same Param definitions as the dialog and macros: identical messages.
        ParamValues values = ParamValues.of(FastStyleSpec.spec().params(),
            ParamOptions.given(spec.commandLine().getParseResult()));
        ImagePlus source = open(input);
        StyleResult result = FastStyleCommand.run(source, values, new StderrProgress(err));
        save(result.image(), output, err);
        out.println(result.summary(describe(values)));
        out.println("Wrote " + output);
        return Main.OK;
    }

    /** The input as the plugin's batch macros read it (images, stacks, AVI videos), without ImageJ's dialogs. */
    static ImagePlus open(Path input) {
        if (!Files.exists(input)) throw new UsageException("Input image not found: " + input);
        return MediaIO.open(input, false);
    }

    static void save(ImagePlus image, Path output, PrintStream err) {
        if (image.getStackSize() > 1 && !MediaIO.keepsAllPlanes(output)) {
            err.println("Note: " + output.getFileName() + " keeps one plane of " + image.getStackSize()
                + "; save as .tif to keep them all.");
        }
        MediaIO.save(image, output);
    }

    /** What the summary line calls the run: the model (and blend) that was used. */
    static String describe(ParamValues values) {
        String file = values.string(FastStyleSpec.MODEL_FILE);
        String what = file.isBlank() ? values.string(FastStyleSpec.MODEL) : Paths.get(file).getFileName().toString();
        String blend = values.string(FastStyleSpec.BLEND_WITH);
        return blend.isBlank() ? what : what + " + " + blend;
    }
}
