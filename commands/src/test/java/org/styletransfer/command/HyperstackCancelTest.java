package org.styletransfer.command;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.LUT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.testutil.ClosingReaderStack;
import org.styletransfer.testutil.ProgressProbe;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.*;
import static org.styletransfer.testutil.ImageWindows.closeLikeItsWindow;
import static org.styletransfer.testutil.ProgressProbe.cancelAtStatus;
import static org.styletransfer.testutil.ProgressProbe.nth;

/**
 * Cancelling a run over a composite hyperstack (2 channels, 3 slices, 4 frames): the result keeps
 * the whole time points finished (or, with one time point, the whole slices), with the source's
 * channels, slices, composite mode, LUTs and display ranges, and exactly the pixels an uncancelled
 * run makes of them; the planes of a partly done time point are left out, and the title and
 * summary say which time points are missing.
 */
class HyperstackCancelTest {
    @TempDir
    static Path tmp;
    private static Path net;

    @BeforeAll
    static void network() {
        net = styleNet(tmp, true, 1);
    }

    /**
     * Fast Style cancelled before plane {@code cancelAt}: one check after the models load, then one
     * per plane (whole-plane tiles). The result has {@code z} slices and {@code t} frames.
     */
    @ParameterizedTest(name = "{0} frames, cancelled at plane {1}, pipelined to a folder: {2}")
    @CsvSource(delimiter = ';', value = {
        // 8 of 24 planes done: time point 2 was partly done.
        "4; 9; false; 3; 1; '(cancelled: time point 1 of 4 kept; 2-4 missing)'",
        "4; 15; false; 3; 2; '(cancelled: time points 1-2 of 4 kept; 3-4 missing)'",
        "4; 19; true; 3; 3; '(cancelled: time points 1-3 of 4 kept; 4 missing)'",
        // One time point: whole slices.
        "1; 6; false; 2; 1; '(cancelled: slices 1-2 of 3 kept; 3 missing)'",
        // No whole time point: the whole slices of the first.
        "4; 4; false; 1; 1; '(cancelled: slice 1 of 3 of time point 1 of 4 kept; the rest missing)'"})
    void fastStyleKeepsWholeTimePoints(int frames, int cancelAt, boolean toFolder, int z, int t, String note) {
        ImagePlus source = compositeHyperstack("cells.tif", 40, 32, 2, 3, frames);
        ParamValues v = fast(net);
        ImagePlus reference = FastStyleCommand.run(source, v, ProgressProbe.never(), false).image();
        if (toFolder) v.set(FastStyleSpec.OUTPUT_FOLDER, tmp.resolve("folder-" + cancelAt).toString());

        StyleResult r = FastStyleCommand.run(source, v, ProgressProbe.cancelAtCheck(1 + cancelAt), toFolder);

        assertStructure(source, r.image(), z, t);
        assertEquals(2 * z * t, r.planes());
        assertTrue(r.cancelled());
        assertEquals("cells-net-true-1 " + note, r.image().getTitle());
        assertTrue(r.summary("net").endsWith(note), r.summary("net"));
        assertSamePlanes(reference, r.image(), 2 * z * t);
    }

    @Test
    void aStackOfSlicesCountsPlanesNotFrames() {
        ImagePlus slices = rgbMovie("slices.tif", 40, 32, 3, 0);
        slices.setDimensions(1, 3, 1);

        StyleResult r = FastStyleCommand.run(slices, fast(net), ProgressProbe.cancelAtCheck(1 + 3), false);

        assertEquals("slices-net-true-1 (cancelled after 2 of 3 planes)", r.image().getTitle());
        assertArrayEquals(new int[] {40, 32, 1, 2, 1}, r.image().getDimensions());
    }

    @Test
    void withOnlyTheFirstChannelDoneItIsKeptWithItsLut() {
        CompositeImage source = compositeHyperstack("cells.tif", 40, 32, 2, 3, 4);
        // Shown at channel 2, whose range is not channel 1's.
        source.setPosition(2, 1, 1);
        ImagePlus reference = FastStyleCommand.run(source, fast(net), ProgressProbe.never(), false).image();

        StyleResult r = FastStyleCommand.run(source, fast(net), ProgressProbe.cancelAtCheck(1 + 2), false);

        assertArrayEquals(new int[] {40, 32, 1, 1, 1}, r.image().getDimensions());
        assertEquals("cells-net-true-1 (cancelled: channel 1 of 2 of slice 1 of 3, time point 1 of 4 kept;"
            + " the rest missing)", r.image().getTitle());
        LUT first = source.getChannelLut(1);
        assertArrayEquals(first.getBytes(), r.image().getProcessor().getLut().getBytes());
        assertEquals(first.min, r.image().getDisplayRangeMin());
        assertEquals(first.max, r.image().getDisplayRangeMax());
        assertSamePlanes(reference, r.image(), 1);
    }

