package org.styletransfer.io;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.StyleTransferException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Videos, image sequences and stacks through ImageJ's readers and writers, round trip. */
class MediaIOTest {
    @TempDir
    Path tmp;

    /** An RGB time series of {@code frames} 64x48 frames with a moving pattern. */
    static ImagePlus rgbClip(int frames) {
        ImageStack stack = new ImageStack(64, 48);
        for (int t = 0; t < frames; t++) {
            ColorProcessor cp = new ColorProcessor(64, 48);
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) cp.set(x, y, ((x * 4 + t * 9) & 255) << 16 | ((y * 5) & 255) << 8 | (t * 20) & 255);
            }
            stack.addSlice("t" + t, cp);
        }
        ImagePlus imp = new ImagePlus("clip", stack);
        imp.setDimensions(1, 1, frames);
        imp.getCalibration().fps = 15;
        return imp;
    }

    private static void assertSamePixels(ImagePlus a, ImagePlus b) {
        assertEquals(a.getStackSize(), b.getStackSize());
        for (int i = 1; i <= a.getStackSize(); i++) {
            assertArrayEquals(rgb((int[]) a.getStack().getPixels(i)), rgb((int[]) b.getStack().getPixels(i)), "plane " + i);
        }
    }

    /** The colour bytes only: readers differ in what they put into the unused alpha byte. */
    private static int[] rgb(int[] px) {
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) out[i] = px[i] & 0xffffff;
        return out;
    }

    @Test
    void pngAviRoundTripIsExactAndKeepsTheFrameRate() {
        ImagePlus clip = rgbClip(7);
        Path avi = tmp.resolve("clip.avi");
        MediaIO.saveAvi(clip, avi, MediaIO.AviCompression.PNG, 0);
        for (boolean virtual : new boolean[] {true, false}) {
            ImagePlus back = MediaIO.open(avi, virtual);
            assertEquals(virtual, back.getStack().isVirtual());
            assertEquals(7, back.getNFrames(), "frames are time points");
            assertEquals(15, back.getCalibration().fps, 0.01);
            assertSamePixels(clip, back);
        }
    }

    @Test
    void jpegAviIsCloseAndWrittenByExtension() {
        ImagePlus clip = rgbClip(4);
        Path avi = tmp.resolve("clip-jpeg.avi");
        MediaIO.save(clip, avi);
        ImagePlus back = MediaIO.open(avi, true);
        assertEquals(4, back.getStackSize());
        int[] a = (int[]) clip.getStack().getPixels(3);
        int[] b = (int[]) back.getStack().getPixels(3);
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            for (int s = 0; s <= 16; s += 8) diff += Math.abs(((a[i] >> s) & 255) - ((b[i] >> s) & 255));
        }
        assertTrue(diff / (3.0 * a.length) < 6, "JPEG frames differ by " + diff / (3.0 * a.length) + " on average");
    }

    @Test
    void imageSequenceRoundTrip() throws IOException {
        ImagePlus clip = rgbClip(5);
        clip.getCalibration().pixelWidth = 0.2;
        clip.getCalibration().setUnit("mm");
        Path dir = tmp.resolve("frames");
        MediaIO.save(clip, dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(5, files.filter(p -> p.getFileName().toString().matches("clip_0000[1-5]\\.tif")).count());
        }
        for (boolean virtual : new boolean[] {true, false}) {
            ImagePlus back = MediaIO.open(dir, virtual);
            assertEquals(virtual, back.getStack().isVirtual());
            assertSamePixels(clip, back);
            assertEquals(0.2, back.getCalibration().pixelWidth, 1e-9);
            assertEquals("t3", back.getStack().getShortSliceLabel(4));
        }
    }

    @Test
    void tiffStackRoundTripVirtual() {
        ImagePlus clip = rgbClip(3);
        Path tif = tmp.resolve("clip.tif");
        MediaIO.save(clip, tif);
        ImagePlus back = MediaIO.open(tif, true);
        assertTrue(back.getStack().isVirtual());
        assertSamePixels(clip, back);
        // Saving a virtual stack again reads it plane by plane.
        Path again = tmp.resolve("again.tif");
        MediaIO.save(back, again);
        assertSamePixels(clip, MediaIO.open(again, false));
    }

    @Test
    void greyVideoKeepsItsValues() {
        ImageStack stack = new ImageStack(32, 16);
        for (int t = 0; t < 3; t++) {
            ByteProcessor bp = new ByteProcessor(32, 16);
            for (int p = 0; p < 32 * 16; p++) bp.set(p, (p + t * 40) & 255);
            stack.addSlice(null, bp);
        }
        ImagePlus grey = new ImagePlus("grey", stack);
        Path avi = tmp.resolve("grey.avi");
        MediaIO.saveAvi(grey, avi, MediaIO.AviCompression.PNG, 0);
        ImagePlus back = MediaIO.open(avi, false);
        assertEquals(3, back.getStackSize());
        for (int i = 1; i <= 3; i++) {
            for (int p = 0; p < 32 * 16; p += 7) {
                assertEquals(stack.getProcessor(i).get(p), back.getStack().getProcessor(i).convertToByte(false).get(p));
            }
        }
    }

    @Test
    void missingOrUnreadableFilesAreClearErrors() throws IOException {
        StyleTransferException missing = assertThrows(StyleTransferException.class,
            () -> MediaIO.open(tmp.resolve("nope.avi"), true));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path junk = Files.writeString(tmp.resolve("junk.avi"), "not a video");
        StyleTransferException bad = assertThrows(StyleTransferException.class, () -> MediaIO.open(junk, true));
        assertTrue(bad.getMessage().contains("cannot read"), bad.getMessage());
    }

    @Test
    void otherFormatsByExtension() {
        ImagePlus one = new ImagePlus("one", rgbClip(1).getProcessor());
        Path png = tmp.resolve("sub/one.png");
        MediaIO.save(one, png);
        assertArrayEquals(rgb((int[]) one.getProcessor().getPixels()), rgb((int[]) MediaIO.open(png, false).getProcessor().getPixels()));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> MediaIO.save(one, tmp.resolve("x.xyz")));
        assertTrue(e.getMessage().contains("'.xyz'"), e.getMessage());
    }

    @Test
    void kindsByPath() {
        assertTrue(MediaIO.isVideo(Path.of("a/b/Movie.AVI")));
        assertFalse(MediaIO.isVideo(Path.of("a/b/movie.tif")));
        assertTrue(MediaIO.isSequence(tmp));
        assertTrue(MediaIO.isSequence(tmp.resolve("new-folder")));
        assertFalse(MediaIO.isSequence(tmp.resolve("x.png")));
        assertEquals("my_clip_", MediaIO.prefix("my clip.avi"));
    }
}
