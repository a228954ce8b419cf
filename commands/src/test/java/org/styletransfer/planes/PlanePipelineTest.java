package org.styletransfer.planes;

import org.styletransfer.image.ColorImage;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.testutil.ClosingReaderStack;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;
import static org.styletransfer.testutil.ImageWindows.closeLikeItsWindow;

/**
 * Plane-by-plane processing without a network: bounded memory, pipelining, cancellation (by the
 * style function or an interrupt), and a source closed while it is processed.
 */
class PlanePipelineTest {
    /** A cheap stand-in for a network: inverts the colours. */
    private static final UnaryOperator<ColorImage> INVERT = img -> {
        float[] d = img.data().clone();
        for (int i = 0; i < d.length; i++) d[i] = 255 - d[i];
        return new ColorImage(img.width(), img.height(), d);
    };

    @TempDir
    Path tmp;

    /** An RGB virtual stack whose planes are made when read (ImageJ's "Terabyte VirtualStack"): nothing on disk. */
    private static ImagePlus virtualRgb(int w, int h, int frames) {
        ImagePlus imp = new ImagePlus("video.avi", new VirtualStack(w, h, frames, "RGB fill"));
        imp.setDimensions(1, 1, frames);
        Calibration cal = imp.getCalibration();
        cal.fps = 25;
        cal.pixelWidth = 0.5;
        cal.setUnit("micron");
        return imp;
    }

    /** A 16-bit hyperstack in memory: 2 channels, 2 slices, 3 frames, with varied values. */
    private static ImagePlus hyperstack() {
        ImageStack stack = new ImageStack(24, 16);
        for (int i = 0; i < 12; i++) {
            ShortProcessor sp = new ShortProcessor(24, 16);
            for (int p = 0; p < 24 * 16; p++) sp.set(p, 100 + (p * 37 + i * 500) % 4000);
            stack.addSlice("plane " + (i + 1), sp);
        }
        ImagePlus imp = new ImagePlus("cells", stack);
        imp.setDimensions(2, 2, 3);
        imp.setOpenAsHyperStack(true);
        return imp;
    }

