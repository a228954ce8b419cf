package org.styletransfer.ij;

import ij.ImageStack;
import ij.gui.Plot;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.LossTerms;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The figures behind the loss and flicker plots. */
class SequencePlotsTest {
    @Test
    void flickerIsTheMeanChangeFromTheFrameBefore() {
        ImageStack frames = new ImageStack(4, 4);
        frames.addSlice(filled(0x102030));
        frames.addSlice(filled(0x102030));
        frames.addSlice(filled(0x1a2a3a)); // every channel +10
        assertArrayEquals(new double[] {0, 10}, FlickerPlot.changes(frames), 1e-9);
    }

    private static ColorProcessor filled(int rgb) {
        ColorProcessor cp = new ColorProcessor(4, 4);
        cp.setColor(rgb);
        cp.fill();
        return cp;
    }

    @Test
    void theLossPlotHasEveryIterationOfEveryLevel() {
        LossPlot plot = new LossPlot("Neural Style Transfer", 1, 1e4, 1e-3);
        for (int level = 0; level < 2; level++) {
            for (int i = 1; i <= 3; i++) {
                plot.onIteration(new IterationInfo(level, 2, i, 3, 8, 8,
                    new LossTerms(10.0 / i, 1, 9.0 / i, 0, Map.of()), i, 0));
            }
        }
        assertEquals(6, plot.iterations());
        Plot drawn = plot.plot("result loss");
        assertEquals("result loss", drawn.getTitle());
        // Four curves: total and three terms; a term that is 0 is left out of the log scale, not drawn at 0.
        float[][] style = drawn.getDataObjectArrays(2);
        assertEquals(9e4f, style[1][0], 1f); // times the style weight: the terms add up to the total
        float[][] tv = drawn.getDataObjectArrays(3);
        assertEquals(Float.NaN, tv[1][0]);
    }
}
