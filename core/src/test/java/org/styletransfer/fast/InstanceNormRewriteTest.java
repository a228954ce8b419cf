package org.styletransfer.fast;

import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.Ort;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.onnx.TestModels;
import org.styletransfer.onnx.proto.ModelProto;
import org.styletransfer.onnx.proto.OperatorSetIdProto;

import org.styletransfer.testutil.OrtRun;
import org.styletransfer.testutil.SharedData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stats model must reproduce the original output and the statistics; the fixed-stats model
 * fed with those statistics must reproduce the original output, and must really use them.
 */
class InstanceNormRewriteTest {

    /** Absolute tolerance on the 0..255 output scale. */
    private static final double TOLERANCE = 1e-3;

    @ParameterizedTest
    @ValueSource(strings = {SharedData.CANDY, SharedData.WAVE, SharedData.GNSMRKY_CANDY})
    void realModels(String name) throws Exception {
        byte[] original = Files.readAllBytes(SharedData.model(name));
        check(OnnxModel.parse(original), 15);
    }

    @Test
    void builtModelAtOpset13() throws Exception {
        check(TestModels.imageToImageModel(true, 21), 1);
    }

    @Test
    void builtModelAtOpset18TakesAxesAsInput() throws Exception {
        OnnxModel model = TestModels.imageToImageModel(true, 22);
        // Same graph, newer opset: ReduceMean's axes must now be an input.
        byte[] bytes = model.toBytes();
        OnnxModel opset18 = OnnxModel.parse(bytes);
        ModelProto proto = ModelProto.parseFrom(opset18.toBytes()).toBuilder().clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(18)).setIrVersion(8).build();
        OnnxModel upgraded = OnnxModel.parse(proto.toByteArray());
        assertEquals(18, upgraded.opsetVersion());
        check(upgraded, 1);
    }

    @Test
    void modelWithoutInstanceNormHasNoRewrite() {
        assertTrue(InstanceNormRewrite.of(TestModels.imageToImageModel(false, 23)).isEmpty());
    }

    private static void check(OnnxModel model, int layers) throws Exception {
        InstanceNormRewrite rewrite = InstanceNormRewrite.of(model).orElseThrow();
        assertTrue(rewrite.layerCount() >= layers, "layers: " + rewrite.layerCount());
        assertEquals(rewrite.layerCount(), rewrite.meanNames().size());
        TensorInfo input = model.inputs().get(0);
        long[] shape = input.dims()[2] > 0 ? input.dims() : new long[] {1, 3, 64, 96};
        OrtRun.Tensor image = OrtRun.Tensor.randomImage(100, shape);
        OrtRun.Tensor other = OrtRun.Tensor.randomImage(200, shape);
        for (int i = 0; i < other.values().length; i++) {
            other.values()[i] *= 0.5f; // a darker, different image: clearly different statistics
        }

        float[] expected = Ort.run(model.toBytes(), input.name(), image).values().iterator().next().values();
        Map<String, OrtRun.Tensor> stats = Ort.run(rewrite.statsModel(), input.name(), image);
        List<OrtRun.Tensor> outputs = new ArrayList<>(stats.values());
        // (a) the first output is the original one
        assertEquals(0, Ort.maxAbsDiff(expected, outputs.get(0).values()), TOLERANCE);
        for (int k = 0; k < rewrite.layerCount(); k++) {
            OrtRun.Tensor mean = stats.get(rewrite.meanNames().get(k));
            assertEquals(4, mean.shape().length);
            if (rewrite.channelCount(k) > 0) {
                assertArrayEquals(new long[] {1, rewrite.channelCount(k), 1, 1}, mean.shape());
            }
            for (float v : stats.get(rewrite.varNames().get(k)).values()) {
                assertTrue(v >= 0, "negative variance " + v);
            }
        }

        // (b) the fixed-stats model with the same image's statistics gives the same output
        float[] fixed = runFixed(rewrite, input.name(), image, stats);
        assertEquals(0, Ort.maxAbsDiff(expected, fixed), TOLERANCE);

        // (c) statistics of another image change the output, so they are really used
        Map<String, OrtRun.Tensor> otherStats = Ort.run(rewrite.statsModel(), input.name(), other);
        float[] mixed = runFixed(rewrite, input.name(), image, otherStats);
        assertTrue(Ort.maxAbsDiff(expected, mixed) > 1, "output ignores the statistics inputs");
    }

    private static float[] runFixed(InstanceNormRewrite rewrite, String inputName, OrtRun.Tensor image,
            Map<String, OrtRun.Tensor> stats) throws Exception {
        Map<String, OrtRun.Tensor> feeds = new HashMap<>();
        feeds.put(inputName, image);
        for (int k = 0; k < rewrite.layerCount(); k++) {
            feeds.put(rewrite.meanNames().get(k), stats.get(rewrite.meanNames().get(k)));
            feeds.put(rewrite.varNames().get(k), stats.get(rewrite.varNames().get(k)));
        }
        Map<String, OrtRun.Tensor> out = Ort.run(rewrite.fixedStatsModel(), feeds);
        assertEquals(1, out.size());
        return out.values().iterator().next().values();
    }
}
