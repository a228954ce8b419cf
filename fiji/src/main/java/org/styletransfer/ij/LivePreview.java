package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.ImageProcessor;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.Progress;

import java.awt.Checkbox;
import java.awt.EventQueue;
import java.awt.Rectangle;
import java.util.Optional;

/**
 * ImageJ's usual "Preview" checkbox for a style dialog: while it is ticked, the displayed plane of
 * the source (for a large image, the part shown in its window, at most {@link #MAX_EDGE} pixels
 * wide and high) is stylised with the dialog's current options and shown in place, again whenever
 * an option changes; when the dialog closes, OK or Cancel, the image looks as before.
 *
 * <p>The source's pixels are never touched: the preview is an image overlay over them, computed
 * from a copy of the plane, and the overlay the image had is put back. A run made stale by a newer
 * change, or by closing the dialog, is cancelled and its result dropped.</p>
 */
public final class LivePreview {
    /** Label of the checkbox, as in ImageJ's own filters. */
    public static final String LABEL = "Preview";
    /** Longest edge of the previewed region: a second or two on a CPU for a fast network. */
    static final int MAX_EDGE = 512;

    /** What stylises the preview's copy of the plane: the command itself, on options as the dialog has them. */
    @FunctionalInterface
    public interface Stylist {
        StyleResult run(ImagePlus plane, ParamValues values, Progress progress);
    }

    private final ImagePlus source;
    private final SpecDialog dialog;
    private final Stylist stylist;
    private final Overlay before;
    private volatile int generation;

    private LivePreview(ImagePlus source, SpecDialog dialog, Stylist stylist) {
        this.source = source;
        this.dialog = dialog;
        this.stylist = stylist;
        this.before = source.getOverlay();
    }

    /**
     * Shows {@code dialog} with a Preview checkbox over {@code source} (none in a macro, which shows
     * no dialog) and returns its values; the preview is gone when this returns.
     */
    public static Optional<ParamValues> show(SpecDialog dialog, ImagePlus source, Stylist stylist) {
        if (ij.Macro.getOptions() != null) return dialog.show();
        LivePreview preview = new LivePreview(source, dialog, stylist);
        dialog.withLiveCheckbox(LABEL, preview::changed);
        try {
            return dialog.show();
        } finally {
            preview.stop();
        }
    }

    /** An option or the checkbox changed: a new preview, or none when the box is not ticked. */
    private void changed() {
        Checkbox box = dialog.liveCheckbox();
        if (box != null && box.getState()) start();
        else clear();
    }

    /** Starts a run with the current options; an older run still going is cancelled. */
    private void start() {
        int mine = ++generation;
        ParamValues values;
        try {
            values = dialog.currentValues();
        } catch (IllegalArgumentException incomplete) {
            return; // a field being typed: the next change starts the preview
        }
        Rectangle region = region();
        ImagePlus plane = copyOfPlane(region);
        Progress progress = new Progress() {
            @Override
            public void update(long done, long total, String status) {
                // the status line is the dialog's; a preview only says it is busy
            }

            @Override
            public boolean isCancelled() {
                return generation != mine;
            }
        };
        Thread worker = new Thread(() -> run(mine, plane, region, withoutSideEffects(values), progress),
            "Style preview");
        worker.setDaemon(true);
        worker.start();
    }

    private void run(int mine, ImagePlus plane, Rectangle region, ParamValues values, Progress progress) {
        try {
            IJ.showStatus(LABEL + "...");
            StyleResult result = stylist.run(plane, values, progress);
            ImageProcessor ip = result.image().getProcessor();
            EventQueue.invokeLater(() -> {
                if (generation == mine) showOver(ip, region);
            });
            IJ.showStatus("");
        } catch (RuntimeException stale) {
            // Cancelled by a newer change, or options the command refuses: OK will say why.
            if (generation == mine) IJ.showStatus(LABEL + ": " + firstLine(stale.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }

    /** The part of the plane to preview: what the window shows, cut to {@link #MAX_EDGE} around its centre. */
    Rectangle region() {
        ImageCanvas canvas = source.getCanvas();
        Rectangle shown = canvas == null ? new Rectangle(0, 0, source.getWidth(), source.getHeight()) : canvas.getSrcRect();
        int w = Math.min(shown.width, MAX_EDGE);
        int h = Math.min(shown.height, MAX_EDGE);
        return new Rectangle(shown.x + (shown.width - w) / 2, shown.y + (shown.height - h) / 2, w, h);
    }

    /** A copy of the displayed plane's region, as an image of its own (no selection, no other planes). */
    private ImagePlus copyOfPlane(Rectangle region) {
        ImageProcessor ip = source.getProcessor().duplicate();
        ip.setRoi(region);
        ImagePlus copy = new ImagePlus(source.getTitle(), ip.crop());
        copy.setCalibration(source.getCalibration());
        return copy;
    }

    /** The options with every output folder emptied: a preview must not write files. */
    private static ParamValues withoutSideEffects(ParamValues values) {
        for (Param p : values.params()) {
            if (p.pathKind() == Param.PathKind.FOLDER) values.set(p.key(), "");
        }
        return values;
    }

    private void showOver(ImageProcessor stylised, Rectangle region) {
        Overlay overlay = before == null ? new Overlay() : before.duplicate();
        ImageRoi roi = new ImageRoi(region.x, region.y, stylised);
        roi.setName(LABEL);
        overlay.add(roi);
        source.setOverlay(overlay);
    }

    private void clear() {
        generation++;
        source.setOverlay(before);
    }

    /**
     * Cancels any run and puts the image's own overlay back, on the event thread, where a finished
     * run shows its result: so no result can appear after this.
     */
    void stop() {
        try {
            if (EventQueue.isDispatchThread()) clear();
            else EventQueue.invokeAndWait(this::clear);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clear();
        } catch (java.lang.reflect.InvocationTargetException e) {
            clear();
        }
        IJ.showStatus("");
    }
}
