package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed {@code test-images/} are exactly what {@link TestImageGenerator} makes, and have the documented properties. */
class TestImageGeneratorTest {
    private static final Path COMMITTED = Paths.get("test-images");

    @Test
    void committedImagesAreReproducible(@TempDir Path dir) throws IOException {
        TestImageGenerator.writeAll(dir);
        for (String name : new String[] {TestImageGenerator.SHAPES_RGB, TestImageGenerator.BLOBS16, TestImageGenerator.GRAY8}) {
            assertArrayEquals(Files.readAllBytes(COMMITTED.resolve(name)), Files.readAllBytes(dir.resolve(name)),
                name + " differs from the generator's output: run TestImageGenerator and commit the result");
        }
    }

    @Test
    void imagesAreSmallAndOfTheDocumentedTypes() throws IOException {
        long total = 0;
        for (String name : new String[] {TestImageGenerator.SHAPES_RGB, TestImageGenerator.BLOBS16, TestImageGenerator.GRAY8}) {
            total += Files.size(COMMITTED.resolve(name));
        }
        assertTrue(total < 400_000, "test images take " + total + " bytes");

        ImagePlus rgb = IJ.openImage(COMMITTED.resolve(TestImageGenerator.SHAPES_RGB).toString());
        assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
        ImagePlus gray = IJ.openImage(COMMITTED.resolve(TestImageGenerator.GRAY8).toString());
        assertEquals(ImagePlus.GRAY8, gray.getType());

        ImagePlus blobs = IJ.openImage(COMMITTED.resolve(TestImageGenerator.BLOBS16).toString());
        assertEquals(ImagePlus.GRAY16, blobs.getType());
        assertEquals(TestImageGenerator.BLOBS_SLICES, blobs.getStackSize());
        double min = Double.MAX_VALUE, max = 0;
        for (int z = 1; z <= blobs.getStackSize(); z++) {
            var stats = blobs.getStack().getProcessor(z).getStatistics();
            min = Math.min(min, stats.min);
            max = Math.max(max, stats.max);
        }
        assertTrue(min >= 1000 && max <= 40000 && max - min > 20000, "range " + min + ".." + max);
        assertEquals(0.25, blobs.getCalibration().pixelWidth, 1e-9);
    }
}
