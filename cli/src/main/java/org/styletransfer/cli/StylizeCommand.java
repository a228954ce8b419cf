package org.styletransfer.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

/** {@code stylize <input> <output> [--key value ...]}: Fast Style Transfer of one image file. */
public final class StylizeCommand {
    static final String USAGE = "stylize <input image> <output file> [--key value ...] (stylize --help lists the keys)";

    /** The ImageJ file format for each output extension we accept. */
    private static final Map<String, String> FORMATS = Map.of(
        "png", "png", "tif", "tiff", "tiff", "tiff", "jpg", "jpeg", "jpeg", "jpeg",
        "gif", "gif", "bmp", "bmp", "zip", "zip");

    private StylizeCommand() {
    }

    static int run(CliArgs args, PrintStream out, PrintStream err) {
        if (args.options().containsKey("help")) {
            printHelp(out);
            return Main.OK;
        }
        args.expectPositional(2, USAGE);
        Path input = Paths.get(args.positional().get(0));
        Path output = Paths.get(args.positional().get(1));
        String format = formatOf(output);
        // Converted by the same Param definitions as the dialog and macros: identical messages.
        ParamValues values = ParamValues.of(FastStyleSpec.spec().params(), args.options());
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

    static ImagePlus open(Path input) {
        if (!Files.isRegularFile(input)) throw new UsageException("Input image not found: " + input);
        ImagePlus imp = IJ.openImage(input.toString());
        if (imp == null) throw new UsageException("ImageJ cannot open " + input + " (unsupported or damaged file).");
        return imp;
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

    private static void printHelp(PrintStream out) {
        out.println("Usage: " + USAGE);
        out.println("Options (the same as Plugins > Style Transfer > Fast Style Transfer... and its macro keys):");
        for (Param p : FastStyleSpec.spec().params()) {
            String choices = p.kind() == Param.Kind.CHOICE ? " " + p.choices().get() : "";
            out.printf("  --%-13s default %s%s%n      %s%n", p.key(), quoted(p.defaultValue()), choices, p.help());
        }
    }

    private static String quoted(Object v) {
        String s = String.valueOf(v);
        return s.isEmpty() || s.contains(" ") ? "\"" + s + "\"" : s;
    }
}
