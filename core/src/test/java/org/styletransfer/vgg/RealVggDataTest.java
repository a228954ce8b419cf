package org.styletransfer.vgg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.styletransfer.testutil.SharedData;

/** The real partial VGG-19 in ../shared, read from its tf.js shards and from the derived ONNX. */
class RealVggDataTest {

    private static final int[][] SHAPES = {{3, 64}, {64, 64}, {64, 128}, {128, 128}, {128, 256},
        {256, 256}, {256, 256}, {256, 256}};

    @Test
    void partialTfjsModelIsReadAsConv1_1ToConv3_4() {
        Path json = SharedData.model("vgg19_keras_tfjs_partial/model.json");
        VggWeights weights = VggWeightsReader.read(json);
        assertEquals(VggWeights.VGG19_CONVS.subList(0, 8), weights.layerNames());
        for (int k = 0; k < SHAPES.length; k++) {
            VggWeights.Conv conv = weights.layers().get(k);
            assertEquals(SHAPES[k][0], conv.in(), conv.name());
            assertEquals(SHAPES[k][1], conv.out(), conv.name());
        }
        assertTrue(weights.convention().bgr());
        assertTrue(weights.source().contains("group9-shard1of2"), weights.source());
        assertEquals("VGG-19 conv1_1..conv3_4 (8 of 16 layers; deeper layers missing in model.json): usable"
                + " style layers relu1_1..relu3_4 (the classic set relu1_1, relu2_1, relu3_1, relu4_1, relu5_1"
                + " needs all 16 layers)", VggWeightsReader.describe(weights));
    }

    @Test
    void tfjsWeightsEqualTheDerivedOnnxInitializers() {
        VggWeights tfjs = VggWeightsReader.read(SharedData.model("vgg19_keras_tfjs_partial/model.json"));
        VggWeights onnx = VggWeightsReader.read(SharedData.model("derived/vgg19_conv1_1-conv3_4.onnx"));
        assertEquals(tfjs.layerNames(), onnx.layerNames());
        assertTrue(onnx.convention().bgr(), "its doc_string says BGR minus mean: " + onnx.source());
        List<VggWeights.Conv> a = tfjs.layers();
        List<VggWeights.Conv> b = onnx.layers();
        for (int k = 0; k < a.size(); k++) {
            assertClose(a.get(k).weights(), b.get(k).weights(), a.get(k).name() + " weights");
            assertClose(a.get(k).bias(), b.get(k).bias(), a.get(k).name() + " bias");
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > 1e-6) {
                throw new AssertionError(what + " differ at " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
