package org.styletransfer.onnx;

import org.styletransfer.testutil.OrtRun;
import org.styletransfer.testutil.SharedData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Reading, round-tripping and editing the real style models. */
class OnnxModelTest {

    @Test
    void readsPytorchCandy() throws Exception {
        OnnxModel model = OnnxModel.read(SharedData.model(SharedData.CANDY));
        assertEquals(13, model.opsetVersion());
        TensorInfo input = model.inputs().get(0);
        assertEquals("input1", input.name());
        assertEquals(ElementType.FLOAT, input.elementType());
        assertArrayEquals(new long[] {1, 3, -1, -1}, input.dims());
        assertEquals("output1", model.outputs().get(0).name());
        assertEquals(15, count(model, "InstanceNormalization"));
        assertTrue(count(model, "Resize") > 0 && count(model, "Pad") > 0);
        TensorData weights = model.initializer("conv_w1").orElseThrow();
        assertArrayEquals(new long[] {32, 3, 9, 9}, weights.dims());
        assertEquals(32 * 3 * 9 * 9, weights.floats().length);
        OnnxNode pad = model.nodes().get(0);
        assertEquals("Pad", pad.opType());
        assertEquals("reflect", pad.attribute("mode").orElseThrow().stringValue());
    }

    @Test
    void readsEngstromWave() throws Exception {
        OnnxModel model = OnnxModel.read(SharedData.model(SharedData.WAVE));
        assertEquals(13, model.opsetVersion());
        OnnxNode norm = model.nodes().stream().filter(n -> n.opType().equals("InstanceNormalization"))
                .findFirst().orElseThrow();
        assertEquals(1e-3f, norm.attribute("epsilon").orElseThrow().floatValue());
        assertTrue(count(model, "ConvTranspose") > 0 && count(model, "Tanh") > 0);
    }

    @Test
    void readsFixedSizeOpset9Model() throws Exception {
        OnnxModel model = OnnxModel.read(SharedData.model(SharedData.GNSMRKY_CANDY));
        assertEquals(9, model.opsetVersion());
        assertEquals(List.of("input.1"), model.inputs().stream().map(TensorInfo::name).toList());
        assertArrayEquals(new long[] {1, 3, 256, 256}, model.inputs().get(0).dims());
        assertEquals("395", model.outputs().get(0).name());
        TensorData first = model.initializers().get(0);
        assertEquals(first.elementCount(), first.floats().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {SharedData.CANDY, SharedData.WAVE, SharedData.GNSMRKY_CANDY})
    void unchangedModelSerialisesToTheIdenticalBytes(String name) throws Exception {
        byte[] original = Files.readAllBytes(SharedData.model(name));
        assertArrayEquals(original, OnnxModel.parse(original).toBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {SharedData.CANDY, SharedData.WAVE, SharedData.GNSMRKY_CANDY})
    void reEncodedModelComputesTheSameOutput(String name) throws Exception {
        Path file = SharedData.model(name);
        byte[] original = Files.readAllBytes(file);
        OnnxModel model = OnnxModel.read(file);
        // Touch the model and the graph so that both are re-encoded field by field.
        model.setDocString("re-encoded by OnnxModelTest");
        model.addFloatInitializer("unused_probe", new long[] {1}, new float[] {0});
        assertTrue(model.removeInitializer("unused_probe"));
        byte[] reEncoded = model.toBytes();
        assertFalse(java.util.Arrays.equals(original, reEncoded));

        TensorInfo input = model.inputs().get(0);
        long[] shape = input.dims()[2] > 0 ? input.dims() : new long[] {1, 3, 64, 96};
        OrtRun.Tensor image = OrtRun.Tensor.randomImage(1, shape);
        float[] expected = first(Ort.run(original, input.name(), image));
        float[] actual = first(Ort.run(reEncoded, input.name(), image));
        assertArrayEquals(expected, actual);
    }

    @Test
    void editsAreVisibleAndRunnable() throws Exception {
        OnnxModel model = TestModels.imageToImageModel(false, 11);
        int relu = indexOf(model, "Relu");
        // Replace Relu by Sigmoid, then add a second output computed from it.
        OnnxNode removed = model.removeNode(relu);
        model.insertNodes(relu, List.of(OnnxNode.of("Sigmoid", removed.outputs().get(0),
                removed.inputs().get(0))));
        model.addFloatInitializer("two", new long[0], new float[] {2});
        model.addNode(OnnxNode.of("Mul", "doubled", "relu1", "two"));
        model.addOutput(TensorInfo.floatTensor("doubled", 1, 8, -1, -1));
        assertEquals("Sigmoid", model.nodes().get(relu).opType());

        OnnxModel reread = OnnxModel.parse(model.toBytes());
        assertEquals(List.of("output", "doubled"), reread.outputs().stream().map(TensorInfo::name).toList());
        Map<String, OrtRun.Tensor> out = Ort.run(reread.toBytes(), "input", OrtRun.Tensor.randomImage(2, 1, 3, 5, 6));
        for (float value : out.get("doubled").values()) {
            assertTrue(value > 0 && value < 2, "sigmoid * 2 out of range: " + value);
        }
    }

    @Test
    void inputsCanBeRedirected() throws Exception {
        OnnxModel model = TestModels.imageToImageModel(false, 12);
        int conv2 = model.nodes().size() - 1;
        // Bypass the Relu: the last Conv reads conv1 directly, and the Relu becomes dead.
        model.setNodeInput(conv2, 0, "conv1");
        assertEquals(1, model.removeUnusedNodes());
        assertEquals(0, count(model, "Relu"));
        model.addNode(OnnxNode.of("Identity", "copy", "output"));
        assertEquals(1, model.replaceInputReferences("output", "conv1"));
        assertEquals(List.of("conv1"), model.nodes().get(model.nodes().size() - 1).inputs());
    }

    private static float[] first(Map<String, OrtRun.Tensor> outputs) {
        return outputs.values().iterator().next().values();
    }

    private static long count(OnnxModel model, String opType) {
        return model.nodes().stream().filter(n -> n.opType().equals(opType)).count();
    }

    private static int indexOf(OnnxModel model, String opType) {
        List<OnnxNode> nodes = model.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).opType().equals(opType)) {
                return i;
            }
        }
        throw new AssertionError("no " + opType);
    }
}