    @Test
    void aSourceClosedMidwayKeepsWholeTimePointsToo() {
        ImagePlus cells = compositeHyperstack("cells.tif", 40, 32, 2, 3, 4);
        ImagePlus reference = FastStyleCommand.run(cells, fast(net), ProgressProbe.never(), false).image();
        ImagePlus source = new ClosingReaderStack(cells.getStack(), 0).open("cells.tif");
        source.setDimensions(2, 3, 4);

        // Closed while plane 9 is styled: plane 10 can no longer be read.
        StyleResult r = FastStyleCommand.run(source, fast(net),
            ProgressProbe.atStatus(nth("Fast style", 9), () -> closeLikeItsWindow(source)), false);

        assertArrayEquals(new int[] {40, 32, 2, 3, 1}, r.image().getDimensions());
        String note = "(partial: 'cells.tif' was closed; time point 1 of 4 kept; 2-4 missing)";
        assertEquals("cells-net-true-1 " + note, r.image().getTitle());
        assertTrue(r.cancelled());
        assertSamePlanes(reference, r.image(), 6);
    }

    @Test
    void neuralStyleKeepsWholeTimePoints() {
        ImagePlus source = compositeHyperstack("cells.tif", 40, 32, 2, 1, 2);
        ParamValues v = neural();
        ImagePlus reference = NeuralStyleCommand.run(source, v, ProgressProbe.never(), NeuralStyleListener.NONE).image();

        // While plane 3 (time point 2) is prepared: plane 3 was not optimised, so time point 2 is left out.
        StyleResult r = NeuralStyleCommand.run(source, v, cancelAtStatus(nth("Preparing", 3)), NeuralStyleListener.NONE);

        assertStructure(source, r.image(), 1, 1);
        String note = "(cancelled: time point 1 of 2 kept; 2 missing)";
        assertEquals("cells-starry_night " + note, r.image().getTitle());
        assertTrue(r.summary("x").endsWith(note), r.summary("x"));
        assertEquals(2, r.planes());
        assertSamePlanes(reference, r.image(), 2);
    }

    @Test
    void neuralStyleCancelledWithinThePlaneThatEndsATimePointSaysSo() {
        ImagePlus source = compositeHyperstack("cells.tif", 40, 32, 2, 1, 2);

        // Iterations 1-3 are plane 1's; iteration 2 of plane 2 ends time point 1.
        StyleResult r = NeuralStyleCommand.run(source, neural(), cancelAtStatus(nth("iteration", 5)),
            NeuralStyleListener.NONE);

        assertStructure(source, r.image(), 1, 1);
        assertEquals("cells-starry_night (cancelled at iteration 2 of plane 2 of 4; time point 1 of 2 kept; 2 missing)",
            r.image().getTitle());
    }

    /**
     * {@code result} is a composite of the source's 2 channels, {@code z} slices and {@code t}
     * frames, in the source's mode with each channel's LUT and display range.
     */
    private static void assertStructure(ImagePlus source, ImagePlus result, int z, int t) {
        assertArrayEquals(new int[] {40, 32, 2, z, t}, result.getDimensions());
        CompositeImage composite = assertInstanceOf(CompositeImage.class, result);
        CompositeImage from = (CompositeImage) source;
        assertEquals(from.getMode(), composite.getMode());
        assertNotEquals(from.getChannelLut(1).min, from.getChannelLut(2).min, "the channels' ranges differ");
        for (int c = 1; c <= 2; c++) {
            LUT expected = from.getChannelLut(c);
            LUT actual = composite.getChannelLut(c);
            assertArrayEquals(expected.getBytes(), actual.getBytes(), "LUT of channel " + c);
            assertEquals(expected.min, actual.min, "display minimum of channel " + c);
            assertEquals(expected.max, actual.max, "display maximum of channel " + c);
        }
    }
}
