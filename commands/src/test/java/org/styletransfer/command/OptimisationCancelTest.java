package org.styletransfer.command;

import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.testutil.ProgressProbe;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.*;
import static org.styletransfer.testutil.ProgressProbe.cancelAtStatus;
import static org.styletransfer.testutil.ProgressProbe.nth;

/**
 * Cancelling Neural Style Transfer (2 planes) and the Style Interpolation Sequence (3 steps) at each
 * stage, through their commands: loading the VGG-19, exporting the graphs and computing the targets
 * of a plane or step, an iteration, a coarse-to-fine level, between planes. The run stops before
 * the next iteration; the planes finished are kept as an uncancelled run makes them, the plane
 * being optimised is kept (as its best image so far, said in the title) only when it had an
 * iteration, planes not reached are left out, and the source is unchanged. With the real partial
 * VGG-19 of ../shared at a 64-pixel work size and 2 or 3 iterations, each run takes a fraction of
 * a second.
 */
class OptimisationCancelTest {
    private static ImagePlus movie;
    private static ImagePlus still;
    private static List<Object> movieBefore;
    /** Neural Style of both planes with 3 and with 2 iterations; the interpolation with 2 per step. */
    private static ImagePlus threeIterations;
    private static ImagePlus twoIterations;
    private static ImagePlus interpolation;

    /** Which run a kept plane must equal: the finished one, the one stopped after 2 iterations, or none. */
    enum Ref { FULL, TWO_ITERATIONS, NONE }

