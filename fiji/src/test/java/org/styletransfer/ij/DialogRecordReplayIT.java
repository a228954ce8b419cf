package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * (b) In a real ImageJ, the menu command opens the dialog, records what the user chose and shows
 * the result; (c) the recorded line, replayed by a fresh headless ImageJ, gives the same pixels.
 * {@link DialogDriver} plays the user; the screenshot of the dialog is left in
 * {@code target/screenshots/fast-style-dialog.png} for a human to look at.
 */
class DialogRecordReplayIT {
    private static final Path IMAGE = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
    private static Path out;
    private static Path screenshot;
    private static String driverOutput;

    @BeforeAll
    static void driveTheDialog() throws IOException {
        ImageJProcess.assumePackagedJar();
        ImageJProcess.assumeXvfb();
        ImageJProcess.assumeSharedModels();
        out = ImageJProcess.buildDir().resolve("it").resolve("dialog");
        screenshot = ImageJProcess.buildDir().resolve("screenshots").resolve("fast-style-dialog.png");
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("dialog-result.tif"));
        driverOutput = ImageJProcess.main(DialogDriver.class,
            List.of(IMAGE.toString(), out.toString(), screenshot.toString()), Duration.ofSeconds(150)).assertOk().output();
    }

    @Test
    void dialogScreenshotWasTaken() throws IOException {
        ImagePlus shot = IJ.openImage(screenshot.toString());
        assertNotNull(shot, "no screenshot at " + screenshot);
        // The dialog has ten fields, a message and buttons: clearly more than a title bar.
        assertTrue(shot.getWidth() > 200 && shot.getHeight() > 200, shot.getWidth() + "x" + shot.getHeight());
    }

    @Test
    void recorderRecordsTheSpecKeysWithTheChangedValues() throws IOException {
        String recorded = Files.readString(out.resolve("recorded.txt")).trim();
        assertTrue(recorded.startsWith("run(\"Fast Style Transfer...\", \"model="), driverOutput);
        assertTrue(recorded.endsWith(" model_file=[] blend_with=[] " + DialogDriver.EXPECTED_OPTIONS_TAIL + "\");"), recorded);
    }

    @Test
    void resultIsShownAndTheLogStaysQuiet() throws IOException {
        ImagePlus result = IJ.openImage(out.resolve("dialog-result.tif").toString());
        assertEquals(TestImageGenerator.SHAPES_W, result.getWidth());
        assertEquals(TestImageGenerator.SHAPES_H, result.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, result.getType());
        String log = Files.readString(out.resolve("log.txt"));
        // The status line and the result say it all; the Log is for what needs saying (macros log the summary).
        assertFalse(log.contains(": 1 plane in "), "the Log should stay quiet:\n" + log);
    }

    @Test
    void recordedLineReplaysHeadlessToTheSamePixels() throws IOException {
        ImagePlus[] results = ImageJProcess.replayRecorded(out, IMAGE);
        ImagePlus a = results[0];
        ImagePlus b = results[1];
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        assertEquals(a.getType(), b.getType());
        assertEquals(0, maxChannelDifference((int[]) a.getProcessor().getPixels(), (int[]) b.getProcessor().getPixels()),
            "the replayed result differs from the dialog's");
    }

    private static int maxChannelDifference(int[] a, int[] b) {
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                max = Math.max(max, Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff)));
            }
        }
        return max;
    }
}
