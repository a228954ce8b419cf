package org.styletransfer.planes;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage is not a shortage: a plane that fits the heap once unreachable arrays are collected is
 * accepted, though the heap's free figure before the collection is below what it needs (a child
 * JVM with -Xmx256m and the serial collector, so that nothing collects behind the test's back).
 */
class PlaneSetGarbageTest {

    @Test
    void memoryHeldOnlyByGarbageDoesNotRefuseAPlane() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
            GarbageThenPlanesMain.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        Matcher m = Pattern.compile("FREE (\\d+) NEEDED (\\d+)").matcher(log);
        assertTrue(m.find(), log);
        // The garbage really did leave less free than the plane needs...
        assertTrue(Long.parseLong(m.group(1)) < Long.parseLong(m.group(2)), log);
        // ...and the plane is accepted all the same.
        assertTrue(log.contains("ACCEPTED"), log);
    }
}
