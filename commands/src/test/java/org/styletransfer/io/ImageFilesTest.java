package org.styletransfer.io;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.command.NeuralStyleImages;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.TestModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Files named where a picture is expected are refused with one line saying what they are, before
 * an ImageJ reader can show a dialog; damaged pictures give one line too.
 */
class ImageFilesTest {
    private static final String NEEDS = "; style needs a picture: PNG, JPEG or TIFF (or the title of an open image).";

    @TempDir
    Path tmp;

    private static String refusal(Path file, String option) {
        return assertThrows(StyleTransferException.class, () -> ImageFiles.openPicture(file, option)).getMessage();
    }

    @Test
    void aModelIsNoPictureAndTheLineSaysWhatItIs() throws IOException {
        Path model = TestModels.imageToImage(tmp.resolve("model.onnx"), false, 1);
        byte[] before = Files.readAllBytes(model);

        assertEquals("'" + model + "' is not an image ImageJ can read (it looks like an ONNX model)" + NEEDS,
            refusal(model, "style"));
        assertArrayEquals(before, Files.readAllBytes(model), "the file is left as it was");
    }

    @Test
    void emptyTextAndUnknownFilesAreRefused() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.png"), new byte[0]);
        Path text = Files.writeString(tmp.resolve("notes.txt"), "a style I like");
        Path unknown = Files.write(tmp.resolve("data.xyz"), new byte[] {1, (byte) 200, 3, 4, 5, 6, 7, 8, 9, 10, 11});

        assertEquals("'" + empty + "' is not an image ImageJ can read (it is empty)" + NEEDS, refusal(empty, "style"));
        assertEquals("'" + text + "' is not an image ImageJ can read (it looks like a text file); more_styles needs a"
            + " picture: PNG, JPEG or TIFF (or the title of an open image).", refusal(text, "more_styles"));
        assertEquals("'" + unknown + "' is not an image ImageJ can read" + NEEDS, refusal(unknown, "style"));
    }

    @Test
    void aDamagedPictureIsOneLineAndRedirectionIsRestored() throws IOException {
        Path png = Files.write(tmp.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0});
        boolean before = IJ.redirectingErrorMessages();

        assertEquals("'" + png + "' could not be read as an image (damaged or truncated?)" + NEEDS, refusal(png, "style"));
        assertEquals(before, IJ.redirectingErrorMessages());
    }

    @Test
    void aRealPictureOpens() {
        Path png = tmp.resolve("red.png");
        ColorProcessor cp = new ColorProcessor(20, 18);
        cp.setColor(java.awt.Color.RED);
        cp.fill();
        MediaIO.save(new ImagePlus("red", cp), png);

        ImagePlus imp = ImageFiles.openPicture(png, "style");

        assertEquals(20, imp.getWidth());
        assertEquals(0xff0000, imp.getProcessor().getPixel(3, 3) & 0xffffff);
    }

    @Test
    void styleOptionsNameTheOptionAndTheFile() throws IOException {
        Path model = TestModels.imageToImage(tmp.resolve("net.onnx"), false, 2);

        String line = assertThrows(StyleTransferException.class,
            () -> NeuralStyleImages.open("init_image", model.toString(), null)).getMessage();

        assertEquals("'" + model + "' is not an image ImageJ can read (it looks like an ONNX model); init_image needs a"
            + " picture: PNG, JPEG or TIFF (or the title of an open image).", line);
    }

    @Test
    void mediaOpenRefusesAModelToo() throws IOException {
        Path model = TestModels.imageToImage(tmp.resolve("clip.onnx"), false, 3);

        String line = assertThrows(StyleTransferException.class, () -> MediaIO.open(model, true)).getMessage();

        assertEquals("'" + model + "' is not an image ImageJ can read (it looks like an ONNX model); give an image,"
            + " a stack (TIFF), a video (AVI) or a folder of images.", line);
        assertFalse(line.contains("\n"));
    }
}
