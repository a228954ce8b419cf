package org.styletransfer.io;

import ij.IJ;
import ij.ImagePlus;
import ij.io.Opener;
import org.styletransfer.engine.StyleTransferException;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Opens the files users name in options through ImageJ's readers without ever showing one of
 * ImageJ's error dialogs: a file ImageJ cannot read as an image is refused with one line before
 * any reader sees it, and a reader that fails anyway reports to the Log, not in a dialog.
 *
 * <p>Why: inside a macro's {@code run(...)}, ImageJ 1.54's {@code IJ.error} hands every reader
 * error to the running macro, which shows a modal "Macro Error" dialog even in {@code -batch}
 * mode (with a display), where nobody closes it, so the job hangs. {@code IJ.redirectErrorMessages}
 * alone does not help: that hand-over is checked first. And {@code Opener.openImage} reports a
 * file of no known image type as "Unsupported format or not found", which is wrong for a file
 * that exists.</p>
 */
public final class ImageFiles {
    /** ImageJ's own file types that {@code Opener.openImage} reads as images. */
    private static final Set<Integer> IMAGE_TYPES = Set.of(Opener.TIFF, Opener.TIFF_AND_DICOM, Opener.DICOM,
        Opener.FITS, Opener.PGM, Opener.JPEG, Opener.GIF, Opener.PNG, Opener.BMP, Opener.ZIP);
    /** What files with these extensions are, for the message; users often pick a model instead of a picture. */
    private static final Map<String, String> KNOWN_EXTENSIONS = Map.of(
        "onnx", "an ONNX model", "pth", "PyTorch weights", "pt", "PyTorch weights", "t7", "Torch weights",
        "h5", "Keras weights", "json", "a JSON file", "bin", "a binary data file");
    /** The same for ImageJ's non-image file types. */
    private static final Map<Integer, String> KNOWN_TYPES = Map.of(
        Opener.TEXT, "a text file", Opener.JAVA_OR_TEXT, "a text file", Opener.TABLE, "a table",
        Opener.LUT, "a lookup table", Opener.ROI, "an ImageJ selection", Opener.AVI, "a video",
        Opener.RAW, "raw data without a header", Opener.OJJ, "an ObjectJ project");

    private ImageFiles() {
    }

    /**
     * Opens a single picture (style, start image ...) named in {@code option}.
     *
     * @throws StyleTransferException with one line naming the file and what {@code option} needs,
     *                                when ImageJ cannot read it as an image
     */
    public static ImagePlus openPicture(Path file, String option) {
        String wanted = "; " + option + " needs a picture: PNG, JPEG or TIFF (or the title of an open image).";
        String other = notAnImage(file);
        if (other != null) {
            throw new StyleTransferException("'" + file + "' is not an image ImageJ can read" + other + wanted);
        }
        ImagePlus imp = withoutDialogs(() -> opener().openImage(file.toString()));
        if (imp == null || imp.getWidth() < 1) {
            throw new StyleTransferException("'" + file + "' could not be read as an image (damaged or truncated?)" + wanted);
        }
        return imp;
    }

    /**
     * Null when ImageJ's own readers take {@code file} for an image; otherwise what it looks like
     * instead, as " (it looks like ...)" or "" when unknown. Formats only a Fiji reader plugin
     * knows count as unknown: such a reader may show dialogs of its own.
     */
    static String notAnImage(Path file) {
        if (isEmpty(file)) return " (it is empty)";
        int type = new Opener().getFileType(file.toString());
        if (IMAGE_TYPES.contains(type)) return null;
        String kind = KNOWN_EXTENSIONS.getOrDefault(extension(file), KNOWN_TYPES.get(type));
        return kind == null ? "" : " (it looks like " + kind + ")";
    }

    /**
     * Runs ImageJ reader code with its error dialogs turned into Log lines (see the class comment);
     * a reader that then aborts the macro gives null, as a failed read.
     */
    public static <T> T withoutDialogs(Supplier<T> reader) {
        boolean redirected = IJ.redirectingErrorMessages();
        Object interpreter = swapMacroInterpreter(null);
        IJ.redirectErrorMessages(true);
        try {
            return reader.get();
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).endsWith("Macro canceled")) throw e;
            return null; // IJ.error aborted the macro instead of showing a dialog: the caller reports the failure
        } finally {
            // IJ.error switches redirection off after one message: set it back as it was.
            IJ.redirectErrorMessages(redirected);
            swapMacroInterpreter(interpreter);
        }
    }

    /** An {@link Opener} that reports failures to the Log, not in a dialog; use it inside {@link #withoutDialogs}. */
    public static Opener opener() {
        Opener opener = new Opener();
        opener.setSilentMode(true);
        return opener;
    }

    /**
     * Sets ImageJ's private "macro running this command" field (what makes IJ.error show a macro
     * error dialog) and returns its previous value. ImageJ offers no public way; without the field
     * (another ImageJ version) nothing changes and the file type check above still applies.
     */
    private static Object swapMacroInterpreter(Object value) {
        try {
            Field f = IJ.class.getDeclaredField("macroInterpreter");
            f.setAccessible(true);
            Object old = f.get(null);
            f.set(null, value);
            return old;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false; // the reader reports what is wrong
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
