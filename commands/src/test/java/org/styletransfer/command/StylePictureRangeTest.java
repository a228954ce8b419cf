package org.styletransfer.command;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.image.ColorImage;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Style pictures are read as they look: grey ones through their display range, as ImageJ shows them. */
class StylePictureRangeTest {
    @Test
    void aSixteenBitStylePictureIsReadThroughItsDisplayRange(@TempDir Path dir) {
        // A ramp 1000..2000 shown as black..white, and one hot pixel that stretches the data range to 60000.
        ShortProcessor sp = new ShortProcessor(64, 48);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) sp.set(x, y, 1000 + x * 1000 / 63);
        sp.set(0, 0, 60000);
        sp.setMinAndMax(1000, 2000);
        Path file = dir.resolve("ramp16.tif");
        assertTrue(new FileSaver(new ImagePlus("ramp16", sp)).saveAsTiff(file.toString()));

        ColorImage style = NeuralStyleImages.open("style", file.toString(), null).image();
        // Row 1 (no hot pixel): from black at the left edge to white at the right, as displayed.
        float[] d = style.data();
        assertEquals(0, d[64], 0.5, "left end of the ramp");
        assertEquals(255, d[64 + 63], 0.5, "right end of the ramp");
        assertEquals(d[64 + 32], d[style.width() * style.height() + 64 + 32], 1e-6, "grey stays grey");
    }
}
