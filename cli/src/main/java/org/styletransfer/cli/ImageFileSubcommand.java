package org.styletransfer.cli;

import ij.ImagePlus;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.Progress;
import org.styletransfer.io.MediaIO;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A subcommand that reads one image file, runs a menu command on it with an option for each of
 * the command's parameters (generated from its spec by {@link ParamOptions}) and saves the result:
 * {@code <input> <output> [--key value ...]}. Subclasses give the parameters, the run and what the
 * summary line calls it, and their {@code @Command} (name, description).
 */
abstract class ImageFileSubcommand implements Callable<Integer> {
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

    /** A menu command's {@code run} method. */
    interface Run {
        StyleResult run(ImagePlus source, ParamValues values, Progress progress);
    }

    private final PrintStream out;
    private final PrintStream err;
    private final List<Param> params;
    private final Run run;
    private final Function<ParamValues, String> describe;

    /**
     * @param params the menu command's parameters, one option each
     * @param run runs the menu command on the opened image
     * @param describe what the summary line calls the run
     */
    ImageFileSubcommand(PrintStream out, PrintStream err, List<Param> params, Run run,
            Function<ParamValues, String> describe) {
        this.out = out;
        this.err = err;
        this.params = params;
        this.run = run;
        this.describe = describe;
    }

    /** The command with its options: input and output, and one per parameter it was made with. */
    static CommandLine commandLine(ImageFileSubcommand command) {
        CommandLine cl = new CommandLine(command);
        ParamOptions.addTo(cl.getCommandSpec(), command.params);
        return cl;
    }

    @Override
    public final Integer call() {
        MediaIO.checkSavable(output); // before the run, not after it
        // Converted by the same Param definitions as the dialog and macros: identical messages.
        ParamValues values = ParamValues.of(params, ParamOptions.given(spec.commandLine().getParseResult()));
        ImagePlus source = open(input);
        StyleResult result = run.run(source, values, new StderrProgress(err));
        save(result.image(), output, err);
        out.println(result.summary(describe.apply(values)));
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
}
