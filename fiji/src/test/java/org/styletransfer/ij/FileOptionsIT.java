package org.styletransfer.ij;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.onnx.TestModels;
import org.styletransfer.testutil.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every option that names a picture file, given a file that is no picture, in a real
 * {@code -batch} ImageJ: the job ends within a minute with one line naming the file, instead of
 * waiting for ever on ImageJ's modal error dialog. The error stops the macro, so each case is a
 * process of its own.
 */
class FileOptionsIT {
    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final String NEEDS = " needs a picture: PNG, JPEG or TIFF (or the title of an open image).";
    private static Path out;
    private static Path model;
    private static Path brokenPng;

    @BeforeAll
    static void prepare() throws IOException {
        out = ImageJProcess.macroOutputFolder("file-options");
        model = TestModels.imageToImage(out.resolve("model.onnx"), false, 1);
        brokenPng = Files.write(out.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    }

    /** A file option of a command, the value it gets, and the line ImageJ must end with. */
    private record Case(String command, String options, String option, Path file, String problem) {
        String expected() {
            return "'" + file.toAbsolutePath().normalize() + "' " + problem + "; " + option + NEEDS;
        }
    }

    @Test
    void everyPictureOptionRefusesAModelWithOneLine() throws IOException {
        ImageJProcess.assumeSharedModels();
        String style = ImageJProcess.macroPath(SharedData.styleImage("starry_night.jpg"));
        String onnx = ImageJProcess.macroPath(model);
        String notImage = "is not an image ImageJ can read (it looks like an ONNX model)";
        List<Case> cases = List.of(
            new Case("Neural Style Transfer...", "style=[" + onnx + "]", "style", model, notImage),
            new Case("Neural Style Transfer...", "style=[" + style + "] more_styles=[" + onnx + ":0.3]", "more_styles",
                model, notImage),
            new Case("Neural Style Transfer...", "style=[" + style + "] init=image init_image=[" + onnx + "]",
                "init_image", model, notImage),
            new Case("Style Interpolation Sequence...", "style_a=[" + onnx + "] style_b=[" + style + "]", "style_a",
                model, notImage),
            new Case("Style Interpolation Sequence...", "style_a=[" + style + "] style_b=[" + onnx + "]", "style_b",
                model, notImage),
            // A file of an image type that ImageJ's reader fails on: its error must not become a dialog either.
            new Case("Neural Style Transfer...", "style=[" + ImageJProcess.macroPath(brokenPng) + "]", "style", brokenPng,
                "could not be read as an image (damaged or truncated?)"));
        List<Runnable> checks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path macro = ImageJProcess.writeMacro(out, "case" + i + ".ijm",
                "newImage(\"content\", \"RGB ramp\", 64, 64, 1);\n"
                    + "run(\"" + c.command() + "\", \"" + c.options() + " iterations=2 max_size=64\");\n"
                    + "print(\"after\");\n");
            long start = System.nanoTime();
            String output = ImageJProcess.batch(macro, null, MINUTE).assertOk().output();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            checks.add(() -> {
                assertTrue(output.contains(": " + c.expected()),
                    c.option() + ": expected the line\n" + c.expected() + "\nImageJ said (" + seconds + " s):\n" + output);
                assertFalse(output.lines().anyMatch(l -> l.trim().equals("after")), c.option() + ": the macro went on:\n" + output);
                assertEquals(1, output.lines().filter(l -> l.contains(c.file().getFileName().toString())).count(),
                    c.option() + ": one line names the file:\n" + output);
            });
        }
        assertAll(checks.stream().map(r -> r::run));
    }
}
