package org.styletransfer.command;

import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.FaultInjection;
import org.styletransfer.testutil.ProgressProbe;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.*;
import static org.styletransfer.testutil.ProgressProbe.nth;

/**
 * Cancelling Fast Style Transfer at each stage of a run over a 3-frame stack, through the command
 * that the menu, macros and scripts call: the run stops before the next unit of work, keeps exactly
 * the planes finished, pixel for pixel as an uncancelled run makes them, says so in its title and
 * summary, leaves the source alone and no plane file but the finished ones in its output folder.
 * The networks are tiny random-weight models, so each run takes milliseconds.
 */
class FastStyleCancelTest {
    private static final int PLANES = 3;

    @TempDir
    static Path tmp;
    private static Path net;
    private static ImagePlus source;
    private static List<Object> before;
    private static final Map<Variant, ImagePlus> REFERENCE = new EnumMap<>(Variant.class);
    private static final Map<Variant, Integer> TILES = new EnumMap<>(Variant.class);

    /** How the stack is stylised. */
    enum Variant {
        /** Each plane in one network run. */
        WHOLE,
        /** Tiles of 24 pixels, after a whole-plane instance-norm statistics pass. */
        TILED,
        /** Each plane blended with the previous result moved along the motion. */
        TEMPORAL;

        ParamValues options() {
            ParamValues v = fast(net);
            if (this == TILED) v.set(FastStyleSpec.TILE_SIZE, 24).set(FastStyleSpec.TILE_OVERLAP, 8);
            if (this == TEMPORAL) v.set(FastStyleSpec.TEMPORAL_COHERENCE, 0.6);
            return v;
        }
    }

    @BeforeAll
    static void referenceRuns() {
        net = styleNet(tmp, true, 1);
        source = rgbMovie("clip.avi", 40, 32, PLANES, 0);
        before = pixels(source);
        for (Variant v : Variant.values()) {
            ProgressProbe probe = ProgressProbe.never();
            REFERENCE.put(v, FastStyleCommand.run(source, v.options(), probe, false).image());
            TILES.put(v, (int) probe.count("Fast style") / PLANES);
        }
        assertTrue(TILES.get(Variant.TILED) >= 2, "the tiled variant has several tiles per plane");
    }

    /**
     * Where a run is cancelled.
     *
     * @param probe      the progress that cancels, given the tiles per plane (it is asked once after the models load, then once before each tile)
     * @param kept       planes finished when the cancel takes effect
     * @param interrupts true when the cancel is an interrupt of the running thread
     */
    record Stage(String name, Variant variant, boolean toFolder, boolean pipelined, IntFunction<ProgressProbe> probe,
                 int kept, boolean interrupts) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Check 1 is the one after the models load; then one check before every tile. */
    static Stream<Stage> stages() {
        return Stream.of(
            // Asked before plane 2's first tile, i.e. while plane 2 was read and its statistics computed.
            new Stage("instance-norm statistics of plane 2", Variant.TILED, false, false,
                t -> ProgressProbe.cancelAtCheck(1 + t + 1), 1, false),
            new Stage("tile 2 of plane 2", Variant.TILED, false, false, t -> ProgressProbe.cancelAtCheck(1 + t + 2), 1, false),
            new Stage("plane 3", Variant.WHOLE, false, false, t -> ProgressProbe.cancelAtCheck(1 + 3), 2, false),
            // Asked after plane 2's only tile: while its result was smoothed along the motion.
            new Stage("temporal smoothing of plane 2", Variant.TEMPORAL, false, false,
                t -> ProgressProbe.cancelAtCheck(1 + 3), 2, false),
            // Pipelined: plane 2 is being written while plane 3 is read and asks.
            new Stage("writing plane 2 to output_folder", Variant.WHOLE, true, true,
                t -> ProgressProbe.cancelAtCheck(1 + 3), 2, false),
            new Stage("thread interrupted during plane 2", Variant.WHOLE, false, false,
                t -> ProgressProbe.interruptAtStatus(nth("Fast style", 2)), 2, true),
            new Stage("thread interrupted during plane 2, pipelined to output_folder", Variant.WHOLE, true, true,
                t -> ProgressProbe.interruptAtStatus(nth("Fast style", 2)), 2, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void cancelKeepsExactlyTheFinishedPlanes(Stage stage) {
        Path folder = tmp.resolve(stage.name().replaceAll("\\W+", "_"));
        ParamValues v = stage.variant().options();
        if (stage.toFolder()) v.set(FastStyleSpec.OUTPUT_FOLDER, folder.toString());
        int tiles = TILES.get(stage.variant());
        ProgressProbe probe = stage.probe().apply(tiles);

        StyleResult r = FastStyleCommand.run(source, v, probe, stage.pipelined());
        // Thread.interrupted() also clears the flag for the next test.
        assertEquals(stage.interrupts(), Thread.interrupted(), "an interrupt is kept for the caller to see");

        assertTrue(r.cancelled() && !r.complete());
        assertEquals(stage.kept(), r.planes());
        assertEquals(PLANES, r.totalPlanes());
        assertEquals(stage.kept(), r.image().getStackSize(), "unfinished planes are not in the result");
        String note = "(cancelled after " + stage.kept() + " of 3 frames)";
        assertEquals("clip-net-true-1 " + note, r.image().getTitle());
        assertTrue(r.summary("net").endsWith(note), r.summary("net"));
        assertSamePlanes(REFERENCE.get(stage.variant()), r.image(), stage.kept());
        if (stage.interrupts()) {
            assertEquals((long) tiles * stage.kept(), probe.count("Fast style"), "no tile started after the interrupt");
        } else {
            assertEquals(List.of(), probe.statusesAfterCancel(), "no tile started after the cancel");
        }
        assertTrue(Objects.deepEquals(before.toArray(), pixels(source).toArray()), "the source changed");
        if (stage.toFolder()) assertPlaneFiles(folder, stage.kept());
    }

    @Test
    void cancelWhileTheModelLoadsRunsNoTileAndWritesNoFile() {
        Path folder = tmp.resolve("loading");
        ProgressProbe probe = ProgressProbe.cancelAtStatus(s -> s.startsWith("Loading model net-true-1"));

        try (FaultInjection runs = FaultInjection.install()) {
            assertThrows(CancelledException.class, () -> FastStyleCommand.run(source,
                Variant.TILED.options().set(FastStyleSpec.OUTPUT_FOLDER, folder.toString()), probe, true));
            assertEquals(0, runs.runs(), "no model ran, not even the statistics pass");
        }

        assertEquals(0, probe.count("Fast style"), "no tile ran");
        assertPlaneFiles(folder, 0);
        assertTrue(Objects.deepEquals(before.toArray(), pixels(source).toArray()), "the source changed");
    }
}
