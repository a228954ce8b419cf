package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.macro.Interpreter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a dialog records for picture options: open images read from files as those files. */
class PictureFieldTest {
    @TempDir
    Path dir;
    private ImagePlus open;

    /** An image read from {@code name} in the temporary folder, open (as in a batch-mode macro) under its file name. */
    private Path openFromFile(String name) {
        Path file = dir.resolve(name);
        assertTrue(new FileSaver(IJ.createImage("p", "RGB ramp", 32, 24, 1)).saveAsPng(file.toString()));
        open = IJ.openImage(file.toString());
        Interpreter.batchMode = true;
        Interpreter.addBatchModeImage(open);
        return file.toAbsolutePath().normalize();
    }

    @AfterEach
    void close() {
        if (open != null) Interpreter.removeBatchModeImage(open);
        Interpreter.batchMode = false;
    }

    @Test
    void anOpenImageReadFromAFileIsRecordedAsThatFile() {
        Path file = openFromFile("painted.png");
        assertEquals(file.toString(), PictureField.recordable("painted.png"));
        assertEquals("the_scream.jpg", PictureField.recordable("the_scream.jpg"), "no open image: as typed");
    }

    @Test
    void eachEntryOfAListWithWeightsIsRecordedAsItsFileTheRestAsTyped() {
        Path file = openFromFile("painted.png");
        assertEquals(file + ":0.3, the_scream.jpg:0.2", PictureField.recordableList("painted.png:0.3, the_scream.jpg:0.2"));
        assertEquals("udnie.jpg:0.1,  " + file + " : 0.25", PictureField.recordableList("udnie.jpg:0.1,  painted.png : 0.25"));
        assertEquals("", PictureField.recordableList(""));
        assertEquals(file + ":x, :0.2,", PictureField.recordableList("painted.png:x, :0.2,"),
            "weights and blank entries stay as typed, so that reading them gives the usual message");
    }
}
