package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.macro.Interpreter;
import org.styletransfer.command.NeuralStyleFrames;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.LossTerms;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.image.ColorImage;
import org.styletransfer.planes.PlaneSet;

import java.awt.GraphicsEnvironment;
import java.util.Locale;

/**
 * A live preview of a running optimisation: one window, refreshed with each preview the run
 * delivers, closed when the run ends. If the user closes it during the run it stays closed. It
 * also remembers the last iteration, for the summary in the Log. Previews are made from the
 * source's displayed plane as it was when the run started, so they go on when the user closes the
 * source meanwhile.
 */
final class PreviewWindow implements NeuralStyleListener {
    /** The displayed plane of the source (its type and value range), or null when no window can show. */
    private final PlaneSet plane;
    private final String title;
    private ImagePlus preview;
    private volatile IterationInfo last;
    private int iterations;

    PreviewWindow(ImagePlus source, String title) {
        this.plane = canShow() ? PlaneSet.of(source, false) : null;
        this.title = title;
    }

    /** False in batch mode and without a display, where a window would never be seen. */
    static boolean canShow() {
        return !Interpreter.isBatchMode() && !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null;
    }

    @Override
    public void onIteration(IterationInfo info) {
        last = info;
        iterations++;
    }

    @Override
    public void onPreview(ColorImage image, IterationInfo info) {
        if (plane == null || preview != null && preview.getWindow() == null) return; // closed by the user
        ImagePlus frame = NeuralStyleFrames.image(plane, image, title);
        String label = String.format(Locale.ROOT, "%s preview: iteration %d, loss %.4g", title, iterations,
            info.loss().total());
        if (preview == null) {
            preview = new ImagePlus(label, frame.getProcessor());
            preview.show();
        } else {
            preview.setProcessor(frame.getProcessor());
            preview.setTitle(label);
        }
    }

    /** One line for the Log: iterations and final loss terms, or empty when nothing ran. */
    String lossSummary() {
        IterationInfo info = last;
        if (info == null) return "";
        LossTerms t = info.loss();
        return String.format(Locale.ROOT, "%d iterations, last loss %.4g (content %.3g, style %.3g, tv %.3g)",
            iterations, t.total(), t.content(), t.style(), t.tv());
    }

    /** Closes the window, if one was opened. */
    void close() {
        if (preview != null) {
            preview.changes = false;
            preview.close();
        }
    }
}
