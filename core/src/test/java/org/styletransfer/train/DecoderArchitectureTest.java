package org.styletransfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.testutil.OrtRun;
import org.styletransfer.testutil.OrtRun.Tensor;
import org.styletransfer.testutil.TinyVgg;

/** The decoder layouts, and the inference model's names, shapes and metadata. */
class DecoderArchitectureTest {

    @Test
    void layersMirrorTheEncoder() {
        assertEquals("[Conv[in=64, out=3, offset=0]]", DecoderArchitecture.forLevel("relu1_1").layers().toString());
        assertEquals("[Conv[in=128, out=64, offset=0], Relu[], Upsample[], Conv[in=64, out=64, offset=73792], Relu[],"
                + " Conv[in=64, out=3, offset=110720]]", DecoderArchitecture.forLevel("relu2_1").layers().toString());
        DecoderArchitecture relu3 = DecoderArchitecture.forLevel("relu3_1");
        assertEquals(5, relu3.convs().size());
        assertEquals(256, relu3.inputChannels());
        assertEquals(2, relu3.upsamplings());
        // 256->128, 128->128, 128->64, 64->64, 64->3, each 3x3 with bias.
        int expected = 256 * 128 * 9 + 128 + 128 * 128 * 9 + 128 + 128 * 64 * 9 + 64 + 64 * 64 * 9 + 64 + 64 * 3 * 9 + 3;
        assertEquals(expected, relu3.parameterCount());
        assertEquals(512, DecoderArchitecture.forLevel("relu5_1").inputChannels());
    }

    @Test
    void unknownLevelIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecoderArchitecture.forLevel("relu3_2"));
        assertTrue(e.getMessage().contains("relu3_2") && e.getMessage().contains("relu1_1"), e.getMessage());
    }

    @Test
    void inferenceModelDecodesToTheUpsampledSize() throws Exception {
        DecoderArchitecture a = DecoderArchitecture.forLevel("relu2_1");
        Map<String, String> metadata = Map.of(DecoderArchitecture.KIND_KEY, DecoderArchitecture.KIND);
        OnnxModel model = a.inferenceModel(a.initialWeights(1), metadata);
        assertEquals(DecoderArchitecture.INPUT, model.inputs().get(0).name());
        assertEquals(DecoderArchitecture.OUTPUT, model.outputs().get(0).name());
        try (OrtRun run = new OrtRun(model, 1)) {
            Tensor out = run.run(Map.of("features", Tensor.randomImage(2, 1, 128, 5, 7))).get("image");
            assertArrayEquals(new long[] {1, 3, 10, 14}, out.shape());
        }
        var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (var session = env.createSession(model.toBytes())) {
            assertEquals(metadata, session.getMetadata().getCustomMetadata());
        }
    }

    @Test
    void fingerprintCoversExactlyTheLayersUsed() {
        var vgg = TinyVgg.weights(3);
        assertEquals(64, vgg.fingerprint(0).length());
        assertEquals(vgg.fingerprint(2), TinyVgg.weights(3).fingerprint(2));
        assertNotEquals(vgg.fingerprint(1), vgg.fingerprint(2));
        assertThrows(IllegalArgumentException.class, () -> vgg.fingerprint(6));
    }
}
