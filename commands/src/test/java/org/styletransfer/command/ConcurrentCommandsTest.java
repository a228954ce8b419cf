package org.styletransfer.command;

import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.styletransfer.engine.Progress;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.testutil.ProgressProbe;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.*;

/**
 * Two commands at once on two images, from two threads started together, through the entry points
 * the plugins and macros call: each result must be pixel for pixel what the command gives alone,
 * and neither source may change. Fast Style runs the tiny random-weight networks, Neural Style and
 * the interpolation the partial VGG-19 of ../shared at a 48-pixel work size.
 */
class ConcurrentCommandsTest {
    /** Concurrent rounds per pair: each is another chance for the two runs to interleave differently. */
    private static final int ROUNDS = 2;

    @TempDir
    static Path tmp;
    private static Path netA;
    private static Path netB;
    private static final AtomicInteger FOLDERS = new AtomicInteger();

    @BeforeAll
    static void networks() {
        netA = styleNet(tmp, true, 1);
        netB = styleNet(tmp, false, 2);
    }

    /** A command on a source, writing (where it writes) into a fresh folder, reporting to a progress. */
    interface Command {
        StyleResult run(ImagePlus source, Path folder, Progress progress);
    }

    /** One command run: its source (made anew for every run) and the call. */
    record Job(String name, int seed, Command run) {
        ImagePlus source() {
            return rgbMovie("image" + seed + ".tif", 64, 48, 4, seed);
        }
    }

    record Pair(Job a, Job b) {
        @Override
        public String toString() {
            return a.name() + " with " + b.name();
        }
    }

    private static Job fast(String name, int seed, Path net, boolean tiled) {
        return new Job(name, seed, (imp, folder, progress) -> {
            ParamValues v = CommandFixtures.fast(net);
            if (tiled) v.set(FastStyleSpec.TILE_SIZE, 32).set(FastStyleSpec.TILE_OVERLAP, 8);
            return FastStyleCommand.run(imp, v, progress);
        });
    }

    static Stream<Pair> pairs() {
        Job tiledA = fast("Fast Style (network A, tiled)", 1, netA, true);
        Job toFolder = new Job("Fast Style (network A, pipelined to output_folder)", 3, (imp, folder, progress) ->
            FastStyleCommand.run(imp, CommandFixtures.fast(netA).set(FastStyleSpec.OUTPUT_FOLDER, folder.toString()),
                progress, true));
        Job temporalB = new Job("Fast Style (network B, temporal coherence)", 4, (imp, folder, progress) ->
            FastStyleCommand.run(imp, CommandFixtures.fast(netB).set(FastStyleSpec.TEMPORAL_COHERENCE, 0.6), progress));
        Job neural = new Job("Neural Style", 5, (imp, folder, progress) ->
            NeuralStyleCommand.run(imp, neural(), progress, NeuralStyleListener.NONE));
        Job interpolation = new Job("Style Interpolation", 6, (imp, folder, progress) -> InterpolationCommand.run(imp,
            quick(InterpolationSpec.spec()).set(InterpolationSpec.STYLE_A, styleFile("the_scream.jpg"))
                .set(InterpolationSpec.STYLE_B, styleFile("starry_night.jpg")).set(InterpolationSpec.STEPS, 2),
            progress, NeuralStyleListener.NONE));
        return Stream.of(
            new Pair(tiledA, fast("Fast Style (network B)", 2, netB, false)),
            new Pair(tiledA, fast("Fast Style (network A, tiled) on another image", 7, netA, true)),
            new Pair(toFolder, temporalB),
            new Pair(tiledA, neural),
            new Pair(neural, interpolation));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void twoCommandsAtOnceGiveWhatEachGivesAlone(Pair pair) throws InterruptedException {
        ImagePlus aloneA = pair.a().run().run(pair.a().source(), folder(), Progress.NONE).image();
        ImagePlus aloneB = pair.b().run().run(pair.b().source(), folder(), Progress.NONE).image();
        for (int round = 0; round < ROUNDS; round++) {
            ImagePlus sourceA = pair.a().source();
            ImagePlus sourceB = pair.b().source();
            List<Object> beforeA = pixels(sourceA);
            List<Object> beforeB = pixels(sourceB);

            StyleResult[] both = together(pair.a(), sourceA, pair.b(), sourceB);

            assertSameImage(aloneA, both[0].image(), pair.a().name());
            assertSameImage(aloneB, both[1].image(), pair.b().name());
            assertTrue(Objects.deepEquals(beforeA.toArray(), pixels(sourceA).toArray()), pair.a().name() + ": source changed");
            assertTrue(Objects.deepEquals(beforeB.toArray(), pixels(sourceB).toArray()), pair.b().name() + ": source changed");
        }
    }

    private static Path folder() {
        return tmp.resolve("out" + FOLDERS.incrementAndGet());
    }

    /**
     * Runs both jobs on two threads released at the same moment; each waits at its first unit of
     * work (a tile, a plane's targets, an iteration) until the other has reached its own, so that the
     * two really run at the same time. Rethrows the first failure.
     */
    private static StyleResult[] together(Job a, ImagePlus sourceA, Job b, ImagePlus sourceB) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch working = new CountDownLatch(2);
        StyleResult[] results = new StyleResult[2];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = {
            new Thread(() -> results[0] = runAfter(start, a, sourceA, working, failure), a.name()),
            new Thread(() -> results[1] = runAfter(start, b, sourceB, working, failure), b.name())};
        for (Thread t : threads) t.start();
        start.countDown();
        for (Thread t : threads) t.join(120_000);
        if (failure.get() != null) throw new AssertionError("a concurrent run failed: " + failure.get(), failure.get());
        return results;
    }

    private static StyleResult runAfter(CountDownLatch start, Job job, ImagePlus source, CountDownLatch working,
                                        AtomicReference<Throwable> failure) {
        Progress meet = ProgressProbe.atStatus(s -> s.startsWith("Fast style") || s.contains("Preparing")
            || s.contains("iteration"), () -> meet(working));
        try {
            start.await();
            return job.run().run(source, folder(), meet);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            return null;
        }
    }

    /** Arrives at the meeting point and waits for the other run. */
    private static void meet(CountDownLatch working) {
        working.countDown();
        try {
            if (!working.await(60, TimeUnit.SECONDS)) throw new AssertionError("the other run never started working");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSameImage(ImagePlus expected, ImagePlus actual, String what) {
        assertEquals(expected.getTitle(), actual.getTitle(), what);
        assertEquals(expected.getStackSize(), actual.getStackSize(), what);
        for (int i = 1; i <= expected.getStackSize(); i++) {
            assertTrue(Objects.deepEquals(expected.getStack().getProcessor(i).getPixels(),
                actual.getStack().getProcessor(i).getPixels()), what + ": plane " + i + " differs from a run alone");
        }
    }
}
