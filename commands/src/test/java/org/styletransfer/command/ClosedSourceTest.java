package org.styletransfer.command;

import ij.IJ;
import ij.ImagePlus;
import ij.macro.Interpreter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.testutil.ClosingReaderStack;
import org.styletransfer.testutil.ProgressProbe;

import java.nio.file.Path;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.*;
import static org.styletransfer.testutil.ImageWindows.closeLikeItsWindow;
import static org.styletransfer.testutil.ProgressProbe.nth;

/**
 * The user closes the image being styled (or a style image) while a command runs. The commands
 * hold what they read from the start, so the run finishes, with exactly the pixels of a run on an
 * image left open, and no exception. Only a virtual source whose planes can no longer be read once
 * closed stops a run: the planes finished are kept in a result titled "(partial: ...)"; with none
 * finished, the message names the image. Images are closed as closing their window does (flushed),
 * from the progress callback of the running command or from another thread.
 */
class ClosedSourceTest {
    private static final int PLANES = 3;

    @TempDir
    static Path tmp;
    private static Path net;
    private static ImagePlus fastReference;

    @BeforeAll
    static void setUp() {
        net = styleNet(tmp, true, 1);
        fastReference = FastStyleCommand.run(movie(), fast(net), Progress.NONE).image();
    }

    private static ImagePlus movie() {
        return rgbMovie("clip.avi", 40, 32, PLANES, 0);
    }

