package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.command.StyleGallerySpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast Style Transfer's Preview and the Style Gallery as a user meets them in a real ImageJ
 * ({@link PreviewTour}; screenshots {@code target/screenshots/fast-style-preview*.png} and
 * {@code style-gallery.png}), and the gallery's choice recorded through the menu command and
 * replayed headless to the same pixels ({@link DialogDriver}).
 */
class PreviewGalleryIT {
    private static final Path IMAGE = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
    private static Path shots;
    private static Path out;
    private static List<String> lines;

    @BeforeAll
    static void tour() throws IOException {
        ImageJProcess.assumePackagedJar();
        ImageJProcess.assumeXvfb();
        ImageJProcess.assumeSharedModels();
        shots = ImageJProcess.buildDir().resolve("screenshots");
        lines = ImageJProcess.mainOnTestClassPath(PreviewTour.class, List.of(IMAGE.toString(), shots.toString()),
            Duration.ofSeconds(120)).assertOk().output().lines().toList();
        out = ImageJProcess.buildDir().resolve("it").resolve("gallery");
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("dialog-result.tif"));
        ImageJProcess.main(DialogDriver.class, List.of(IMAGE.toString(), out.toString(),
            shots.resolve("style-gallery-dialog.png").toString(), "Style Gallery...", StyleGallerySpec.spec().title(),
            "c0=mosaic"), Duration.ofSeconds(120)).assertOk();
    }

    private static String value(String key) {
        return lines.stream().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1))
            .findFirst().orElseThrow(() -> new AssertionError(key + " missing:\n" + String.join("\n", lines)));
    }

    @Test
    void previewShowsTheStylisedPlaneOverTheImageAndFollowsTheOptions() {
        assertEquals(TestImageGenerator.SHAPES_W + " " + TestImageGenerator.SHAPES_H, value("PREVIEW_REGION"));
        assertTrue(Files.isRegularFile(shots.resolve("fast-style-preview.png")));
    }

    @Test
    void aLargeImageIsPreviewedInARegionOfIt() {
        assertEquals(LivePreview.MAX_EDGE + " " + LivePreview.MAX_EDGE, value("LARGE_REGION"));
        assertEquals("true", value("LARGE_RESTORED"));
    }

    @Test
    void cancellingRestoresTheImageWhichWasNeverModified() {
        assertEquals("true", value("RESTORED"));
        assertEquals("true", value("RESTORED_PIXELS"));
    }

    @Test
    void cancellingWhileThePreviewRunsLeavesTheImageAsItWas() {
        assertEquals("true", value("MIDRUN_RESTORED"));
        assertEquals("true", value("MIDRUN_RESTORED_PIXELS"));
    }

    @Test
    void theGalleryShowsEveryInstalledStyleLabelled() {
        String[] g = value("GALLERY").split(" ");
        int pictures = Integer.parseInt(g[2]);
        assertTrue(pictures >= 3, "original and at least two styles: " + pictures);
        // Pictures of at most EDGE pixels in a near-square grid, with their labels.
        int columns = (int) Math.ceil(Math.sqrt(pictures));
        assertTrue(Integer.parseInt(g[0]) <= columns * (StyleGallerySpec.EDGE + 4), value("GALLERY"));
        assertTrue(Files.isRegularFile(shots.resolve("style-gallery.png")));
    }

    @Test
    void theChosenStyleIsRecordedAndReplaysHeadlessToTheSamePixels() throws IOException {
        String recorded = Files.readString(out.resolve("recorded.txt")).trim();
        assertEquals("run(\"Style Gallery...\", \"model=mosaic\");", recorded);
        ImagePlus[] results = ImageJProcess.replayRecorded(out, IMAGE);
        assertNotNull(results[0]);
        assertTrue(java.util.Arrays.equals((int[]) results[0].getProcessor().getPixels(),
            (int[]) results[1].getProcessor().getPixels()), "the replayed result differs from the dialog's");
    }
}