    /**
     * Where a run is cancelled and what it keeps.
     *
     * @param options    changes to the quick options
     * @param kept       the reference of each plane kept; none: the run throws {@link CancelledException}
     * @param note       how the title ends
     * @param interrupts true when the cancel is an interrupt of the running thread
     */
    record Stage(String name, UnaryOperator<ParamValues> options, Supplier<ProgressProbe> probe, List<Ref> kept,
                 String note, boolean interrupts) {
        Stage(String name, Supplier<ProgressProbe> probe, List<Ref> kept, String note) {
            this(name, v -> v, probe, kept, note, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void referenceRuns() {
        movie = rgbMovie("clip.avi", 64, 64, 2, 0);
        movieBefore = pixels(movie);
        still = rgbMovie("still.png", 40, 32, 1, 3);
        threeIterations = neuralStyle(neural64(), ProgressProbe.never()).image();
        twoIterations = neuralStyle(neural64().set(NeuralStyleSpec.ITERATIONS, 2), ProgressProbe.never()).image();
        interpolation = interpolate(ProgressProbe.never()).image();
    }

    private static ParamValues neural64() {
        return neural().set(NeuralStyleSpec.MAX_SIZE, 64);
    }

    private static StyleResult neuralStyle(ParamValues v, ProgressProbe probe) {
        return NeuralStyleCommand.run(movie, v, probe, NeuralStyleListener.NONE);
    }

    private static StyleResult interpolate(ProgressProbe probe) {
        ParamValues v = quick(InterpolationSpec.spec()).set(InterpolationSpec.STYLE_A, styleFile("starry_night.jpg"))
            .set(InterpolationSpec.STYLE_B, styleFile("the_scream.jpg")).set(InterpolationSpec.STEPS, 3)
            .set(NeuralStyleSpec.ITERATIONS, 2);
        return InterpolationCommand.run(still, v, probe, NeuralStyleListener.NONE);
    }

    static Stream<Stage> neuralStyleStages() {
        return Stream.of(
            new Stage("loading the VGG-19 weights", () -> cancelAtStatus(s -> s.contains("VGG-19")), List.of(), ""),
            new Stage("graph export and targets of plane 1", () -> cancelAtStatus(nth("Preparing", 1)), List.of(), ""),
            new Stage("iteration 2 of plane 1", () -> cancelAtStatus(nth("iteration", 2)), List.of(Ref.TWO_ITERATIONS),
                "(cancelled at iteration 2 of plane 1 of 2)"),
            new Stage("between plane 1 and plane 2", () -> cancelAtStatus(nth("iteration", 3)), List.of(Ref.FULL),
                "(cancelled after 1 of 2 frames)"),
            new Stage("graph export and targets of plane 2", () -> cancelAtStatus(nth("Preparing", 2)), List.of(Ref.FULL),
                "(cancelled after 1 of 2 frames)"),
            new Stage("iteration 2 of plane 2", () -> cancelAtStatus(nth("iteration", 5)),
                List.of(Ref.FULL, Ref.TWO_ITERATIONS), "(cancelled at iteration 2 of plane 2 of 2)"),
            new Stage("thread interrupted at iteration 2 of plane 2", v -> v,
                () -> ProgressProbe.interruptAtStatus(nth("iteration", 5)), List.of(Ref.FULL, Ref.TWO_ITERATIONS),
                "(cancelled at iteration 2 of plane 2 of 2)", true),
            // Asked once level 1 (half size) is done: while level 2's targets are computed.
            new Stage("level 2 of 2 of plane 1",
                v -> v.set(NeuralStyleSpec.LEVELS, 2).set(NeuralStyleSpec.COARSE_ITERATIONS, 3),
                () -> cancelAtStatus(s -> s.contains("level 1/2") && s.contains("iteration 3/3")), List.of(Ref.NONE),
                "(cancelled at iteration 3 of plane 1 of 2)", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("neuralStyleStages")
    void neuralStyleKeepsWhatWasDone(Stage stage) {
        ProgressProbe probe = stage.probe().get();
        ParamValues v = stage.options().apply(neural64());
        if (stage.kept().isEmpty()) {
            assertThrows(CancelledException.class, () -> neuralStyle(v, probe));
            assertEquals(0, probe.count("iteration"), "no iteration ran");
        } else {
            StyleResult r = neuralStyle(v, probe);
            assertEquals(stage.interrupts(), Thread.interrupted(), "an interrupt is kept for the caller to see");
            assertStopped(r, stage, "clip-starry_night", 2);
            for (int k = 0; k < stage.kept().size(); k++) {
                ImagePlus ref = switch (stage.kept().get(k)) {
                    case FULL -> threeIterations;
                    case TWO_ITERATIONS -> twoIterations;
                    case NONE -> movie;
                };
                boolean same = Objects.deepEquals(ref.getStack().getPixels(k + 1), r.image().getStack().getPixels(k + 1));
                assertEquals(stage.kept().get(k) != Ref.NONE, same, "plane " + (k + 1) + " against " + stage.kept().get(k));
            }
        }
        assertFalse(probe.statusesAfterCancel().stream().anyMatch(s -> s.contains("iteration")),
            "iterations after the cancel: " + probe.statusesAfterCancel());
        assertTrue(Objects.deepEquals(movieBefore.toArray(), pixels(movie).toArray()), "the source changed");
    }

    static Stream<Stage> interpolationStages() {
        return Stream.of(
            new Stage("loading the VGG-19 weights", () -> cancelAtStatus(s -> s.contains("VGG-19")), List.of(), ""),
            new Stage("iteration 1 of step 1", () -> cancelAtStatus(nth("iteration", 1)), List.of(Ref.NONE),
                "(cancelled at frame 1 of 3)"),
            // Asked after step 1's last iteration, while step 2 computes its targets: step 2 has nothing to show.
            new Stage("targets of step 2", () -> cancelAtStatus(nth("iteration", 2)), List.of(Ref.FULL),
                "(cancelled after 1 of 3 frames)"),
            new Stage("iteration 1 of step 2", () -> cancelAtStatus(nth("iteration", 3)), List.of(Ref.FULL, Ref.NONE),
                "(cancelled at frame 2 of 3)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interpolationStages")
    void interpolationKeepsTheFramesDone(Stage stage) {
        ProgressProbe probe = stage.probe().get();
        if (stage.kept().isEmpty()) {
            assertThrows(CancelledException.class, () -> interpolate(probe));
            assertEquals(0, probe.count("iteration"), "no iteration ran");
            return;
        }
        StyleResult r = interpolate(probe);
        assertStopped(r, stage, "still-starry_night-to-the_scream", 3);
        for (int k = 0; k < stage.kept().size(); k++) {
            if (stage.kept().get(k) == Ref.FULL) assertSamePlanes(interpolation, r.image(), k + 1);
        }
        assertFalse(probe.statusesAfterCancel().stream().anyMatch(s -> s.contains("iteration")),
            "iterations after the cancel: " + probe.statusesAfterCancel());
    }

    /** The result is flagged, titled and sized as the stage says. */
    private static void assertStopped(StyleResult r, Stage stage, String title, int total) {
        assertTrue(r.cancelled());
        assertEquals(stage.kept().size(), r.planes());
        assertEquals(total, r.totalPlanes());
        assertEquals(stage.kept().size(), r.image().getStackSize(), "planes not reached are not in the result");
        assertEquals(title + " " + stage.note(), r.image().getTitle());
        assertTrue(r.summary("x").endsWith(stage.note()), r.summary("x"));
    }
}
