package org.styletransfer.cli;


import org.styletransfer.testutil.SharedData;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.command.FastStyleSpec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @TempDir
    Path dir;

    /** What one in-process run printed and returned. */
    record Outcome(int status, String out, String err) {
    }

    static Outcome main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path syntheticPng(int w, int h) {
        Path input = dir.resolve("in.png");
        new FileSaver(IJ.createImage("in", "RGB ramp", w, h, 1)).saveAsPng(input.toString());
        assertTrue(Files.isRegularFile(input));
        return input;
    }

    @Test
    void stylizesAnImageFileEndToEnd() {
        SharedData.model(SharedData.CANDY);
        Path input = syntheticPng(96, 64);
        Path output = dir.resolve("sub/out.png");
        Outcome o = main("stylize", input.toString(), output.toString(), "--model", "candy", "--strength", "0.8");
        assertEquals(Main.OK, o.status(), o.err());
        assertTrue(o.out().contains("on CPU") || o.out().contains("on CUDA"), o.out());
        assertTrue(o.out().startsWith("candy: 1 plane in"), o.out());
        ImagePlus before = IJ.openImage(input.toString());
        ImagePlus after = IJ.openImage(output.toString());
        assertNotNull(after);
        assertEquals(96, after.getWidth());
        assertEquals(64, after.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, after.getType());
        assertFalse(Arrays.equals((int[]) before.getProcessor().getPixels(), (int[]) after.getProcessor().getPixels()),
            "the output equals the input");
    }

    @Test
    void badOptionValueExitsWith2AndTheDialogsMessage() {
        String expected = assertThrows(IllegalArgumentException.class,
            () -> FastStyleSpec.spec().defaults().set(FastStyleSpec.STRENGTH, "2")).getMessage();
        Outcome o = main("stylize", "missing.png", dir.resolve("o.png").toString(), "--strength", "2");
        assertEquals(Main.USER_ERROR, o.status());
        assertEquals("Error: " + expected, o.err().trim());
        assertEquals("Error: strength must be between 0 and 1, not 2.", o.err().trim());
    }

    @Test
    void unknownOptionAndMissingInputAreUserErrors() {
        Outcome unknown = main("stylize", "a.png", "b.png", "--colour", "red");
        assertEquals(Main.USER_ERROR, unknown.status());
        assertTrue(unknown.err().startsWith("Error: Unknown option '--colour'"), unknown.err());
        assertEquals(1, unknown.err().lines().count(), unknown.err());

        Outcome missing = main("stylize", dir.resolve("nope.png").toString(), "b.png");
        assertEquals(Main.USER_ERROR, missing.status());
        assertTrue(missing.err().contains("Input image not found"), missing.err());
        assertEquals(1, missing.err().lines().count(), "one line, no stack trace: " + missing.err());

        Outcome format = main("stylize", "a.png", "b.xyz");
        assertEquals(Main.USER_ERROR, format.status());
        assertTrue(format.err().contains("extension"), format.err());

        assertEquals(Main.USER_ERROR, main("stylize", "only-one-argument.png").status());
        assertEquals(Main.USER_ERROR, main("paint").status());
    }

    @Test
    void helpListsTheMenuCommandsOptions() {
        Outcome o = main("stylize", "--help");
        assertEquals(Main.OK, o.status());
        for (var p : FastStyleSpec.spec().params()) assertTrue(o.out().contains("--" + p.key()), p.key());
    }

    @Test
    void modelsListsCandyAsInstalled() {
        Path candy = SharedData.model(SharedData.CANDY);
        Outcome o = main("models");
        assertEquals(Main.OK, o.status(), o.err());
        String line = o.out().lines().filter(l -> l.startsWith("candy ")).findFirst().orElseThrow();
        assertTrue(Pattern.compile("^candy\\s+fast\\s+yes\\s+").matcher(line).find(), line);
        assertTrue(line.endsWith(candy.getFileName().toString()), line);
    }

    @Test
    void runsHeadlessWithoutADisplayInItsOwnJvm() throws Exception {
        SharedData.model(SharedData.CANDY);
        Path input = syntheticPng(64, 64);
        Path output = dir.resolve("headless.tif");
        List<String> cmd = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true"));
        cmd.addAll(SharedData.modelFolderOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "stylize", input.toString(), output.toString(), "--model", "candy"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), text);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("candy: 1 plane"), text);
        ImagePlus result = IJ.openImage(output.toString());
        assertEquals(64, result.getWidth());
    }

    @Test
    void classPathOfThisJvmReachesTheCli() {
        // The headless test starts a JVM with this class path; make sure it names real entries.
        String cp = System.getProperty("java.class.path");
        assertTrue(Arrays.stream(cp.split(File.pathSeparator)).anyMatch(e -> e.endsWith("classes")), cp);
    }
}
