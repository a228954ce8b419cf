package org.styletransfer.ij;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.LossTerms;
import org.styletransfer.gatys.NeuralStyleListener;

import java.awt.Color;
import java.awt.EventQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss of a running optimisation as an ImageJ plot: the total and each term (content, style,
 * total variation) times its weight, so that the terms add up to the total and show which one the
 * optimiser is fighting, against the iterations of all levels, on a log scale (they differ by
 * orders of magnitude). It is redrawn at most every {@link #REFRESH_MS} while the run goes on and stays
 * open afterwards, named after the result, so that how the run converged is kept with it. Nothing
 * is drawn where no window can show (batch mode, headless).
 */
final class LossPlot implements NeuralStyleListener {
    /** Redraws at most this often: a plot per iteration would slow a fast run down. */
    static final long REFRESH_MS = 500;
    private static final String[] TERMS = {"total", "content", "style", "total variation"};
    private static final Color[] COLORS = {Color.BLACK, new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115)};

    private final String title;
    private final double[] weights;
    private final boolean visible;
    private final List<double[]> rows = new ArrayList<>();
    private PlotWindow window;
    private long lastDraw;

    /** A plot for a run of the command {@code title} with these loss weights. */
    LossPlot(String title, double contentWeight, double styleWeight, double tvWeight) {
        this.title = title;
        this.weights = new double[] {contentWeight, styleWeight, tvWeight};
        this.visible = PreviewWindow.canShow();
    }

    @Override
    public void onIteration(IterationInfo info) {
        LossTerms t = info.loss();
        long now = System.currentTimeMillis();
        boolean draw;
        synchronized (rows) {
            rows.add(new double[] {rows.size() + 1, t.total(), weights[0] * t.content(), weights[1] * t.style(),
                weights[2] * t.tv()});
            draw = visible && now - lastDraw >= REFRESH_MS;
            if (draw) lastDraw = now;
        }
        if (draw) EventQueue.invokeLater(() -> draw(title + " loss"));
    }

    /** The plot as it stands: one line per term, positive values only (a log scale has no 0). */
    Plot plot(String plotTitle) {
        double[][] columns;
        synchronized (rows) {
            columns = new double[5][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int c = 0; c < 5; c++) columns[c][i] = c > 0 && rows.get(i)[c] <= 0 ? Double.NaN : rows.get(i)[c];
            }
        }
        Plot plot = new Plot(plotTitle, "Iteration (all levels)", "Loss (each term times its weight)");
        plot.setLogScaleY();
        for (int term = 0; term < TERMS.length; term++) {
            plot.setColor(COLORS[term]);
            plot.addPoints(columns[0], columns[term + 1], Plot.LINE);
        }
        plot.setLegend(String.join("\t", TERMS), Plot.AUTO_POSITION);
        plot.setLimitsToFit(false);
        return plot;
    }

    /** Iterations recorded so far. */
    int iterations() {
        synchronized (rows) {
            return rows.size();
        }
    }

    private void draw(String plotTitle) {
        if (iterations() == 0) return;
        Plot plot = plot(plotTitle);
        if (window == null || window.isClosed()) {
            window = plot.show();
        } else {
            window.drawPlot(plot);
            window.getImagePlus().setTitle(plotTitle);
        }
    }

    /** The last drawing, named after the result, left open; nothing when no window can show. */
    void finish(String resultTitle) {
        if (!visible) return;
        try {
            EventQueue.invokeAndWait(() -> draw(resultTitle + " loss"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
