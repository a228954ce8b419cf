package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

/**
 * What every style menu command does around its work: take the active image, ask for the options
 * (dialog, or the macro's options), run with ImageJ's progress bar, show the result and log a
 * summary, and report problems the user can fix as messages and bugs with their stack trace in the
 * Log. Subclasses only say which command they are and call it.
 */
abstract class StylePlugin implements PlugIn {

    /** The command's title, for dialogs, messages and the status line. */
    abstract String title();

    /**
     * The options for a run on {@code source}: shows the dialog, or reads a macro's options.
     *
     * @return empty when the user cancelled or a value was invalid (already reported)
     */
    abstract Optional<ParamValues> ask(ImagePlus source);

    /** Does the work; the result must not be shown yet. */
    abstract StyleResult process(ImagePlus source, ParamValues values, ImageJProgress progress);

    /** What the summary line calls the style, e.g. "candy" or "starry_night+the_scream". */
    abstract String summaryName(ParamValues values);

    /** Called after the result is shown and its summary given, for command-specific details. */
    void logged(StyleResult result) {
    }

    /**
     * Whether a run with these options makes a sequence whose frames should agree (temporal
     * coherence, interpolation): its flicker is then shown as a plot.
     */
    boolean sequence(ParamValues values) {
        return false;
    }

    /**
     * Whether the Log should get what the status line and the plots already show. A macro's user
     * reads the Log (and {@code -batch} prints it); someone at the dialog sees the status line, the
     * result and its plots, so the Log stays quiet for them unless something needs saying.
     */
    static boolean logSummaries() {
        return !PreviewWindow.canShow();
    }

    /** Runs the command on the active image. {@code arg} (from plugins.config) is not used. */
    @Override
    public final void run(String arg) {
        ImageJSetup.apply();
        ImagePlus source = WindowManager.getCurrentImage();
        if (source == null) {
            UserMessages.error(title(), "There is no image open. Open an image, then run " + title() + " again.");
            return;
        }
        ask(source).ifPresent(v -> execute(source, v));
    }

    private void execute(ImagePlus source, ParamValues values) {
        ImageJProgress progress = new ImageJProgress(title());
        try {
            StyleResult result = process(source, values, progress);
            result.image().show();
            String summary = result.summary(summaryName(values));
            IJ.showStatus(summary);
            if (logSummaries()) IJ.log(summary);
            if (result.cancelled()) IJ.showStatus(title() + " " + result.stopNote());
            if (sequence(values)) FlickerPlot.show(source, result.image());
            logged(result);
        } catch (CancelledException e) {
            IJ.showStatus(title() + " cancelled");
        } catch (StyleTransferException e) {
            // A problem the user can fix: the message says how, a stack trace would only distract.
            UserMessages.error(title(), e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            unexpected(e);
        } finally {
            progress.finish();
        }
    }

    /** A bug rather than a user error: one line in the dialog, the stack trace in the Log for a report. */
    private void unexpected(Throwable e) {
        // ImageJ aborts macros with this exception; it must travel on to the interpreter.
        if (e instanceof RuntimeException r && Macro.MACRO_CANCELED.equals(r.getMessage())) throw r;
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        IJ.log(trace.toString());
        String firstLine = String.valueOf(e).lines().findFirst().orElse(e.getClass().getName());
        UserMessages.error(title(), "Unexpected error: " + firstLine + "\nThe Log window has the details for a bug report.");
    }
}
