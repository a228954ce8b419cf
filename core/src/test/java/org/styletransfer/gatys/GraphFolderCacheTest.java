package org.styletransfer.gatys;

import org.junit.jupiter.api.Test;
import org.styletransfer.engine.FaultInjection;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.lossgraph.GraphCache;
import org.styletransfer.lossgraph.GraphTarget;
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

    /** The loss graph is written for CUDA only when the run's sessions opened there. */
    @Test
    void theLossGraphIsWrittenForTheProviderTheSessionsOpenedOn() {
        assertEquals(GraphTarget.CPU, LossNetwork.target("CPU"));
        assertEquals(GraphTarget.CUDA, LossNetwork.target("CUDA"));
        VggWeights w = TinyVgg.weights(4243);
        GatysGraphSpec spec = GatysGraphSpec.defaults(w);
        // Auto without a GPU (the CPU build here, or the GPU build on a machine without one): the CPU graph.
        LossNetwork auto = new LossNetwork(w, "target-test-auto-" + System.nanoTime(), spec, Provider.AUTO);
        assertEquals(LossNetwork.target(auto.provider()), auto.lossTarget(), auto.provider());
        if (!OnnxEngine.cudaBuilt()) assertEquals(GraphTarget.CPU, auto.lossTarget());
        try (FaultInjection f = FaultInjection.install().simulatingCuda()) {
            LossNetwork cuda = new LossNetwork(w, "target-test-cuda-" + System.nanoTime(), spec, Provider.AUTO);
            assertEquals("CUDA", cuda.provider());
            assertEquals(GraphTarget.CUDA, cuda.lossTarget());
        }
    }
}
