package org.styletransfer.lossgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.InputConvention;

/** Reuse, keys and descriptions of {@link GraphCache}. */
class GraphCacheTest {

    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path folder;

    private final VggWeights weights = TestWeights.random(1, InputConvention.caffe(), 3, 4, 4, 6, 6, 8);
    private final GatysGraphSpec spec = GatysGradientTest.spec(Pooling.MAX, false);

    @Test
    void theSecondRequestReusesTheFile() throws Exception {
        Path first = GraphCache.lossAndGradient(weights, spec, folder);
        assertTrue(Files.isRegularFile(first));
        // Back-date the file: a re-export would give it a fresh modification time.
        Files.setLastModifiedTime(first, LONG_AGO);
        Path second = GraphCache.lossAndGradient(weights, GatysGradientTest.spec(Pooling.MAX, false), folder);
        assertEquals(first, second);
        assertEquals(LONG_AGO, Files.getLastModifiedTime(second));
        List<String> inputs = OnnxModel.read(second).inputs().stream().map(TensorInfo::name).toList();
        assertTrue(inputs.containsAll(List.of("image", "content_relu2_2", "gram_relu3_1", "tv_weight")),
                inputs::toString);
    }

    @Test
    void writingAGraphRemovesOnlyOlderExportersGraphs() throws Exception {
        int current = Integer.parseInt(GatysGraphs.EXPORTER_VERSION);
        Path older = fakeGraph("gatys-loss-0123456789abcdef", current - 1);
        Path newer = fakeGraph("gatys-loss-fedcba9876543210", current + 1);
        Path notOurs = Files.writeString(folder.resolve("my-model.txt"), "exporter.version = 0\n");
        Path notOursModel = Files.write(folder.resolve("my-model.onnx"), new byte[] {1, 2, 3});

        Path written = GraphCache.lossAndGradient(weights, spec, folder);

        assertTrue(Files.isRegularFile(written));
        assertTrue(Files.notExists(older) && Files.notExists(GraphCache.descriptionOf(older)), "older version removed");
        assertTrue(Files.isRegularFile(newer) && Files.isRegularFile(GraphCache.descriptionOf(newer)),
                "a newer installation's graph stays");
        assertTrue(Files.isRegularFile(notOurs) && Files.isRegularFile(notOursModel), "other files stay");
    }

    /** A graph and description as the exporter of {@code version} writes them (the graph is a stand-in). */
    private Path fakeGraph(String name, int version) throws Exception {
        Path graph = Files.write(folder.resolve(name + ".onnx"), new byte[] {8, 1});
        Files.writeString(GraphCache.descriptionOf(graph), "# Graph exported by org.styletransfer.export; delete this "
                + "file and the .onnx to re-export\ngraph = gatys-loss\nexporter.version = " + version + "\n");
        return graph;
    }

    @Test
    void equalWeightsFromAnotherSourceShareTheFile() {
        VggWeights copy = new VggWeights(weights.layers(), weights.convention(), "elsewhere");
        assertEquals(GraphCache.lossAndGradient(weights, spec, folder), GraphCache.lossAndGradient(copy, spec, folder));
    }

    @Test
    void otherSpecsWeightsOrKindsGiveOtherFiles() {
        Path base = GraphCache.lossAndGradient(weights, spec, folder);
        assertNotEquals(base, GraphCache.lossAndGradient(weights, spec.withPooling(Pooling.AVERAGE), folder));
        assertNotEquals(base, GraphCache.lossAndGradient(weights, spec.withStyleMask(true), folder));
        VggWeights other = TestWeights.random(2, InputConvention.caffe(), 3, 4, 4, 6, 6, 8);
        assertNotEquals(base, GraphCache.lossAndGradient(other, spec, folder));
        assertNotEquals(base, GraphCache.targets(weights, spec, folder));
        assertNotEquals(base, GraphCache.features(weights, folder));
        Path cuda = GraphCache.lossAndGradient(weights, spec, GraphTarget.CUDA, folder);
        assertNotEquals(base, cuda);
        assertTrue(cuda.getFileName().toString().startsWith("gatys-loss-cuda-"), cuda::toString);
        assertEquals(base, GraphCache.lossAndGradient(weights, spec, GraphTarget.CPU, folder));
    }

    @Test
    void aGraphWithoutItsDescriptionIsExportedAgain() throws Exception {
        Path graph = GraphCache.lossAndGradient(weights, spec, folder);
        Files.setLastModifiedTime(graph, LONG_AGO);
        Files.delete(GraphCache.descriptionOf(graph));
        assertEquals(graph, GraphCache.lossAndGradient(weights, spec, folder));
        assertNotEquals(LONG_AGO, Files.getLastModifiedTime(graph));
        assertTrue(Files.isRegularFile(GraphCache.descriptionOf(graph)));
    }

    @Test
    void theDescriptionSaysHowTheGraphWasMade() throws Exception {
        Path graph = GraphCache.lossAndGradient(weights, spec.withPooling(Pooling.AVERAGE), folder);
        String text = Files.readString(GraphCache.descriptionOf(graph));
        assertTrue(text.contains("weights.source = " + weights.source()), text);
        assertTrue(text.contains("weights.layers = conv1_1 3->4, conv1_2 4->4, conv2_1 4->6"), text);
        assertTrue(text.contains("content.layers = relu2_2, relu1_1"), text);
        assertTrue(text.contains("style.layers = relu1_1 (weight 0.2), relu2_1 (weight 0.3), relu3_1 (weight 0.5)"),
                text);
        assertTrue(text.contains("pooling = AVERAGE"), text);
        assertTrue(text.contains("exporter.version = " + GatysGraphs.EXPORTER_VERSION), text);
        assertTrue(text.contains("size.multiple = 4"), text);
        try (var files = Files.list(folder)) {
            assertEquals(2, files.count(), "only the graph and its description, no temporary files");
        }
    }
}
