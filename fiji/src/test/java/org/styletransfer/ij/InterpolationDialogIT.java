package org.styletransfer.ij;

import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.InterpolationSpec;
import org.styletransfer.command.NeuralStyleSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Style Interpolation Sequence... through its dialog in a real ImageJ: the recorded line replays
 * headless to the same pixels, frame for frame, and the sequence's flicker is shown as a plot
 * (screenshots {@code target/screenshots/interpolation-run-dialog*.png}). Tiny frames and few
 * iterations keep it to seconds.
 */
class InterpolationDialogIT {
    private static final Path IMAGE = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
    private static final Path STYLES = Paths.get("..", "shared", "images", "style").toAbsolutePath().normalize();
    private static Path out;
    private static String driverOutput;

    @BeforeAll
    static void driveTheDialog() throws IOException {
        ImageJProcess.assumePackagedJar();
        ImageJProcess.assumeXvfb();
        ImageJProcess.assumeSharedModels();
        out = ImageJProcess.buildDir().resolve("it").resolve("interpolation-dialog");
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("dialog-result.tif"));
        CommandSpec spec = InterpolationSpec.spec();
        Path screenshot = ImageJProcess.buildDir().resolve("screenshots").resolve("interpolation-run-dialog.png");
        driverOutput = ImageJProcess.main(DialogDriver.class, List.of(IMAGE.toString(), out.toString(),
            screenshot.toString(), "Style Interpolation Sequence...", spec.title(),
            DialogDriver.change(spec, InterpolationSpec.STYLE_A, STYLES.resolve("starry_night.jpg").toString()),
            DialogDriver.change(spec, InterpolationSpec.STYLE_B, STYLES.resolve("the_scream.jpg").toString()),
            DialogDriver.change(spec, InterpolationSpec.STEPS, "3"),
            DialogDriver.change(spec, NeuralStyleSpec.ITERATIONS, "3"),
            DialogDriver.change(spec, NeuralStyleSpec.MAX_SIZE, "48"),
            DialogDriver.change(spec, NeuralStyleSpec.PROVIDER, "CPU")), Duration.ofSeconds(150)).assertOk().output();
    }

    @Test
    void theFlickerOfTheSequenceIsPlotted() {
        assertTrue(driverOutput.contains("PLOT ") && driverOutput.contains(" flicker"), driverOutput);
    }

    @Test
    void recordedLineReplaysHeadlessToTheSamePixels() throws IOException {
        String recorded = Files.readString(out.resolve("recorded.txt"));
        assertTrue(recorded.contains("style_a=" + STYLES.resolve("starry_night.jpg")) && recorded.contains(" steps=3 "), recorded);
        ImagePlus[] results = ImageJProcess.replayRecorded(out, IMAGE);
        assertEquals(3, results[0].getStackSize());
        assertEquals(results[0].getStackSize(), results[1].getStackSize());
        for (int i = 1; i <= 3; i++) {
            assertTrue(Arrays.equals((int[]) results[0].getStack().getPixels(i), (int[]) results[1].getStack().getPixels(i)),
                "frame " + i + " of the replay differs from the dialog's");
        }
    }
}