    /** Heap in use after a full collection, in bytes. */
    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Heap held at the end of a run: the least heap after GC over its last 5 frames, so that passing
     * garbage of other threads does not count, while planes kept by the run (which only grow) do.
     */
    private long heldAtEnd(int frames, Path folder, boolean pipelined) {
        ImagePlus source = virtualRgb(256, 256, frames);
        PlaneSet planes = PlaneSet.of(source, true, folder);
        List<Long> heap = new ArrayList<>();
        PlanePipeline.Outcome o = PlanePipeline.run(planes, (k, img) -> INVERT.apply(img), pipelined, () -> heap.add(heapAfterGc()));
        assertEquals(frames, o.done());
        assertEquals(frames, planes.result("out").getStackSize());
        return heap.subList(Math.max(0, heap.size() - 5), heap.size()).stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    @Test
    void planesWrittenToDiskKeepPeakHeapIndependentOfFrameCount() {
        heldAtEnd(3, tmp.resolve("warm"), false);
        // One after the other, nothing is in flight when the heap is sampled: the comparison is tight.
        long ten = heldAtEnd(10, tmp.resolve("ten"), false);
        long forty = heldAtEnd(40, tmp.resolve("forty"), false);
        // 30 more 256x256 RGB planes would hold 7.5 MB.
        assertTrue(forty - ten < 1L << 20, "heap grew by " + ((forty - ten) >> 10) + " kB from 10 to 40 frames");
        // The measurement does see planes held in memory: the same run into memory grows by about 7.5 MB.
        long tenMem = heldAtEnd(10, null, false);
        long fortyMem = heldAtEnd(40, null, false);
        assertTrue(fortyMem - tenMem > 6L << 20, "in memory grew by only " + ((fortyMem - tenMem) >> 10) + " kB");
    }

    @Test
    void pipelinedRunsHoldABoundedNumberOfPlanes() {
        heldAtEnd(3, tmp.resolve("warmP"), true);
        long ten = heldAtEnd(10, tmp.resolve("tenP"), true);
        long forty = heldAtEnd(40, tmp.resolve("fortyP"), true);
        // Up to AHEAD planes read ahead and AHEAD waiting to be written (about 1 MB each at 256x256) may
        // be in flight when sampled, so the noise is a few MB; holding 30 more planes would add 7.5 MB.
        assertTrue(forty - ten < 4L << 20, "heap grew by " + ((forty - ten) >> 10) + " kB from 10 to 40 frames");
    }

    @Test
    void resultOnDiskIsAVirtualStackWithTheSourceDimensionsAndCalibration() {
        ImagePlus source = virtualRgb(64, 48, 5);
        Path folder = tmp.resolve("out");
        PlaneSet planes = PlaneSet.of(source, true, folder);
        assertTrue(planes.isSourceVirtual());
        assertTrue(planes.writesToDisk());
        PlanePipeline.run(planes, (k, img) -> INVERT.apply(img), true, () -> { });
        ImagePlus result = planes.result("styled");
        assertTrue(result.getStack().isVirtual());
        assertEquals(5, result.getNFrames());
        assertEquals(1, result.getNSlices());
        assertEquals(0.5, result.getCalibration().pixelWidth, 1e-12);
        assertEquals("micron", result.getCalibration().getUnit());
        assertEquals(25, result.getCalibration().fps, 1e-12);
        assertTrue(folder.resolve("plane_00005.tif").toFile().isFile());
        int[] src = (int[]) source.getStack().getProcessor(3).getPixels();
        int[] out = (int[]) result.getStack().getProcessor(3).getPixels();
        for (int i = 0; i < src.length; i += 97) assertEquals(~src[i] & 0xffffff, out[i] & 0xffffff);
    }

    @Test
    void pipelinedResultIsIdenticalToSequentialInMemoryAndOnDisk() {
        ImagePlus source = hyperstack();
        PlaneSet seq = PlaneSet.of(source, true);
        PlanePipeline.run(seq, (k, img) -> INVERT.apply(img), false, () -> { });
        PlaneSet pipe = PlaneSet.of(source, true, tmp.resolve("pipe"));
        PlanePipeline.run(pipe, (k, img) -> INVERT.apply(img), true, () -> { });
        ImagePlus a = seq.result("a");
        ImagePlus b = pipe.result("b");
        assertArrayEquals(new int[] {24, 16, 2, 2, 3}, b.getDimensions());
        assertEquals(ImagePlus.GRAY16, b.getType());
        for (int i = 1; i <= 12; i++) {
            assertArrayEquals((short[]) a.getStack().getPixels(i), (short[]) b.getStack().getPixels(i), "plane " + i);
            assertEquals("plane " + i, b.getStack().getSliceLabel(i));
        }
    }

    @Test
    void cancelKeepsThePlanesDoneAndLeavesTheSourceAlone() {
        for (boolean pipelined : new boolean[] {false, true}) {
            ImagePlus source = hyperstack();
            short[] before = ((short[]) source.getStack().getPixels(5)).clone();
            PlaneSet planes = PlaneSet.of(source, true, pipelined ? tmp.resolve("cancel") : null);
            int[] calls = {0};
            PlanePipeline.Outcome o = PlanePipeline.run(planes, (k, img) -> {
                if (++calls[0] == 9) throw new CancelledException();
                return INVERT.apply(img);
            }, pipelined, () -> { });
            assertEquals(new PlanePipeline.Outcome(8, PlanePipeline.Stop.CANCELLED), o);
            assertEquals(8, planes.written());
            ImagePlus result = planes.result("partial");
            // 8 planes = 2 whole time points of 2 channels x 2 slices.
            assertArrayEquals(new int[] {24, 16, 2, 2, 2}, result.getDimensions());
            assertArrayEquals(before, (short[]) source.getStack().getPixels(5));
            assertEquals(12, source.getStackSize());
        }
    }

    @ParameterizedTest(name = "cancelled after {0} planes")
    @CsvSource({"5, 2, 2, 1, time point", "3, 2, 1, 1, slice", "1, 1, 1, 1, channel"})
    void aPartlyDoneTimePointIsLeftOutAndTheStructureKept(int done, int c, int z, int t, String unit) {
        PlaneSet planes = PlaneSet.of(hyperstack(), true);
        int[] calls = {0};
        PlanePipeline.run(planes, (k, img) -> {
            if (++calls[0] == done + 1) throw new CancelledException();
            return img;
        }, true, () -> { });
        assertEquals(done, planes.written());
        ImagePlus result = planes.result("partial");
        assertArrayEquals(new int[] {24, 16, c, z, t}, result.getDimensions());
        assertEquals(unit, planes.kept().unit());
    }

    @Test
    void failuresOfTheStyleFunctionReachTheCaller() {
        PlaneSet planes = PlaneSet.of(hyperstack(), true, tmp.resolve("fail"));
        int[] calls = {0};
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> PlanePipeline.run(planes, (k, img) -> {
            if (++calls[0] == 4) throw new StyleTransferException("boom");
            return img;
        }, true, () -> { }));
        assertEquals("boom", e.getMessage());
        assertEquals(3, planes.written(), "the planes before the failure are stored");
    }

