package org.styletransfer.command;

import ij.ImagePlus;
import ij.plugin.FolderOpener;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.gatys.NeuralStyleListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.*;

/**
 * A virtual stack (an image sequence opened virtually) whose files were deleted or damaged after
 * it was opened: ImageJ then gives a white "File not found" picture for those planes instead of
 * failing. The commands do not stylise such pictures: those planes are blank in the result and
 * labelled so, the title and summary name them, and the result is marked partial; the other planes
 * are exactly those of a run on the intact sequence.
 */
class UnreadablePlanesTest {
    private static final int PLANES = 5;

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
        return rgbMovie("clip", 40, 32, PLANES, 0);
    }

    /** The movie written as an image sequence into {@code dir}, opened again as File > Import > Image Sequence (virtual) does. */
    private static ImagePlus sequence(Path dir) {
        onDisk(movie(), dir);
        ImagePlus imp = FolderOpener.open(dir.toString(), "virtual");
        imp.setTitle("clip");
        assertTrue(imp.getStack().isVirtual());
        assertEquals(PLANES, imp.getStackSize());
        return imp;
    }

    /** Deletes the files of planes {@code deleted} and writes {@code damaged} over with bytes that are no image. */
    private static void spoil(Path dir, Set<Integer> deleted, Set<Integer> damaged) throws IOException {
        for (int p : deleted) Files.delete(dir.resolve(String.format("frame_%05d.tif", p)));
        for (int p : damaged) Files.writeString(dir.resolve(String.format("frame_%05d.tif", p)), "not a TIFF");
    }

    @ParameterizedTest(name = "pipelined to output_folder: {0}")
    @CsvSource({"false", "true"})
    void fastStyleLeavesUnreadablePlanesBlankAndSaysWhich(boolean toFolder) throws IOException {
        Path dir = tmp.resolve("sequence-" + toFolder);
        ImagePlus source = sequence(dir);
        spoil(dir, Set.of(2, 3), Set.of(5));
        ParamValues v = fast(net);
        if (toFolder) v.set(FastStyleSpec.OUTPUT_FOLDER, tmp.resolve("out-" + toFolder).toString());

        StyleResult r = FastStyleCommand.run(source, v, Progress.NONE, toFolder);

        String note = "(partial: planes 2-3, 5 of 5 could not be read and are blank)";
        assertTrue(r.cancelled() && !r.complete(), "marked partial");
        assertEquals("clip-net-true-1 " + note, r.image().getTitle());
        assertTrue(r.summary("net").contains(note), r.summary("net"));
        assertEquals(2, r.planes(), "planes stylised");
        assertEquals(PLANES, r.image().getStackSize(), "the planes keep their places");
        for (int p = 1; p <= PLANES; p++) {
            ImageProcessor actual = r.image().getStack().getProcessor(p);
            String label = r.image().getStack().getSliceLabel(p);
            if (p == 1 || p == 4) {
                assertTrue(Objects.deepEquals(fastReference.getStack().getProcessor(p).getPixels(), actual.getPixels()),
                    "plane " + p + " differs");
            } else {
                assertTrue(isBlank(actual), "plane " + p + " is blank");
                assertTrue(label.startsWith("not read: "), label);
            }
        }
    }

    @Test
    void neuralStyleLeavesAnUnreadablePlaneBlank() throws IOException {
        Path dir = tmp.resolve("neural");
        ImagePlus source = sequence(dir);
        spoil(dir, Set.of(1, 2, 3), Set.of());
        ParamValues v = neural();
        ImagePlus expected = NeuralStyleCommand.run(movie(), v, Progress.NONE, NeuralStyleListener.NONE).image();

        StyleResult r = NeuralStyleCommand.run(source, v, Progress.NONE, NeuralStyleListener.NONE);

        assertTrue(r.cancelled());
        assertEquals("clip-starry_night (partial: planes 1-3 of 5 could not be read and are blank)",
            r.image().getTitle());
        assertEquals(2, r.planes());
        for (int p = 1; p <= 3; p++) assertTrue(isBlank(r.image().getStack().getProcessor(p)), "plane " + p);
        assertFalse(isBlank(r.image().getStack().getProcessor(4)));
    }

    @Test
    void noReadablePlaneIsAMessageNotAResult() throws IOException {
        Path dir = tmp.resolve("gone");
        ImagePlus source = sequence(dir);
        spoil(dir, Set.of(1, 2, 3, 4, 5), Set.of());
        StyleTransferException e = assertThrows(StyleTransferException.class,
            () -> FastStyleCommand.run(source, fast(net), Progress.NONE));
        assertTrue(e.getMessage().startsWith("No plane of 'clip' could be read (planes 1-5)"), e.getMessage());
    }

    private static boolean isBlank(ImageProcessor ip) {
        for (int i = 0; i < ip.getPixelCount(); i++) {
            if ((ip.get(i) & 0xffffff) != 0) return false;
        }
        return true;
    }
}
