package org.styletransfer.ij;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** (a) A plain ImageJ 1.54 with the packaged jars shows the command in its menu, served by the plugin jar. */
class ImageJMenuIT {
    @Test
    void menuEntryComesFromThePluginJar() {
        ImageJProcess.assumePackagedJar();
        ImageJProcess.assumeXvfb();
        String out = ImageJProcess.main(MenuProbe.class, List.of(), Duration.ofSeconds(60)).assertOk().output();
        assertTrue(out.contains("CLASS org.styletransfer.ij.FastStyleTransferPlugin"), out);
        assertTrue(out.contains("MENU Plugins>Style Transfer>Fast Style Transfer..."), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("JAR ") && l.endsWith("plugins/" + ImageJProcess.PLUGIN_JAR)), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("LOADED_FROM ") && l.endsWith("/plugins/" + ImageJProcess.PLUGIN_JAR)), out);
    }
}