    @ParameterizedTest(name = "pipelined: {0}")
    @ValueSource(booleans = {false, true})
    void interruptKeepsThePlanesDoneAndStaysSet(boolean pipelined) {
        // Slow reads: when the interrupt comes, the pipelined run is waiting for plane 3 to be read.
        ImagePlus source = new ClosingReaderStack(hyperstack().getStack(), 20).open("slow.avi");
        PlaneSet planes = PlaneSet.of(source, true, tmp.resolve("interrupt" + pipelined));
        int[] calls = {0};
        PlanePipeline.Outcome o = PlanePipeline.run(planes, (k, img) -> {
            if (++calls[0] == 2) Thread.currentThread().interrupt();
            return INVERT.apply(img);
        }, pipelined, () -> { });
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(new PlanePipeline.Outcome(2, PlanePipeline.Stop.CANCELLED), o);
        assertEquals(2, planes.written());
        assertEquals(2, planes.result("partial").getStackSize());
    }

    @ParameterizedTest(name = "composite: {0}, pipelined: {1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void closingTheSourceMidwayChangesNothing(boolean composite, boolean pipelined) {
        Supplier<ImagePlus> make = composite ? PlanePipelineTest::compositeHyperstack : PlanePipelineTest::hyperstack;
        ImagePlus expected = runInverted(make.get(), false, -1);
        ImagePlus source = make.get();
        ImagePlus closedMidway = runInverted(source, pipelined, 5);
        assertNull(source.getProcessor(), "closed and flushed");
        assertArrayEquals(expected.getDimensions(), closedMidway.getDimensions());
        assertEquals(composite, closedMidway.isComposite());
        assertEquals(expected.getDisplayRangeMax(), closedMidway.getDisplayRangeMax());
        assertEquals(expected.getCalibration().pixelWidth, closedMidway.getCalibration().pixelWidth);
        for (int i = 1; i <= 12; i++) {
            assertArrayEquals((short[]) expected.getStack().getPixels(i), (short[]) closedMidway.getStack().getPixels(i));
        }
    }

    @Test
    void sourceThatCanNoLongerBeReadStopsWithThePlanesDone() {
        ImagePlus source = new ClosingReaderStack(hyperstack().getStack(), 0).open("reader.avi");
        PlaneSet planes = PlaneSet.of(source, true);
        int[] calls = {0};
        PlanePipeline.Outcome o = PlanePipeline.run(planes, (k, img) -> {
            if (++calls[0] == 4) closeLikeItsWindow(source);
            return INVERT.apply(img);
        }, false, () -> { });
        assertEquals(new PlanePipeline.Outcome(4, PlanePipeline.Stop.SOURCE_CLOSED), o);
        assertEquals(4, planes.result("partial").getStackSize());
        assertEquals("reader.avi", planes.title());
    }

    @Test
    void aClosedImageIsRefusedWithItsTitle() {
        ImagePlus source = hyperstack();
        closeLikeItsWindow(source);
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> PlaneSet.of(source, true));
        assertTrue(e.getMessage().startsWith("'cells' was closed before it could be read"), e.getMessage());
    }

    /**
     * Inverts every plane of {@code source} into memory, closing the source (as its window does)
     * while plane {@code closeAt} (1-based; -1: never) is processed.
     */
    private static ImagePlus runInverted(ImagePlus source, boolean pipelined, int closeAt) {
        PlaneSet planes = PlaneSet.of(source, true);
        int[] calls = {0};
        PlanePipeline.Outcome o = PlanePipeline.run(planes, (k, img) -> {
            if (++calls[0] == closeAt) closeLikeItsWindow(source);
            return INVERT.apply(img);
        }, pipelined, () -> { });
        assertTrue(o.complete());
        return planes.result("inverted");
    }

    /** The hyperstack as a calibrated composite image: its mode, LUTs and display range go into results. */
    private static ImagePlus compositeHyperstack() {
        ImagePlus imp = new CompositeImage(hyperstack(), CompositeImage.COMPOSITE);
        imp.getCalibration().pixelWidth = 0.25;
        imp.setDisplayRange(200, 3000);
        return imp;
    }

    @Test
    void writingOutOfOrderIsABug() {
        PlaneSet planes = PlaneSet.of(hyperstack(), true);
        PlaneSet.Frame second = planes.readFrame(1);
        assertThrows(IllegalStateException.class, () -> planes.write(second, second.image()));
        assertEquals(0, planes.written());
    }
}
