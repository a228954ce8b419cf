package org.styletransfer.ij;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.LUT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.command.ResultRecord;
import org.styletransfer.testutil.SyntheticFigure;
import org.styletransfer.testutil.SyntheticFigure.Figure;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A figure as a user has it, in a real {@code -batch} ImageJ with the packaged plugin: burned-in
 * annotations stay crisp with protect_annotations, the overlay and Info travel into the saved
 * result, whose recorded macro line makes the same pixels again, and planes=[As displayed (RGB)]
 * turns a composite into one RGB plane per Z/T position.
 * The figure before and after is left in {@code <build>/it/annotations/figure-before-after.png}.
 */
class AnnotationsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static Path out;

    @BeforeAll
    static void prepare() throws IOException {
        out = ImageJProcess.macroOutputFolder("annotations");
    }

    @Test
    void aFigureKeepsItsAnnotationsOverlayAndInfo() throws IOException {
        ImageJProcess.assumeSharedModels();
        Figure figure = SyntheticFigure.make(SyntheticFigure.Type.RGB, 256, 160, 3);
        ImagePlus source = figure.image();
        source.setOverlay(new Overlay(new TextRoi(150, 60, "overlay text")));
        source.setProperty("Info", "Figure 3, panel b");
        Path in = out.resolve("figure.tif");
        Path result = out.resolve("figure-candy.tif");
        Files.deleteIfExists(result);
        new FileSaver(source).saveAsTiff(in.toString());
        Path macro = ImageJProcess.writeMacro(out, "protect.ijm", "open(\"" + ImageJProcess.macroPath(in) + "\");\n"
            + "run(\"Fast Style Transfer...\", \"model=candy provider=CPU protect_annotations\");\n"
            + "saveAs(\"Tiff\", \"" + ImageJProcess.macroPath(result) + "\");\n");
        String output = ImageJProcess.batch(macro, null, TIMEOUT).assertOk().output();
        ImagePlus styled = ImageJProcess.openWritten(result, output);

        assertNotNull(styled.getOverlay(), "the overlay is saved with the result");
        assertEquals("overlay text", ((TextRoi) styled.getOverlay().get(0)).getText().trim());
        String info = styled.getInfoProperty();
        assertTrue(info.startsWith("Figure 3, panel b") && info.contains(ResultRecord.INFO_HEADER)
            && info.contains("protect_annotations") && info.contains("sha256="), info);
        double annotation = meanDifference(source, styled, figure.annotations(), true);
        double rest = meanDifference(source, styled, figure.annotations(), false);
        assertTrue(annotation < 3, "annotations differ by " + annotation + " grey levels");
        assertTrue(rest > 15, "the rest is stylised: " + rest);
        saveSideBySide(source, styled, out.resolve("figure-before-after.png"));

        // The macro line the Info records makes the same figure again in a fresh ImageJ.
        String line = info.lines().filter(l -> l.startsWith("Macro: ")).findFirst().orElseThrow().substring(7);
        Path replayed = out.resolve("figure-replayed.tif");
        Files.deleteIfExists(replayed);
        Path replay = ImageJProcess.writeMacro(out, "replay.ijm", "open(\"" + ImageJProcess.macroPath(in) + "\");\n"
            + line + "\nsaveAs(\"Tiff\", \"" + ImageJProcess.macroPath(replayed) + "\");\n");
        String again = ImageJProcess.batch(replay, null, TIMEOUT).assertOk().output();
        assertArrayEquals((int[]) styled.getProcessor().getPixels(),
            (int[]) ImageJProcess.openWritten(replayed, again).getProcessor().getPixels(), "replayed from the Info");
    }

    @Test
    void aCompositeIsStylisedAsDisplayed() throws IOException {
        ImageJProcess.assumeSharedModels();
        Path in = out.resolve("composite.tif");
        Path result = out.resolve("composite-rgb.tif");
        Files.deleteIfExists(result);
        ImagePlus composite = composite();
        new FileSaver(composite).saveAsTiff(in.toString());
        Path macro = ImageJProcess.writeMacro(out, "displayed.ijm", "open(\"" + ImageJProcess.macroPath(in) + "\");\n"
            + "run(\"Fast Style Transfer...\", \"model=candy provider=CPU planes=[As displayed (RGB)]\");\n"
            + "saveAs(\"Tiff\", \"" + ImageJProcess.macroPath(result) + "\");\n");
        String output = ImageJProcess.batch(macro, null, TIMEOUT).assertOk().output();
        ImagePlus styled = ImageJProcess.openWritten(result, output);
        assertEquals(ImagePlus.COLOR_RGB, styled.getType());
        assertArrayEquals(new int[] {1, 2, 3}, new int[] {styled.getNChannels(), styled.getNSlices(),
            styled.getNFrames()});
        saveSideBySide(org.styletransfer.planes.DisplayedColours.of(composite), styled,
            out.resolve("composite-before-after.png"));
    }

    /** A 3-channel composite (red, green, blue) of 2 slices and 3 frames with blobs in each channel. */
    private static ImagePlus composite() {
        ij.ImageStack stack = new ij.ImageStack(64, 48);
        for (int i = 0; i < 3 * 2 * 3; i++) {
            ij.process.ShortProcessor sp = new ij.process.ShortProcessor(64, 48);
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) sp.set(x, y, (int) (2000 + 1500 * Math.sin((x + 5 * i) / 6.0) * Math.cos(y / 5.0)));
            }
            stack.addSlice(sp);
        }
        ImagePlus imp = new ImagePlus("composite", stack);
        imp.setDimensions(3, 2, 3);
        CompositeImage c = new CompositeImage(imp, IJ.COMPOSITE);
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
        for (int ch = 1; ch <= 3; ch++) {
            LUT lut = LUT.createLutFromColor(colours[ch - 1]);
            lut.min = 500;
            lut.max = 3500;
            c.setChannelLut(lut, ch);
        }
        return c;
    }

    /** Mean difference (0..255, over R, G, B) on the annotation pixels ({@code inside}) or away from them. */
    private static double meanDifference(ImagePlus a, ImagePlus b, boolean[] annotations, boolean inside) {
        int w = a.getWidth();
        int h = a.getHeight();
        double sum = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (inside ? !annotations[y * w + x] : near(annotations, w, h, x, y, 4)) continue;
                int p = a.getProcessor().get(x, y);
                int q = b.getProcessor().get(x, y);
                for (int s = 0; s <= 16; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255)) / 3.0;
                n++;
            }
        }
        return sum / n;
    }

    private static boolean near(boolean[] m, int w, int h, int x, int y, int r) {
        for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
            for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) if (m[yy * w + xx]) return true;
        }
        return false;
    }

    private static void saveSideBySide(ImagePlus before, ImagePlus after, Path file) throws IOException {
        int w = before.getWidth();
        ColorProcessor row = new ColorProcessor(2 * w + 4, before.getHeight());
        row.insert(before.getProcessor(), 0, 0);
        row.insert(after.getProcessor(), w + 4, 0);
        javax.imageio.ImageIO.write(row.getBufferedImage(), "png", file.toFile());
    }
}