    /** A progress that closes {@code imp} at the first status containing the n-th {@code text}, on this or another thread. */
    private static ProgressProbe closeAt(ImagePlus imp, String text, int n, boolean otherThread) {
        return ProgressProbe.atStatus(nth(text, n), () -> {
            if (!otherThread) {
                closeLikeItsWindow(imp);
                return;
            }
            Thread closer = new Thread(() -> closeLikeItsWindow(imp), "user closing the window");
            closer.start();
            try {
                closer.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @ParameterizedTest(name = "closed from another thread: {0}, pipelined to output_folder: {1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void fastStyleFinishesFromThePlanesItHolds(boolean otherThread, boolean toFolder) {
        ImagePlus source = movie();
        Path folder = tmp.resolve("fast-" + otherThread + "-" + toFolder);
        ParamValues v = fast(net);
        if (toFolder) v.set(FastStyleSpec.OUTPUT_FOLDER, folder.toString());

        StyleResult r = FastStyleCommand.run(source, v, closeAt(source, "Fast style", 2, otherThread), toFolder);

        assertNull(source.getProcessor(), "the source was closed");
        assertTrue(r.complete());
        assertEquals("clip-net-true-1", r.image().getTitle());
        assertSamePlanes(fastReference, r.image(), PLANES);
        if (toFolder) assertPlaneFiles(folder, PLANES);
    }

    @Test
    void fastStyleReadsOnFromAClosedVirtualStack() {
        ImagePlus source = onDisk(movie(), tmp.resolve("frames"));
        StyleResult r = FastStyleCommand.run(source, fast(net), closeAt(source, "Fast style", 2, false));
        assertTrue(r.complete());
        assertSamePlanes(fastReference, r.image(), PLANES);
    }

    @Test
    void aReaderClosedWithItsImageStopsTheRunWithThePlanesDone() {
        ImagePlus source = new ClosingReaderStack(movie().getStack(), 0).open("clip.avi");

        StyleResult r = FastStyleCommand.run(source, fast(net), closeAt(source, "Fast style", 2, false));

        String note = "(partial: 'clip.avi' was closed after 2 of 3 frames)";
        assertTrue(r.cancelled());
        assertEquals(2, r.planes());
        assertEquals(2, r.image().getStackSize());
        assertEquals("clip-net-true-1 " + note, r.image().getTitle());
        assertTrue(r.summary("net").endsWith(note), r.summary("net"));
        assertSamePlanes(fastReference, r.image(), 2);
    }

    @Test
    void aReaderClosedBeforeTheFirstPlaneIsAMessageNamingTheImage() {
        ImagePlus source = new ClosingReaderStack(movie().getStack(), 0).open("clip.avi");
        StyleTransferException e = assertThrows(StyleTransferException.class,
            () -> FastStyleCommand.run(source, fast(net), closeAt(source, "Loading model", 1, false)));
        assertTrue(e.getMessage().startsWith("'clip.avi' was closed before its first plane was styled"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Fast Style", "Neural Style", "Interpolation"})
    void anImageClosedBeforeTheRunIsAMessageNamingIt(String command) {
        ImagePlus source = movie();
        closeLikeItsWindow(source);
        Function<ImagePlus, StyleResult> run = switch (command) {
            case "Fast Style" -> imp -> FastStyleCommand.run(imp, fast(net), Progress.NONE);
            case "Neural Style" -> imp -> NeuralStyleCommand.run(imp, neural(), Progress.NONE, NeuralStyleListener.NONE);
            default -> imp -> InterpolationCommand.run(imp, interpolation(), Progress.NONE, NeuralStyleListener.NONE);
        };
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> run.apply(source));
        assertTrue(e.getMessage().startsWith("'clip.avi' was closed before it could be read"), e.getMessage());
    }

    @Test
    void neuralStyleFinishesWhenTheSourceIsClosedBetweenPlanes() {
        ParamValues v = neural();
        ImagePlus expected = NeuralStyleCommand.run(movie(), v, Progress.NONE, NeuralStyleListener.NONE).image();
        ImagePlus source = movie();

        StyleResult r = NeuralStyleCommand.run(source, v, closeAt(source, "Preparing", 2, true), NeuralStyleListener.NONE);

        assertTrue(r.complete());
        assertEquals(PLANES, r.planes());
        assertSamePlanes(expected, r.image(), PLANES);
    }

    @Test
    void theEvolutionOfAClosedSourceIsStillMade() {
        ParamValues v = neural().set(NeuralStyleSpec.PLANES, PlaneScope.CURRENT)
            .set(NeuralStyleSpec.KEEP_EVOLUTION, 1);
        ImagePlus expected = NeuralStyleCommand.run(movie(), v, Progress.NONE, NeuralStyleListener.NONE).image();
        ImagePlus source = movie();

        StyleResult r = NeuralStyleCommand.run(source, v, closeAt(source, "iteration", 1, false), NeuralStyleListener.NONE);

        assertEquals(4, r.image().getNFrames(), "3 iterations and the result");
        assertSamePlanes(expected, r.image(), 4);
    }

    @Test
    void aStyleWindowClosedDuringTheRunWasReadBefore() {
        ParamValues byFile = neural();
        ImagePlus expected = NeuralStyleCommand.run(movie(), byFile, Progress.NONE, NeuralStyleListener.NONE).image();
        ImagePlus style = IJ.openImage(styleFile("starry_night.jpg"));
        boolean batch = Interpreter.batchMode;
        Interpreter.batchMode = true;
        try {
            // An open image found by its title, as the dialog's "Pick style" names it.
            Interpreter.addBatchModeImage(style);
            ParamValues byTitle = neural().set(NeuralStyleSpec.STYLE, style.getTitle());

            StyleResult r = NeuralStyleCommand.run(movie(), byTitle, closeAt(style, "iteration", 1, true),
                NeuralStyleListener.NONE);

            assertNull(style.getProcessor(), "the style was closed");
            assertTrue(r.complete());
            assertEquals(expected.getTitle(), r.image().getTitle());
            assertSamePlanes(expected, r.image(), PLANES);
        } finally {
            Interpreter.removeBatchModeImage(style);
            Interpreter.batchMode = batch;
        }
    }

    @Test
    void interpolationFinishesWhenTheSourceIsClosedAtStep2() {
        ImagePlus expected = InterpolationCommand.run(movie(), interpolation(), Progress.NONE, NeuralStyleListener.NONE).image();
        ImagePlus source = movie();

        StyleResult r = InterpolationCommand.run(source, interpolation(), closeAt(source, "Step 2/3", 1, false),
            NeuralStyleListener.NONE);

        assertFalse(r.cancelled());
        assertEquals(3, r.image().getNFrames());
        assertSamePlanes(expected, r.image(), 3);
    }

    private static ParamValues interpolation() {
        return quick(InterpolationSpec.spec()).set(InterpolationSpec.STYLE_A, styleFile("starry_night.jpg"))
            .set(InterpolationSpec.STYLE_B, styleFile("the_scream.jpg")).set(InterpolationSpec.STEPS, 3)
            .set(NeuralStyleSpec.ITERATIONS, 2);
    }
}
