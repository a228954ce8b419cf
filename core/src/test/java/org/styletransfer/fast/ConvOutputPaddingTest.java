package org.styletransfer.fast;

import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.TestModels;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ConvOutputPaddingTest {

    private static float[] run(byte[] model, float[] input, long[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result r = s.run(Map.of("input", t))) {
            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    @Test
    void paddedModelGivesTheSameOutput() throws Exception {
        OnnxModel model = TestModels.imageToImageModel(true, 7);
        byte[] original = model.toBytes();
        assertEquals(2, ConvOutputPadding.apply(model), "both convs (3 -> 8 and 8 -> 3 channels) are padded");
        assertEquals(0, ConvOutputPadding.apply(model), "nothing left to pad");
        long[] shape = {1, 3, 20, 28};
        float[] in = new float[3 * 20 * 28];
        Random rnd = new Random(3);
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() * 255;
        float[] expected = run(original, in, shape);
        float[] got = run(model.toBytes(), in, shape);
        assertEquals(expected.length, got.length);
        for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], 1e-3, "at " + i);
    }
}
