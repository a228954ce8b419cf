package org.styletransfer.planes;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A single RGB plane whose result does not fit in the heap (a child JVM with -Xmx160m) is written
 * to a TIFF row by row, with a one-line note, instead of being refused; the TIFF holds every pixel,
 * and with a selection the source's pixels outside it.
 */
class LargePlaneToDiskTest {
    private static final int W = 1000;
    private static final int H = 12000;

    @TempDir
    Path dir;

    static ColorProcessor pattern(int w, int h) {
        ColorProcessor cp = new ColorProcessor(w, h);
        int[] px = (int[]) cp.getPixels();
        for (int i = 0; i < px.length; i++) {
            int x = i % w;
            int y = i / w;
            px[i] = ((x * 7) & 0xff) << 16 | ((y * 3) & 0xff) << 8 | ((x + y) & 0xff);
        }
        return cp;
    }

    @Test
    void resultTooLargeForTheHeapGoesToATiffWithANote() throws Exception {
        Path tif = runChild(dir.resolve("out"));
        int[] expected = (int[]) pattern(W, H).getPixels();
        int[] actual = pixels(tif);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(~expected[i] & 0xffffff, actual[i] & 0xffffff, "pixel " + i);
        }
    }

    /** With a selection, the TIFF holds the source outside it and the result inside. */
    @Test
    void aSelectionLimitsTheResultWrittenToTheTiff() throws Exception {
        Rectangle r = new Rectangle(100, 3000, 700, 5000);
        Path tif = runChild(dir.resolve("out"), r.x + "," + r.y + "," + r.width + "," + r.height);
        int[] source = (int[]) pattern(W, H).getPixels();
        int[] actual = pixels(tif);
        for (int i = 0; i < source.length; i++) {
            int want = r.contains(i % W, i / W) ? ~source[i] : source[i];
            assertEquals(want & 0xffffff, actual[i] & 0xffffff, "pixel " + i);
        }
    }

    /** Runs {@link LargePlaneMain} in a JVM whose heap cannot hold the result; checks its note and folder. */
    private static Path runChild(Path out, String... selection) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx160m",
            "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), LargePlaneMain.class.getName(),
            out.toString(), String.valueOf(W), String.valueOf(H)));
        command.addAll(List.of(selection));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        Path tif = out.resolve("plane_00001.tif");
        assertTrue(log.contains("NOTE The 1000x12000 result needs about") && log.contains("written to " + tif),
            log);
        assertTrue(log.contains("PREVIEW 167x2000"), log);
        assertEquals(List.of("plane_00001.tif"), List.of(out.toFile().list()));
        return tif;
    }

    private static int[] pixels(Path tif) {
        ImagePlus written = IJ.openImage(tif.toString());
        assertEquals(W, written.getWidth());
        assertEquals(H, written.getHeight());
        return (int[]) written.getProcessor().getPixels();
    }
}
