package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.command.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Neural Style Transfer... in a real ImageJ: the dialog opens (screenshot in
 * {@code target/screenshots/neural-style-dialog.png}), records the spec's keys with exact numbers,
 * shows the result; and the recorded line, replayed by a fresh headless ImageJ, gives the same
 * pixels. Small image, few iterations and a fixed noise seed keep it to seconds.
 */
class NeuralStyleDialogIT {
    private static final Path IMAGE = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
    private static final Path STYLE = Paths.get("..", "shared", "images", "style", "starry_night.jpg")
        .toAbsolutePath().normalize();
    private static Path out;
    private static Path screenshot;
    private static String driverOutput;

    @BeforeAll
    static void driveTheDialog() throws IOException {
        ImageJProcess.assumePackagedJar();
        ImageJProcess.assumeXvfb();
        ImageJProcess.assumeSharedModels();
        out = ImageJProcess.buildDir().resolve("it").resolve("neural-dialog");
        screenshot = ImageJProcess.buildDir().resolve("screenshots").resolve("neural-style-dialog.png");
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("dialog-result.tif"));
        CommandSpec spec = NeuralStyleSpec.spec();
        List<String> args = new ArrayList<>(List.of(IMAGE.toString(), out.toString(), screenshot.toString(),
            "Neural Style Transfer...", spec.title(),
            field(spec, NeuralStyleSpec.STYLE, STYLE.toString()),
            field(spec, NeuralStyleSpec.ITERATIONS, "6"),
            field(spec, NeuralStyleSpec.MAX_SIZE, "64"),
            field(spec, NeuralStyleSpec.SEED, "7"),
            field(spec, NeuralStyleSpec.INIT, NeuralStyleSettings.Init.NOISE.label()),
            field(spec, NeuralStyleSpec.PROVIDER, "CPU"),
            field(spec, NeuralStyleSpec.PREVIEW_EVERY, "2")));
        driverOutput = ImageJProcess.main(DialogDriver.class, args, Duration.ofSeconds(120)).assertOk().output();
    }

    /** The DialogDriver change that sets {@code key}: its field's kind letter and index among that kind. */
    static String field(CommandSpec spec, String key, String value) {
        Param target = spec.params().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
        char kind = switch (target.kind()) {
            case NUMBER, INTEGER -> 'n';
            case STRING -> 's';
            case CHOICE -> 'c';
            case BOOLEAN -> throw new IllegalArgumentException("no checkbox changes");
        };
        long index = spec.params().stream().takeWhile(p -> p != target)
            .filter(p -> kindLetter(p) == kind).count();
        return kind + Long.toString(index) + "=" + value;
    }

    private static char kindLetter(Param p) {
        return switch (p.kind()) {
            case NUMBER, INTEGER -> 'n';
            case STRING -> 's';
            case CHOICE -> 'c';
            case BOOLEAN -> 'b';
        };
    }

    @Test
    void dialogScreenshotWasTaken() {
        ImagePlus shot = IJ.openImage(screenshot.toString());
        assertNotNull(shot, "no screenshot at " + screenshot);
        assertTrue(shot.getWidth() > 300 && shot.getHeight() > 400, shot.getWidth() + "x" + shot.getHeight());
    }

    @Test
    void recorderRecordsTheSpecKeysWithExactNumbers() throws IOException {
        String recorded = Files.readString(out.resolve("recorded.txt")).trim();
        assertTrue(recorded.startsWith("run(\"Neural Style Transfer...\", \"style=" + STYLE), driverOutput);
        for (String part : List.of(" iterations=6 ", " init=noise ", " seed=7 ", " max_size=64 ", " provider=CPU ",
            " tv_weight=0.001 ", " tolerance=0.00001 ", " iterations_coarse=100 ")) {
            assertTrue(recorded.contains(part), part + " missing in " + recorded);
        }
        assertFalse(recorded.contains("pick_"), "the image picker must not be recorded: " + recorded);
    }

    @Test
    void resultIsShownAndSummaryLogged() throws IOException {
        ImagePlus result = IJ.openImage(out.resolve("dialog-result.tif").toString());
        assertEquals(TestImageGenerator.SHAPES_W, result.getWidth());
        assertEquals(TestImageGenerator.SHAPES_H, result.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, result.getType());
        String log = Files.readString(out.resolve("log.txt"));
        assertTrue(log.contains("starry_night: 1 plane in") && log.contains("6 iterations, last loss"),
            "summary lines missing from the Log:\n" + log);
    }

    @Test
    void recordedLineReplaysHeadlessToTheSamePixels() throws IOException {
        ImagePlus[] results = ImageJProcess.replayRecorded(out, IMAGE);
        ImagePlus a = results[0];
        ImagePlus b = results[1];
        assertArrayEquals((int[]) a.getProcessor().getPixels(), (int[]) b.getProcessor().getPixels(),
            "the replayed result differs from the dialog's");
    }
}
