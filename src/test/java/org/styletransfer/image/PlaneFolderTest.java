package org.styletransfer.image;

import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Plane files are complete under their names, whatever happens while one is written. */
class PlaneFolderTest {
    @TempDir
    Path dir;

    /** An RGB plane whose pixels run out half-way through: writing it fails after the file was begun. */
    private static final class BrokenPlane extends ColorProcessor {
        BrokenPlane(int w, int h) {
            super(w, h);
        }

        @Override
        public Object getPixels() {
            return new int[getWidth() * getHeight() / 2];
        }
    }

    private static String[] names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aWriteThatFailsHalfWayLeavesNoFileBehind() throws IOException {
        PlaneFolder folder = new PlaneFolder(dir, "plane_", 64, 64);
        folder.add("one", new ColorProcessor(64, 64), null);

        assertThrows(RuntimeException.class, () -> folder.add("two", new BrokenPlane(64, 64), null));

        assertArrayEquals(new String[] {"plane_00001.tif"}, names(dir), "neither plane 2 nor its partial file");
        assertEquals(1, folder.size());
        assertEquals(1, folder.stack().getSize());
    }
}
