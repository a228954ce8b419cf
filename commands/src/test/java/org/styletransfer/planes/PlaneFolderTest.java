package org.styletransfer.planes;

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

    @Test
    void planesBeyondTheOnesWrittenAreNamedAsAnEarlierRunsAndKept() throws IOException {
        PlaneFolder earlier = new PlaneFolder(dir, "plane_", 8, 8);
        for (int i = 0; i < 3; i++) earlier.add("old", new ColorProcessor(8, 8), null);
        Files.writeString(dir.resolve("plane_7.tif"), "not one of ours: not 5 digits");
        Files.writeString(dir.resolve("notes.txt"), "the user's");
        PlaneFolder again = new PlaneFolder(dir, "plane_", 8, 8);
        assertEquals("The output folder " + dir.toAbsolutePath().normalize() + " also holds 3 planes of an earlier run "
            + "(plane_00001.tif to plane_00003.tif), left as they were: delete them before reading the folder as an "
            + "image sequence", again.earlierPlanesNote());

        again.add("new", new ColorProcessor(8, 8), null);
        again.add("new", new ColorProcessor(8, 8), null);
        assertEquals("The output folder " + dir.toAbsolutePath().normalize() + " also holds 1 plane of an earlier run "
            + "(plane_00003.tif), left as it was: delete it before reading the folder as an image sequence",
            again.earlierPlanesNote());
        again.add("new", new ColorProcessor(8, 8), null);
        assertEquals("", again.earlierPlanesNote());
        assertArrayEquals(new String[] {"notes.txt", "plane_00001.tif", "plane_00002.tif", "plane_00003.tif", "plane_7.tif"},
            names(dir), "other files untouched");
    }
}
