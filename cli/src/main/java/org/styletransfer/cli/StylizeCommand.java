package org.styletransfer.cli;

import ij.ImagePlus;
import ij.io.FileSaver;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.io.MediaIO;
import org.styletransfer.engine.OnnxEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
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
    /** The ImageJ file format for each output extension we accept. */
    private static final Map<String, String> FORMATS = Map.of(
        "png", "png", "tif", "tiff", "tiff", "tiff", "jpg", "jpeg", "jpeg", "jpeg",
        "gif", "gif", "bmp", "bmp", "zip", "zip");

    @Parameters(index = "0", paramLabel = "<input image>", description = "Any image ImageJ opens.")
    Path input;
    @Parameters(index = "1", paramLabel = "<output file>",
        description = "The result; its extension chooses the format: png, tif, jpg, gif, bmp or zip.")
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
        String format = formatOf(output);
        // Converted by the same Param definitions as the dialog and macros: identical messages.
        ParamValues values = ParamValues.of(FastStyleSpec.spec().params(),
            ParamOptions.given(spec.commandLine().getParseResult()));
        ImagePlus source = open(input);
        StyleResult result = FastStyleCommand.run(source, values, new StderrProgress(err));
        save(result.image(), format, output, err);
        out.println(result.summary(describe(values)));
        out.println("Wrote " + output);
        return Main.OK;
    }

    /** The ImageJ format name for the output file's extension. */
    static String formatOf(Path output) {
        String name = output.getFileName() == null ? "" : output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String format = FORMATS.get(ext);
        if (format == null) {
            throw new UsageException("Cannot tell the format of '" + output + "' from its extension; use one of "
                + FORMATS.keySet().stream().sorted().toList() + ".");
        }
        return format;
    }

    /** The input as the plugin's batch macros read it (images, stacks, AVI videos), without ImageJ's dialogs. */
    static ImagePlus open(Path input) {
        if (!Files.exists(input)) throw new UsageException("Input image not found: " + input);
        return MediaIO.open(input, false);
    }

    static void save(ImagePlus image, String format, Path output, PrintStream err) {
        if (image.getStackSize() > 1 && !format.equals("tiff") && !format.equals("zip")) {
            err.println("Note: " + format.toUpperCase(Locale.ROOT) + " keeps one plane of "
                + image.getStackSize() + "; save as .tif to keep them all.");
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UsageException("Cannot write " + output + ": " + e.getMessage());
        }
        // FileSaver rather than IJ.saveAs: IJ.saveAs goes through IJ.run, which builds the ImageJ
        // menus and so needs a display.
        if (!write(new FileSaver(image), format, output.toString()) || !Files.isRegularFile(output)) {
            throw new UsageException("ImageJ could not write " + output + ".");
        }
    }

    private static boolean write(FileSaver saver, String format, String path) {
        return switch (format) {
            case "png" -> saver.saveAsPng(path);
            case "tiff" -> saver.saveAsTiff(path);
            case "jpeg" -> saver.saveAsJpeg(path);
            case "gif" -> saver.saveAsGif(path);
            case "bmp" -> saver.saveAsBmp(path);
            case "zip" -> saver.saveAsZip(path);
            default -> throw new IllegalStateException("no writer for " + format);
        };
    }

    /** What the summary line calls the run: the model (and blend) that was used. */
    static String describe(ParamValues values) {
        String file = values.string(FastStyleSpec.MODEL_FILE);
        String what = file.isBlank() ? values.string(FastStyleSpec.MODEL) : Paths.get(file).getFileName().toString();
        String blend = values.string(FastStyleSpec.BLEND_WITH);
        return blend.isBlank() ? what : what + " + " + blend;
    }
}
