package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.plugin.AVI_Reader;
import ij.plugin.filter.AVI_Writer;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.Progress;
import org.styletransfer.onnx.TestModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * (d) The example macros in {@code macros/}, run headless ({@code java -jar ij.jar -batch ...}) in
 * a plain ImageJ with the packaged plugin, write the expected files; and errors stop a batch macro
 * with the user-facing message.
 */
class MacroIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Path IMAGES = Paths.get("test-images").toAbsolutePath();
    private static Path out;

    @BeforeAll
    static void prepare() throws IOException {
        out = ImageJProcess.macroOutputFolder("macros");
    }

    private static String run(String macro, String argument) {
        return ImageJProcess.runExampleMacro(macro, argument, TIMEOUT);
    }

    private static ImagePlus open(Path file, String output) {
        return ImageJProcess.openWritten(file, output);
    }

    @Test
    void stylizeImageUsesTheDefaultTestImage() throws IOException {
        ImageJProcess.assumeSharedModels();
        Path result = out.resolve("shapes-candy.tif");
        Files.deleteIfExists(result);
        String output = run("stylize_image.ijm", "output=[" + ImageJProcess.macroPath(result) + "] model=candy");
        ImagePlus imp = open(result, output);
        assertEquals(TestImageGenerator.SHAPES_W, imp.getWidth());
        assertEquals(TestImageGenerator.SHAPES_H, imp.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, imp.getType());
        assertTrue(output.contains("candy: 1 plane in"), "summary line missing:\n" + output);
    }

    @Test
    void stylizeStackKeepsPlanesTypeAndCalibration() throws IOException {
        ImageJProcess.assumeSharedModels();
        Path result = out.resolve("blobs-mosaic.tif");
        Files.deleteIfExists(result);
        String output = run("stylize_stack.ijm", "input=[" + ImageJProcess.macroPath(IMAGES.resolve(TestImageGenerator.BLOBS16))
            + "] output=[" + ImageJProcess.macroPath(result) + "] model=mosaic strength=0.8");
        ImagePlus imp = open(result, output);
        assertEquals(TestImageGenerator.BLOBS_W, imp.getWidth());
        assertEquals(TestImageGenerator.BLOBS_H, imp.getHeight());
        assertEquals(TestImageGenerator.BLOBS_SLICES, imp.getStackSize());
        assertEquals(ImagePlus.GRAY16, imp.getType());
        assertEquals(0.25, imp.getCalibration().pixelWidth, 1e-9);
        assertEquals("micron", imp.getCalibration().getUnit());
        assertTrue(output.contains("Saved 3 planes"), output);
    }

    @Test
    void batchFolderWritesOneResultPerImage() throws IOException {
        ImageJProcess.assumeSharedModels();
        Path in = out.resolve("batch-in"), results = out.resolve("batch-out");
        recreate(in);
        recreate(results);
        Files.copy(IMAGES.resolve(TestImageGenerator.GRAY8), in.resolve(TestImageGenerator.GRAY8));
        Files.copy(IMAGES.resolve(TestImageGenerator.BLOBS16), in.resolve(TestImageGenerator.BLOBS16));
        Files.writeString(in.resolve("notes.txt"), "not an image\n");
        writeClip(in.resolve("clip.avi"));

        String output = run("batch_folder.ijm", "input=[" + ImageJProcess.macroPath(in) + "] output=["
            + ImageJProcess.macroPath(results) + "] model=candy");

        try (Stream<Path> files = Files.list(results)) {
            assertEquals(3, files.count(), "expected exactly three results:\n" + output);
        }
        ImagePlus gray = open(results.resolve("gray8-candy.tif"), output);
        assertEquals(ImagePlus.GRAY8, gray.getType());
        assertEquals(TestImageGenerator.GRAY_W, gray.getWidth());
        assertEquals(TestImageGenerator.GRAY_H, gray.getHeight());
        ImagePlus blobs = open(results.resolve("blobs16-candy.tif"), output);
        assertEquals(ImagePlus.GRAY16, blobs.getType());
        assertEquals(TestImageGenerator.BLOBS_SLICES, blobs.getStackSize());
        ImagePlus clip = AVI_Reader.open(ImageJProcess.macroPath(results.resolve("clip-candy.avi")), true);
        assertNotNull(clip, "clip-candy.avi was not written:\n" + output);
        assertEquals(CLIP_FRAMES, clip.getStackSize());
        assertEquals(CLIP_W, clip.getWidth());
        assertEquals(CLIP_H, clip.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, clip.getType());
        assertTrue(output.contains("Stylised 2 images and 1 videos"), output);
    }

    private static final int CLIP_W = 64;
    private static final int CLIP_H = 48;
    private static final int CLIP_FRAMES = 5;

    /** A small RGB video with a moving pattern, written with ImageJ's own AVI writer. */
    private static void writeClip(Path file) throws IOException {
        ImageStack stack = new ImageStack(CLIP_W, CLIP_H);
        for (int t = 0; t < CLIP_FRAMES; t++) {
            ColorProcessor cp = new ColorProcessor(CLIP_W, CLIP_H);
            for (int y = 0; y < CLIP_H; y++) {
                for (int x = 0; x < CLIP_W; x++) cp.set(x, y, ((x * 4 + t * 9) & 255) << 16 | ((y * 5) & 255) << 8 | 90);
            }
            stack.addSlice("t" + t, cp);
        }
        ImagePlus clip = new ImagePlus("clip", stack);
        clip.getCalibration().fps = 10;
        new AVI_Writer().writeImage(clip, file.toString(), AVI_Writer.JPEG_COMPRESSION, 90);
    }

    @Test
    void invalidOptionStopsTheBatchMacroWithTheMessage() throws IOException {
        Path result = out.resolve("never.tif");
        Files.deleteIfExists(result);
        String output = run("stylize_image.ijm", "output=[" + ImageJProcess.macroPath(result) + "] model=no_such_style");
        assertTrue(output.contains("'no_such_style' is not a valid model"), output);
        assertFalse(Files.exists(result), "the macro went on after the error");
        assertFalse(output.contains("Saved "), output);
    }

    @Test
    void engineErrorIsShownWithoutStackTraceAndStopsTheMacro() throws IOException {
        Path macro = ImageJProcess.writeMacro(out, "bad_model_file.ijm",
            "open(\"" + ImageJProcess.macroPath(IMAGES.resolve(TestImageGenerator.GRAY8)) + "\");\n"
                + "run(\"Fast Style Transfer...\", \"model_file=/no/such/net.onnx\");\nprint(\"after\");\n");
        String output = ImageJProcess.batch(macro, null, TIMEOUT).assertOk().output();
        assertTrue(output.contains("Fast Style Transfer: '/no/such/net.onnx'"), output);
        assertFalse(output.contains("Exception"), "a stack trace was shown:\n" + output);
        assertFalse(output.lines().anyMatch(l -> l.trim().equals("after")), "the macro went on after the error:\n" + output);
    }

    @Test
    void noImageIsAClearError() throws IOException {
        Path macro = ImageJProcess.writeMacro(out, "no_image.ijm",
            "run(\"Fast Style Transfer...\", \"model=candy\");\nprint(\"after\");\n");
        String output = ImageJProcess.batch(macro, null, TIMEOUT).assertOk().output();
        assertTrue(output.contains("There is no image open"), output);
        assertFalse(output.lines().anyMatch(l -> l.trim().equals("after")), "the macro went on after the error:\n" + output);
    }

    /**
     * A selection made in a macro limits the result to it, as the command run in this JVM on the
     * same image and selection does: outside the source, inside the whole-image result; the source
     * keeps its selection.
     */
    @Test
    void selectionInAMacroLimitsTheResult() throws IOException {
        Path net = out.resolve("selection-net.onnx");
        TestModels.imageToImage(net, true, 7);
        Path image = IMAGES.resolve(TestImageGenerator.SHAPES_RGB);
        Path whole = out.resolve("selection-whole.tif");
        Path limited = out.resolve("selection-oval.tif");
        Files.deleteIfExists(whole);
        Files.deleteIfExists(limited);
        String options = "model_file=[" + ImageJProcess.macroPath(net) + "] provider=CPU tile_overlap=16";
        Path macro = ImageJProcess.writeMacro(out, "selection.ijm", "open(\"" + ImageJProcess.macroPath(image) + "\");\n"
            + "id = getImageID();\n"
            + "run(\"Fast Style Transfer...\", \"" + options + "\");\n"
            + "saveAs(\"Tiff\", \"" + ImageJProcess.macroPath(whole) + "\");\n"
            + "selectImage(id);\nmakeOval(100, 60, 150, 110);\n"
            + "run(\"Fast Style Transfer...\", \"" + options + "\");\n"
            + "saveAs(\"Tiff\", \"" + ImageJProcess.macroPath(limited) + "\");\n"
            + "selectImage(id);\ngetSelectionBounds(x, y, w, h);\n"
            + "print(\"source selection \" + selectionType() + \" \" + x + \",\" + y + \" \" + w + \"x\" + h);\n");
        String output = ImageJProcess.batch(macro, null, TIMEOUT).assertOk().output();
        assertTrue(output.contains("source selection 1 100,60 150x110"), "the source's oval changed:\n" + output);

        ImagePlus source = IJ.openImage(image.toString());
        ImageProcessor src = source.getProcessor();
        ImageProcessor all = open(whole, output).getProcessor();
        ImageProcessor part = open(limited, output).getProcessor();
        OvalRoi oval = new OvalRoi(100, 60, 150, 110);
        int inside = 0;
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                if (!oval.contains(x, y)) {
                    assertEquals(src.get(x, y), part.get(x, y), "outside the oval at " + x + "," + y);
                } else {
                    inside++;
                    for (int shift = 0; shift <= 16; shift += 8) {
                        int d = ((all.get(x, y) >> shift) & 0xff) - ((part.get(x, y) >> shift) & 0xff);
                        assertTrue(Math.abs(d) <= 1, "inside the oval at " + x + "," + y + ": " + d);
                    }
                }
            }
        }
        assertTrue(inside > 10000, "the oval holds " + inside + " pixels");

        source.setRoi(oval);
        ParamValues values = FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL_FILE, net.toString())
            .set(FastStyleSpec.PROVIDER, "CPU").set(FastStyleSpec.TILE_OVERLAP, 16);
        ImageProcessor here = FastStyleCommand.run(source, values, Progress.NONE).image().getProcessor();
        assertArrayEquals((int[]) here.getPixels(), (int[]) part.getPixels(), "the macro and the command differ");
    }

    private static void recreate(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
        }
        Files.createDirectories(dir);
    }
}
