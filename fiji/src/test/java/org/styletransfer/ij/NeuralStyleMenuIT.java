package org.styletransfer.ij;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plain ImageJ 1.54 with the packaged jars shows the two optimisation commands next to Fast Style Transfer. */
class NeuralStyleMenuIT {
    @Test
    void menuEntriesComeFromThePluginJar() {
        ImageJProcess.assumePackagedJar();
        ImageJProcess.assumeXvfb();
        String out = ImageJProcess.main(MenuProbe.class,
            List.of("Neural Style Transfer...", "Style Interpolation Sequence..."), Duration.ofSeconds(60)).assertOk().output();
        assertTrue(out.contains("CLASS org.styletransfer.ij.NeuralStyleTransferPlugin"), out);
        assertTrue(out.contains("CLASS org.styletransfer.ij.InterpolationSequencePlugin"), out);
        assertTrue(out.contains("MENU Plugins>Style Transfer>Neural Style Transfer..."), out);
        assertTrue(out.contains("MENU Plugins>Style Transfer>Style Interpolation Sequence..."), out);
        assertTrue(out.lines().filter(l -> l.startsWith("LOADED_FROM ") && l.endsWith("/plugins/" + ImageJProcess.PLUGIN_JAR))
            .count() == 2, out);
    }
}
