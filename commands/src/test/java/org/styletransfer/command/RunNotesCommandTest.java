package org.styletransfer.command;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.FaultInjection;
import org.styletransfer.engine.FaultInjection.Fault;
import org.styletransfer.engine.Progress;
import org.styletransfer.gatys.NeuralStyleListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.fast;
import static org.styletransfer.command.CommandFixtures.neural;
import static org.styletransfer.command.CommandFixtures.quick;
import static org.styletransfer.command.CommandFixtures.rgbMovie;
import static org.styletransfer.command.CommandFixtures.styleFile;
import static org.styletransfer.command.CommandFixtures.styleNet;

/**
 * What the engines report about a run (retries after running out of memory, a move from CUDA to
 * the CPU) reaches the commands' results and progress: the {@link StyleResult}'s provider, notes
 * and summary, and {@link Progress#note} while it runs. Failures are simulated with
 * {@link FaultInjection}, installed on this thread, where the commands run their models.
 */
class RunNotesCommandTest {
    @TempDir
    static Path dir;

    /** Records status lines, notes apart, and every update's counts. */
    private static final class Recorder implements Progress {
        final List<String> notes = new ArrayList<>();
        final List<long[]> counts = new ArrayList<>();

        @Override
        public synchronized void update(long done, long total, String status) {
            counts.add(new long[] {done, total});
        }

        @Override
        public synchronized void note(String message) {
            notes.add(message);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    /** Runs {@code command} with {@code plan} installed on this thread. */
    private static StyleResult with(FaultInjection plan, Supplier<StyleResult> command) {
        try (plan) {
            return command.get();
        }
    }

    /**
     * For 288x208 frames (320x240 with the mirrored margin of a zero-padding network), 256-px tiles:
     * each plane is a statistics run and 2 tiles; run 2 is plane 1's first tile.
     */
    private static ParamValues tiledFast() {
        return fast(styleNet(dir, true, 17)).set(FastStyleSpec.TILE_SIZE, 256).set(FastStyleSpec.TILE_OVERLAP, 64)
            .set(FastStyleSpec.PLANES, PlaneScope.ALL);
    }

    @Test
    void fastStyleRetryWithSmallerTilesIsInTheSummaryAndShownAsItHappens() {
        ImagePlus movie = rgbMovie("clip.avi", 288, 208, 2, 0);
        Recorder progress = new Recorder();
        StyleResult r = with(FaultInjection.install().failRun(2, Fault.ORT_OUT_OF_MEMORY),
            () -> FastStyleCommand.run(movie, tiledFast(), progress));

        String note = "Out of memory with 256x240-px tiles; retried with 128-px tiles (plane 1)";
        assertEquals(List.of(note), r.notes());
        assertEquals(List.of(note), progress.notes, "told to the progress as it happened");
        assertEquals("CPU", r.provider());
        assertTrue(r.complete());
        String summary = r.summary("robust");
        assertTrue(summary.startsWith("robust: 2 planes in ") && summary.endsWith(" on CPU. " + note), summary);
        // Plane 1 ticked its failed tile and 9 smaller ones against a total planned for 2 tiles a plane.
        for (long[] c : progress.counts.subList(0, progress.counts.size() - 1)) {
            if (c[1] > 0) assertTrue(c[0] < c[1], "progress " + c[0] + " of " + c[1] + " before the end");
        }
        long[] last = progress.counts.get(progress.counts.size() - 1);
        assertEquals(last[1], last[0], "the run ends at 100 %");
        assertEquals(2 * 9, last[1], "the total was recounted with the smaller tiles");
    }

    @Test
    void fastStyleCudaFailureNamesBothProvidersInTheSummary() {
        ImagePlus movie = rgbMovie("clip.avi", 288, 208, 3, 1);
        Recorder progress = new Recorder();
        // Run 5 is plane 2's first tile.
        StyleResult r = with(FaultInjection.install().simulatingCuda().failRun(5, Fault.CUDA_FAILURE),
            () -> FastStyleCommand.run(movie, tiledFast().set(FastStyleSpec.PROVIDER, "CUDA"), progress));

        assertTrue(r.provider().startsWith("CUDA, then CPU (CUDA failed at plane 2: "), r.provider());
        assertEquals(1, r.notes().size());
        assertTrue(r.notes().get(0).startsWith("CUDA failed at plane 2: ") && r.notes().get(0).endsWith("; continuing on CPU"),
            r.notes().get(0));
        assertEquals(r.notes(), progress.notes);
        String summary = r.summary("robust");
        assertTrue(summary.contains(" on CUDA, then CPU (CUDA failed at plane 2: ") && summary.endsWith("; continuing on CPU"),
            summary);
    }

    @Test
    void neuralStyleCudaFailureOnAnEarlierPlaneStaysInTheProvider() {
        ImagePlus movie = rgbMovie("clip.avi", 48, 48, 3, 3);
        ParamValues values = neural().set(NeuralStyleSpec.PROVIDER, "CUDA");
        int runsPerPlane;
        try (FaultInjection count = FaultInjection.install().simulatingCuda()) {
            StyleResult clean = NeuralStyleCommand.run(movie, values, Progress.NONE, NeuralStyleListener.NONE);
            assertEquals("CUDA", clean.provider());
            runsPerPlane = count.runs() / 3;
        }
        // Plane 2's runs: content targets, style targets, then loss evaluations; its 4th run fails.
        StyleResult r = with(FaultInjection.install().simulatingCuda().failRun(runsPerPlane + 4, Fault.CUDA_FAILURE),
            () -> NeuralStyleCommand.run(movie, values, Progress.NONE, NeuralStyleListener.NONE));

        // Plane 3 stays on the CPU; the provider names the plane where CUDA failed.
        assertTrue(r.provider().startsWith("CUDA, then CPU (plane 2/3: CUDA failed at iteration "), r.provider());
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().get(0).startsWith("plane 2/3: CUDA failed at iteration "), r.notes().get(0));
        assertTrue(r.summary("x").contains(" on CUDA, then CPU (plane 2/3: "), r.summary("x"));
    }

