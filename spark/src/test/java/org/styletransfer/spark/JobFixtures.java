package org.styletransfer.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.styletransfer.cli.Main;
import org.styletransfer.io.MediaIO;
import org.styletransfer.video.ScenesForSpark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Inputs, command-line references and checks shared by the Spark job's tests. */
final class JobFixtures {
    private JobFixtures() {
    }

    /** A program's exit status and what it printed. */
    record Run(int status, String out, String err) {
    }

    /**
     * An input folder with one of each kind: an RGB image, a TIFF time series, an AVI video, an
     * image-sequence folder, and a damaged TIFF.
     */
    static Path inputs(Path dir, int frames) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(Paths.get("test-images/shapes_rgb.png"), in.resolve("shapes.png"));
        ImagePlus moving = ScenesForSpark.movingStack(frames);
        new FileSaver(moving).saveAsTiffStack(in.resolve("stack.tif").toString());
        MediaIO.saveAvi(moving, in.resolve("clip.avi"), MediaIO.AviCompression.PNG, 90);
        MediaIO.saveSequence(ScenesForSpark.movingStack(3), in.resolve("sequence"));
        Files.write(in.resolve("broken.tif"), "II*\0 not really a TIFF".getBytes(StandardCharsets.ISO_8859_1));
        return in;
    }

    /** Runs the Spark job in this JVM. */
    static Run job(String... args) {
        return capture(args, true);
    }

    /** Runs {@code stylize} of the command line in this JVM. */
    static Run stylize(String... args) {
        return capture(args, false);
    }

    private static Run capture(String[] args, boolean spark) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int status = spark ? SparkStylize.run(args, o, e) : Main.run(args, o, e);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Asserts the same planes, pixel for pixel, in two outputs (files or sequence folders). */
    static void assertSamePixels(Path expected, Path actual) {
        ImagePlus a = MediaIO.open(expected, false);
        ImagePlus b = MediaIO.open(actual, false);
        assertEquals(a.getStackSize(), b.getStackSize(), "planes of " + actual);
        assertEquals(a.getBitDepth(), b.getBitDepth(), "type of " + actual);
        for (int i = 1; i <= a.getStackSize(); i++) {
            Object pa = a.getStack().getProcessor(i).getPixels();
            Object pb = b.getStack().getProcessor(i).getPixels();
            if (pa instanceof int[] ia) assertArrayEquals(ia, (int[]) pb, "plane " + i + " of " + actual);
            else if (pa instanceof byte[] ba) assertArrayEquals(ba, (byte[]) pb, "plane " + i + " of " + actual);
            else assertArrayEquals((float[]) a.getStack().getProcessor(i).convertToFloat().getPixels(),
                (float[]) b.getStack().getProcessor(i).convertToFloat().getPixels(), "plane " + i + " of " + actual);
        }
    }

    /** The job's summary.json. */
    static JsonObject summary(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
    }

    /** Names in {@code out} that a complete job must not leave: temporary names and planes not assembled. */
    static List<String> leftovers(Path out) throws IOException {
        try (Stream<Path> all = Files.walk(out)) {
            return all.map(p -> out.relativize(p).toString())
                .filter(s -> s.contains(".tmp-") || s.startsWith(Outputs.PARTS + "/") && s.endsWith(".tif")).toList();
        }
    }

    /** Opens an output. */
    static ImagePlus open(Path path) {
        return IJ.openImage(path.toString()) != null && !Files.isDirectory(path) ? IJ.openImage(path.toString())
            : MediaIO.open(path, false);
    }
}
