package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.testutil.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optimisation example macros ({@code macros/neural_style.ijm}, {@code macros/interpolate_styles.ijm})
 * run headless ({@code -batch}) in a plain ImageJ with the packaged plugin and write their files;
 * a missing style stops a batch macro with the user-facing message.
 */
class NeuralStyleMacroIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Path SHAPES = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
    private static Path out;

    @BeforeAll
    static void prepare() throws IOException {
        out = ImageJProcess.macroOutputFolder("neural-macros");
    }

    private static String run(String macro, String argument) {
        return ImageJProcess.runExampleMacro(macro, argument, TIMEOUT);
    }

    private static ImagePlus open(Path file, String output) {
        return ImageJProcess.openWritten(file, output);
    }

    @Test
    void neuralStyleMacroSavesTheStylisedImage() throws IOException {
        ImageJProcess.assumeSharedModels();
        Path result = out.resolve("shapes-neural.tif");
        Files.deleteIfExists(result);
        String output = run("neural_style.ijm", "input=[" + ImageJProcess.macroPath(SHAPES) + "] output=["
            + ImageJProcess.macroPath(result) + "] size=64 iterations=5");
        ImagePlus imp = open(result, output);
        assertEquals(TestImageGenerator.SHAPES_W, imp.getWidth());
        assertEquals(TestImageGenerator.SHAPES_H, imp.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, imp.getType());
        assertTrue(output.contains("starry_night: 1 plane in") && output.contains("5 iterations, last loss"), output);
    }

    @Test
    void neuralStyleMacroStartsFromAFastStyleModel() throws IOException {
        ImageJProcess.assumeSharedModels();
        Path result = out.resolve("shapes-wave.tif");
        Files.deleteIfExists(result);
        String style = ImageJProcess.macroPath(SharedData.styleImage("great_wave.jpg"));
        String output = run("neural_style.ijm", "input=[" + ImageJProcess.macroPath(SHAPES) + "] style=[" + style
            + "] output=[" + ImageJProcess.macroPath(result) + "] size=64 iterations=3 init_model=wave");
        ImagePlus imp = open(result, output);
        assertEquals(TestImageGenerator.SHAPES_W, imp.getWidth());
        assertTrue(output.contains("great_wave: 1 plane in") && output.contains("3 iterations, last loss"), output);
    }

    @Test
    void neuralStyleMacroStartsFromTheImageInTheStylesColours() throws IOException {
        ImageJProcess.assumeSharedModels();
        Path result = out.resolve("shapes-colours.tif");
        Files.deleteIfExists(result);
        Path style = SharedData.styleImage("great_wave.jpg");
        String output = run("neural_style.ijm", "input=[" + ImageJProcess.macroPath(SHAPES) + "] style=["
            + ImageJProcess.macroPath(style) + "] output=[" + ImageJProcess.macroPath(result)
            + "] size=64 iterations=1 init=colours");
        double[] styled = meanRgb(open(result, output));
        double[] painting = meanRgb(IJ.openImage(style.toString()));
        double[] photo = meanRgb(IJ.openImage(SHAPES.toString()));
        // One iteration from the start barely moves it: the colours are the painting's already.
        assertTrue(distance(styled, painting) < 0.3 * distance(photo, painting),
            "mean colour " + java.util.Arrays.toString(styled) + ", painting " + java.util.Arrays.toString(painting)
                + ", photo " + java.util.Arrays.toString(photo));
    }

    private static double[] meanRgb(ImagePlus imp) {
        int[] pixels = (int[]) imp.getProcessor().convertToRGB().getPixels();
        double[] mean = new double[3];
        for (int p : pixels) {
            mean[0] += ((p >> 16) & 0xff) / (double) pixels.length;
            mean[1] += ((p >> 8) & 0xff) / (double) pixels.length;
            mean[2] += (p & 0xff) / (double) pixels.length;
        }
        return mean;
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    @Test
    void interpolationMacroSavesOneFramePerStep() throws IOException {
        ImageJProcess.assumeSharedModels();
        Path result = out.resolve("shapes-interpolated.tif");
        Files.deleteIfExists(result);
        String output = run("interpolate_styles.ijm", "output=[" + ImageJProcess.macroPath(result)
            + "] steps=2 size=64 iterations=3");
        ImagePlus imp = open(result, output);
        assertEquals(2, imp.getNFrames(), output);
        assertEquals(TestImageGenerator.SHAPES_W, imp.getWidth());
        assertEquals("t=0.000", imp.getStack().getSliceLabel(1));
        assertEquals("t=1.000", imp.getStack().getSliceLabel(2));
        assertTrue(output.contains("Saved 2 frames"), output);
    }

    @Test
    void missingStyleFileStopsTheBatchMacroWithTheMessage() throws IOException {
        Path macro = ImageJProcess.writeMacro(out, "missing_style.ijm",
            "open(\"" + ImageJProcess.macroPath(SHAPES) + "\");\n"
                + "run(\"Neural Style Transfer...\", \"style=/no/such/style.jpg iterations=2\");\nprint(\"after\");\n");
        String output = ImageJProcess.batch(macro, null, TIMEOUT).assertOk().output();
        assertTrue(output.contains("Neural Style Transfer: style: '/no/such/style.jpg' is neither the title of an open"
            + " image nor an existing file"), output);
        assertFalse(output.contains("Exception"), "a stack trace was shown:\n" + output);
        assertFalse(output.lines().anyMatch(l -> l.trim().equals("after")), "the macro went on after the error:\n" + output);
    }
}
