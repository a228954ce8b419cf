package org.styletransfer.ij;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's dialog as a user on a 1366x768 laptop sees it ({@link DialogTour} in a real
 * ImageJ on an Xvfb screen of that size): it fits, folded and with its advanced options; labels
 * are words under headings; paths have "Browse..."; the style picture shows as a thumbnail; a
 * preset and "Defaults" fill in the fields; the last values come back; and a style picked among
 * the open images is recorded as its file. Screenshots: {@code target/screenshots/*-dialog.png}.
 */
class DialogLayoutIT {
    /** The laptop screen the dialogs must fit, less the task bar. */
    static final int SCREEN_W = 1366;
    static final int SCREEN_H = 768;
    private static final int TASK_BAR = 40;
    private static final Path STYLE = Paths.get("..", "shared", "images", "style", "starry_night.jpg")
        .toAbsolutePath().normalize();
    private static Path shots;
    private static List<String> lines;

    @BeforeAll
    static void tour() {
        ImageJProcess.assumeXvfb();
        ImageJProcess.assumeSharedModels(); // and the pictures beside them
        shots = ImageJProcess.buildDir().resolve("screenshots");
        Path image = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
        lines = ImageJProcess.onScreen(SCREEN_W, SCREEN_H, DialogTour.class,
            List.of(image.toString(), STYLE.toString(), shots.toString()), Duration.ofSeconds(90))
            .assertOk().output().lines().toList();
    }

    private static String value(String key) {
        return lines.stream().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1))
            .findFirst().orElseThrow(() -> new AssertionError(key + " missing:\n" + String.join("\n", lines)));
    }

    @Test
    void everyDialogFitsALaptopScreenFoldedAndUnfolded() {
        List<String> sizes = lines.stream().filter(l -> l.startsWith("SIZE ")).toList();
        assertEquals(7, sizes.size(), String.join("\n", lines));
        List<String> tooBig = new ArrayList<>();
        for (String line : sizes) {
            String[] f = line.split(" ");
            if (Integer.parseInt(f[2]) > SCREEN_W || Integer.parseInt(f[3]) > SCREEN_H - TASK_BAR) tooBig.add(line);
            assertTrue(Files.isRegularFile(shots.resolve(f[1] + "-dialog.png")), "no screenshot of " + f[1]);
        }
        assertTrue(tooBig.isEmpty(), "too big for " + SCREEN_W + "x" + SCREEN_H + ": " + tooBig);
    }

    @Test
    void labelsAreWordsUnderHeadingsAndAdvancedOptionsWaitForTheButton() {
        String folded = value("LABELS neural-style");
        String unfolded = value("LABELS neural-style-advanced");
        assertTrue(folded.startsWith("Style|Style picture|"), folded);
        assertTrue(folded.contains("|Quality|") && !folded.contains("Total variation weight"), folded);
        assertTrue(unfolded.contains("|Total variation weight|") && unfolded.contains("|VGG-19 weights (optional)|"),
            unfolded);
        assertTrue(value("LABELS fast-style").contains("|Strength|"), value("LABELS fast-style"));
    }

    @Test
    void everyPathOptionHasABrowseButton() {
        assertEquals("2", value("BROWSE fast-style"));            // model file, output folder
        assertEquals("4", value("BROWSE neural-style"));          // style, vgg, start image, start model
        assertEquals("5", value("BROWSE interpolation"));         // both styles, vgg, start image, start model
        assertEquals("1", value("BROWSE models"));                // file to import
    }

    @Test
    void theChosenStyleShowsAsAThumbnail() {
        assertEquals("true", value("THUMBNAIL neural-style"));
    }

    @Test
    void aPresetFillsInItsOptionsAndDefaultsPutsThemBack() {
        assertEquals("40", value("QUICK_ITERATIONS"));
        assertEquals("Balanced", value("DEFAULT_QUALITY"));
        assertEquals("100", value("DEFAULT_ITERATIONS"));
    }

    @Test
    void theDialogOffersTheLastValuesUsed() {
        assertEquals("0.6", value("FIRST_STRENGTH"));
        assertEquals("0.60", value("REOPENED_STRENGTH"));
    }

    @Test
    void aTruncatedModelGivesAMessageThatFitsTheScreenAndSaysItOnce() {
        String[] size = value("ERROR_DIALOG").split(" ");
        assertTrue(Integer.parseInt(size[0]) < 700, "error dialog " + value("ERROR_DIALOG") + " wide");
        String text = value("ERROR_TEXT");
        assertTrue(text.contains("candy") || text.contains("truncated"), text);
        assertTrue(text.indexOf("download or export it again") == text.lastIndexOf("download or export it again"), text);
        assertTrue(!text.contains("byte offset") && !text.contains("field 7"), text);
    }

    @Test
    void aStylePickedAmongTheOpenImagesIsRecordedAsItsFile() {
        assertEquals("starry_night.jpg", value("PICKED"));
        assertTrue(value("RECORDED").startsWith("style=" + STYLE + " "), value("RECORDED"));
    }
}
