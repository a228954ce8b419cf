package org.styletransfer.fast;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.planes.PlaneFolder;
import org.styletransfer.io.MediaIO;
import org.styletransfer.testutil.SharedData;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Long stacks with the real candy network: a virtual 40-frame source stylised to disk with bounded
 * memory, pipelined and sequential runs giving the same pixels, and cancel keeping the frames done.
 * Frames are 64x48 so that the whole class runs in seconds.
 */
class StackStyleTest {
    private static final int W = 64;
    private static final int H = 48;

    @TempDir
    static Path tmp;
    private static Path model;

    @BeforeAll
    static void findModel() {
        model = SharedData.model(SharedData.CANDY).toAbsolutePath();
    }

    /** A moving colour pattern, {@code frames} frames, written as a sequence and opened virtually. */
    static ImagePlus virtualVideo(Path dir, int frames) {
        PlaneFolder folder = new PlaneFolder(dir, "frame_", W, H);
        for (int t = 0; t < frames; t++) {
            ColorProcessor cp = new ColorProcessor(W, H);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int r = (x * 4 + t * 7) & 255, g = (y * 5 + t * 3) & 255, b = ((x + y) * 3 + t * 11) & 255;
                    cp.set(x, y, (r << 16) | (g << 8) | b);
                }
            }
            folder.add("t" + t, cp, null);
        }
        ImagePlus imp = new ImagePlus("clip.avi", folder.stack());
        imp.setDimensions(1, 1, frames);
        imp.getCalibration().fps = 12;
        return imp;
    }

    static ParamValues values(Path outputFolder) {
        ParamValues v = FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL_FILE, model.toString())
            .set(FastStyleSpec.PROVIDER, "CPU");
        if (outputFolder != null) v.set(FastStyleSpec.OUTPUT_FOLDER, outputFolder.toString());
        return v;
    }

    /**
     * Records status lines and the heap after GC at every tile (one per 64x48 frame), and asks to
     * stop at the tile of frame {@code cancelAtFrame} (0: never).
     */
    static final class Recorder implements Progress {
        final List<String> status = new ArrayList<>();
        final List<Long> heap = new ArrayList<>();
        final int cancelAtFrame;
        int checks;

        Recorder(int cancelAtFrame) {
            this.cancelAtFrame = cancelAtFrame;
        }

        @Override
        public void update(long done, long total, String line) {
            if (line == null) return;
            status.add(line);
            System.gc();
            heap.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        @Override
        public boolean isCancelled() {
            // Asked once after the model loads, then once before every tile (one tile per frame here).
            return cancelAtFrame > 0 && ++checks >= cancelAtFrame + 1;
        }
    }

    /** The least heap after GC over samples [from, to): what is held for sure, without passing garbage of other threads. */
    private static long held(List<Long> heap, int from, int to) {
        return heap.subList(from, to).stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    /** A shorter run into the folder of a longer one says which older planes remain; it deletes none. */
    @Test
    void aShorterRunIntoTheSameFolderNamesTheEarlierRunsPlanes() {
        Path out = tmp.resolve("outTwice");
        StyleResult first = FastStyleCommand.run(virtualVideo(tmp.resolve("in4"), 4), values(out), Progress.NONE);
        StyleResult second = FastStyleCommand.run(virtualVideo(tmp.resolve("in2"), 2), values(out), Progress.NONE);

        assertTrue(first.notes().stream().noneMatch(n -> n.contains("earlier run")), first.notes()::toString);
        assertEquals(2, second.image().getStackSize(), "the result holds this run's planes only");
        assertTrue(second.notes().contains("The output folder " + out.toAbsolutePath().normalize() + " also holds 2 "
            + "planes of an earlier run (plane_00003.tif to plane_00004.tif), left as they were: delete them before "
            + "reading the folder as an image sequence"), second.notes()::toString);
        assertTrue(out.resolve("plane_00004.tif").toFile().isFile(), "kept");
    }

    @Test
    void fortyFrameVirtualStackGoesToDiskWithHeapIndependentOfFrameCount() {
        ImagePlus forty = virtualVideo(tmp.resolve("in40"), 40);
        FastStyleCommand.run(virtualVideo(tmp.resolve("in3"), 3), values(tmp.resolve("warm")), Progress.NONE);
        Recorder r40 = new Recorder(0);
        StyleResult result = FastStyleCommand.run(forty, values(tmp.resolve("out40")), r40);

        assertTrue(result.complete());
        assertEquals(40, result.planes());
        ImagePlus imp = result.image();
        assertTrue(imp.getStack().isVirtual(), "the result is a virtual stack on the output folder");
        assertEquals(40, imp.getNFrames());
        assertEquals(12, imp.getCalibration().fps, 1e-9);
        assertTrue(tmp.resolve("out40").resolve("plane_00040.tif").toFile().isFile());
        assertNull(imp.getStack().getImageArray(), "no pixel arrays are held");
        // Around frame 10 and around frame 40: 30 frames held would add 30 x (12 kB RGB + 37 kB float copy).
        long growth = held(r40.heap, 35, 40) - held(r40.heap, 5, 10);
        assertTrue(growth < 1 << 20, "heap grew by " + (growth >> 10) + " kB from frame 10 to frame 40");
        String last = r40.status.get(r40.status.size() - 1);
        assertTrue(last.matches("Fast style: frame 40/40, [0-9.]+ fps, [0-9]+ s left, CPU"), last);
    }

    @Test
    void pipelinedRunIsIdenticalToSequential() {
        ImagePlus source = virtualVideo(tmp.resolve("inSame"), 6);
        StyleResult seq = FastStyleCommand.run(source, values(null), Progress.NONE, false);
        StyleResult pipe = FastStyleCommand.run(source, values(tmp.resolve("outSame")), Progress.NONE, true);
        assertFalse(seq.image().getStack().isVirtual());
        for (int i = 1; i <= 6; i++) {
            assertArrayEquals((int[]) seq.image().getStack().getPixels(i), (int[]) pipe.image().getStack().getPixels(i),
                "frame " + i);
        }
    }

    @Test
    void cancelAfterThreeFramesReturnsThemFlaggedAndTheSourceUntouched() {
        ImagePlus source = virtualVideo(tmp.resolve("inCancel"), 40);
        int[] firstBefore = ((int[]) source.getStack().getPixels(1)).clone();
        for (boolean pipelined : new boolean[] {false, true}) {
            Path out = tmp.resolve("outCancel" + pipelined);
            StyleResult r = FastStyleCommand.run(source, values(out), new Recorder(4), pipelined);
            assertTrue(r.cancelled());
            assertFalse(r.complete());
            assertEquals(3, r.planes());
            assertEquals(40, r.totalPlanes());
            assertEquals(3, r.image().getStackSize());
            assertTrue(r.image().getTitle().endsWith("(cancelled after 3 of 40 frames)"), r.image().getTitle());
            assertTrue(r.summary("candy").endsWith("(cancelled after 3 of 40 frames)"), r.summary("candy"));
            assertFalse(out.resolve("plane_00004.tif").toFile().exists(), "frame 4 was not finished");
        }
        assertEquals(40, source.getStackSize());
        assertArrayEquals(firstBefore, (int[]) source.getStack().getPixels(1));
    }

    @Test
    void cancelBeforeTheFirstFrameStillThrows() {
        ImagePlus source = virtualVideo(tmp.resolve("inCancel1"), 3);
        assertThrows(CancelledException.class, () -> FastStyleCommand.run(source, values(null), new Recorder(1)));
    }

    @Test
    void videoInStylisedAndSavedAsVideo() {
        ImagePlus source = virtualVideo(tmp.resolve("inAvi"), 5);
        Path avi = tmp.resolve("clip.avi");
        MediaIO.saveAvi(source, avi, MediaIO.AviCompression.PNG, 0);
        ImagePlus video = MediaIO.open(avi, true);
        StyleResult r = FastStyleCommand.run(video, values(tmp.resolve("outAvi")), Progress.NONE);
        Path styled = tmp.resolve("clip-candy.avi");
        MediaIO.save(r.image(), styled);
        ImagePlus back = MediaIO.open(styled, true);
        assertEquals(5, back.getStackSize());
        assertEquals(W, back.getWidth());
        assertEquals(12, back.getCalibration().fps, 0.01);
        ImageStack s = back.getStack();
        assertEquals(ImagePlus.COLOR_RGB, back.getType());
        assertNotNull(s.getProcessor(5));
    }
}
