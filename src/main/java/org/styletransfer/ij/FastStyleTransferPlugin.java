package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Plugins &gt; Style Transfer &gt; Fast Style Transfer... (see {@code plugins.config}): the ImageJ
 * 1.x menu command and macro function {@code run("Fast Style Transfer...", "model=candy ...")}.
 * It only collects the options and shows the outcome; {@link FastStyleCommand} does the work.
 */
public class FastStyleTransferPlugin implements PlugIn {
    /** The dialog and error title. */
    static final String TITLE = FastStyleSpec.spec().title();

    /** Runs the command on the active image. {@code arg} (from plugins.config) is not used. */
    @Override
    public void run(String arg) {
        ImagePlus source = WindowManager.getCurrentImage();
        if (source == null) {
            UserMessages.error(TITLE, "There is no image open. Open an image, then run " + TITLE + " again.");
            return;
        }
        Optional<ParamValues> values = new SpecDialog(FastStyleSpec.spec()).show();
        values.ifPresent(v -> stylise(source, v));
    }

    private static void stylise(ImagePlus source, ParamValues values) {
        ImageJProgress progress = new ImageJProgress(TITLE);
        try {
            StyleResult result = FastStyleCommand.run(source, values, progress);
            result.image().show();
            String summary = result.summary(styleName(values));
            IJ.showStatus(summary);
            IJ.log(summary);
        } catch (CancelledException e) {
            IJ.showStatus(TITLE + " cancelled");
        } catch (StyleTransferException e) {
            // A problem the user can fix: the message says how, a stack trace would only distract.
            UserMessages.error(TITLE, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            unexpected(e);
        } finally {
            progress.finish();
        }
    }

    /** A bug rather than a user error: one line in the dialog, the stack trace in the Log for a report. */
    private static void unexpected(Throwable e) {
        // ImageJ aborts macros with this exception; it must travel on to the interpreter.
        if (e instanceof RuntimeException r && Macro.MACRO_CANCELED.equals(r.getMessage())) throw r;
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        IJ.log(trace.toString());
        String firstLine = String.valueOf(e).lines().findFirst().orElse(e.getClass().getName());
        UserMessages.error(TITLE, "Unexpected error: " + firstLine + "\nThe Log window has the details for a bug report.");
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
