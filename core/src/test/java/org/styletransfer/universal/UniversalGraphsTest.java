package org.styletransfer.universal;

import org.junit.jupiter.api.Test;
import org.styletransfer.lossgraph.UniversalGraphs;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.vgg.VggWeights;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of the universal graphs: one job graph whose inputs are every level's parts (so that
 * {@link UniversalGraphs#idleInputs} can feed the parts a run does not use), and max pooling
 * without its Indices output in graphs that are never differentiated.
 */
class UniversalGraphsTest {
    private static final List<String> LEVELS = List.of("relu3_1", "relu2_1", "relu1_1");

    @Test
    void theJobGraphTakesEveryLevelsPartsAndIdleInputsCoverThemAll() {
        VggWeights w = UniversalFixtures.vgg();
        OnnxModel job = jobGraph(w);
        Set<String> inputs = job.inputs().stream().map(TensorInfo::name).collect(Collectors.toSet());
        assertEquals(UniversalGraphs.idleInputs(w, LEVELS).keySet(), inputs);
        Set<String> outputs = job.outputs().stream().map(TensorInfo::name).collect(Collectors.toSet());
        for (String level : LEVELS) {
            for (String out : List.of(UniversalGraphs.encodedName(level), UniversalGraphs.meanName(level),
                UniversalGraphs.covarianceName(level), UniversalGraphs.stylisedName(level))) {
                assertTrue(outputs.contains(out), "output " + out);
            }
        }
    }

    @Test
    void forwardOnlyGraphsPoolWithoutIndices() {
        VggWeights w = UniversalFixtures.vgg();
        for (OnnxModel m : List.of(jobGraph(w), UniversalGraphs.statistics(w, LEVELS),
            UniversalGraphs.level(w, "relu3_1", null, null, null))) {
            List<OnnxNode> pools = m.nodes().stream().filter(n -> n.opType().equals("MaxPool")).toList();
            assertFalse(pools.isEmpty());
            for (OnnxNode n : pools) assertEquals(1, n.outputs().size(), n.name() + " outputs " + n.outputs());
        }
    }

    private static OnnxModel jobGraph(VggWeights w) {
        return UniversalGraphs.job(w, LEVELS, UniversalFixtures.decoders(3).stream().map(Decoder::model).toList(),
            DecoderArchitecture.INPUT, DecoderArchitecture.OUTPUT);
    }
}