    @Test
    void neuralStyleNotesArePrefixedWithTheirPlane() {
        ImagePlus movie = rgbMovie("clip.avi", 48, 48, 2, 2);
        Recorder progress = new Recorder();
        // Runs of plane 1: content targets, style targets, then the first loss evaluation (run 3) fails.
        StyleResult r = with(FaultInjection.install().failRun(3, Fault.ORT_OUT_OF_MEMORY),
            () -> NeuralStyleCommand.run(movie, neural(), progress, NeuralStyleListener.NONE));

        assertEquals(1, r.notes().size(), r.notes().toString());
        String note = r.notes().get(0);
        assertTrue(note.startsWith("plane 1/2: Out of memory at 48x48; retried at ") && note.endsWith(" up to 48x48"), note);
        assertEquals(List.of(note), progress.notes, "the progress of plane 1 prefixes it the same way");
        assertEquals("CPU", r.provider());
        assertTrue(r.summary("x").endsWith(" on CPU. " + note), r.summary("x"));
    }

    @Test
    void neuralStyleProviderIsTheOneTheLastPlaneRanOn() {
        ImagePlus still = rgbMovie("still.png", 40, 32, 1, 3);
        ParamValues v = quick(NeuralStyleSpec.spec()).set(NeuralStyleSpec.STYLE, styleFile("starry_night.jpg"))
            .set(NeuralStyleSpec.PROVIDER, "CUDA");
        // Run 6 is a loss evaluation a few iterations in.
        StyleResult r = with(FaultInjection.install().simulatingCuda().failRun(6, Fault.CUDA_FAILURE),
            () -> NeuralStyleCommand.run(still, v, Progress.NONE, NeuralStyleListener.NONE));

        assertTrue(r.provider().startsWith("CUDA, then CPU (CUDA failed at iteration "), r.provider());
        assertEquals(1, r.notes().size());
        assertTrue(r.summary("x").contains(" on CUDA, then CPU (CUDA failed at iteration ")
            && r.summary("x").endsWith("; continuing on CPU"), r.summary("x"));
    }

    @Test
    void interpolationNotesArePrefixedWithTheirStep() {
        // Large enough for a lower resolution to try (40x32 is already the smallest).
        ImagePlus still = rgbMovie("still.png", 64, 48, 1, 3);
        ParamValues v = quick(InterpolationSpec.spec()).set(NeuralStyleSpec.MAX_SIZE, 64).set(InterpolationSpec.STYLE_A, styleFile("starry_night.jpg"))
            .set(InterpolationSpec.STYLE_B, styleFile("the_scream.jpg")).set(InterpolationSpec.STEPS, 2)
            .set(NeuralStyleSpec.ITERATIONS, 2);
        Recorder progress = new Recorder();
        StyleResult r = with(FaultInjection.install().failRun(3, Fault.JAVA_OUT_OF_MEMORY),
            () -> InterpolationCommand.run(still, v, progress, NeuralStyleListener.NONE));

        assertEquals(2, r.planes());
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().get(0).startsWith("Step 1/2: Out of memory at 64x48; retried at "), r.notes().get(0));
        assertEquals(r.notes(), progress.notes);
        assertEquals("CPU", r.provider());
        assertTrue(r.summary("x").endsWith(" on CPU. " + r.notes().get(0)), r.summary("x"));
    }
}
