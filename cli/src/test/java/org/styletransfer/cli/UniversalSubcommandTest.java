package org.styletransfer.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.testutil.StandInDecoders;
import org.styletransfer.vgg.VggWeightsReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code universal} subcommand end to end, with stand-in decoders, and its one-line errors. */
class UniversalSubcommandTest {
    @TempDir
    Path dir;

    @Test
    void stylisesAnImageFileWithTheSpecsOptions() {
        Path decoders = StandInDecoders.write(dir.resolve("decoders"),
            VggWeightsReader.read(SharedData.model("vgg19_keras_tfjs_partial/model.json")));
        Path input = dir.resolve("in.png");
        new FileSaver(IJ.createImage("in", "RGB ramp", 80, 60, 1)).saveAsPng(input.toString());
        Path output = dir.resolve("out.png");
        MainTest.Outcome o = MainTest.main("universal", input.toString(), output.toString(),
            "--style", SharedData.styleImage("the_scream.jpg").toString(), "--method", "adain", "--levels", "2",
            "--decoders", decoders.toString());
        assertEquals(Main.OK, o.status(), o.err());
        assertTrue(o.out().startsWith("universal the_scream: 1 plane in"), o.out());
        ImagePlus after = IJ.openImage(output.toString());
        assertEquals(80, after.getWidth());
        assertFalse(Arrays.equals((int[]) IJ.openImage(input.toString()).getProcessor().getPixels(),
            (int[]) after.getProcessor().getPixels()), "the output equals the input");
    }

    @Test
    void aMissingStyleIsAOneLineUserError() {
        Path input = dir.resolve("in.png");
        new FileSaver(IJ.createImage("in", "RGB ramp", 32, 32, 1)).saveAsPng(input.toString());
        MainTest.Outcome o = MainTest.main("universal", input.toString(), dir.resolve("o.png").toString());
        assertEquals(Main.USER_ERROR, o.status());
        assertTrue(o.err().startsWith("Error: style is empty"), o.err());
        assertEquals(1, o.err().trim().lines().count(), o.err());
        assertFalse(Files.exists(dir.resolve("o.png")));
    }
}
