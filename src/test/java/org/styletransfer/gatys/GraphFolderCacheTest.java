package org.styletransfer.gatys;

import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Provider;
import org.styletransfer.export.GatysGraphSpec;
import org.styletransfer.export.GraphCache;
import org.styletransfer.export.GraphTarget;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.testutil.TinyVgg;
import org.styletransfer.vgg.VggWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.*;

/** The optimisation's graphs are exported once into the graph folder, with a description, and reused. */
class GraphFolderCacheTest {

    @Test
    void lossGraphIsWrittenToTheGraphFolderAndReused() throws Exception {
        VggWeights w = TinyVgg.weights(4242);
        GatysGraphSpec spec = GatysGraphSpec.defaults(w);
        new LossNetwork(w, "graph-folder-test-" + System.nanoTime(), spec, Provider.CPU);
        Path graph = GraphCache.lossAndGradient(w, spec, ModelLocator.graphFolder());
        assertTrue(Files.isRegularFile(graph), "exported into " + ModelLocator.graphFolder());
        assertTrue(Files.readString(GraphCache.descriptionOf(graph)).contains("conv1_1"), "described");
        FileTime before = FileTime.fromMillis(Files.getLastModifiedTime(graph).toMillis() - 60_000);
        Files.setLastModifiedTime(graph, before);
        new LossNetwork(w, "graph-folder-test-again-" + System.nanoTime(), spec, Provider.CPU);
        assertEquals(before, Files.getLastModifiedTime(graph), "reused, not exported again");
    }

    /** The loss graph is written for CUDA whenever the session may run there, so no node falls back to the CPU. */
    @Test
    void theLossGraphIsWrittenForTheProviderThatMayRunIt() {
        assertEquals(GraphTarget.CPU, LossNetwork.target(Provider.CPU, true));
        assertEquals(GraphTarget.CUDA, LossNetwork.target(Provider.CUDA, false));
        assertEquals(GraphTarget.CUDA, LossNetwork.target(Provider.AUTO, true));
        assertEquals(GraphTarget.CPU, LossNetwork.target(Provider.AUTO, false));
    }
}
