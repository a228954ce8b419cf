package org.styletransfer.graph;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Runs model bytes in ONNX Runtime (CPU) for tests; all tensors are float. */
final class Ort {

    /** A float tensor: values in row-major order and shape. */
    record Tensor(float[] values, long[] shape) {

        /** Uniform random values in [0, 255), like an 8-bit image. */
        static Tensor randomImage(long seed, long... shape) {
            SplittableRandom random = new SplittableRandom(seed);
            long count = 1;
            for (long dim : shape) {
                count *= dim;
            }
            float[] values = new float[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (255 * random.nextDouble());
            }
            return new Tensor(values, shape);
        }
    }

    private Ort() {
    }

    /** Runs the model with one input. */
    static Map<String, Tensor> run(byte[] model, String inputName, Tensor input) throws OrtException {
        return run(model, Map.of(inputName, input));
    }

    /** Runs the model; returns all outputs, in model order. */
    static Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model, options)) {
            for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
                feeds.put(input.getKey(), OnnxTensor.createTensor(env,
                        FloatBuffer.wrap(input.getValue().values()), input.getValue().shape()));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                Map<String, Tensor> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> output : result) {
                    OnnxTensor tensor = (OnnxTensor) output.getValue();
                    FloatBuffer buffer = tensor.getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    outputs.put(output.getKey(), new Tensor(values, tensor.getInfo().getShape()));
                }
                return outputs;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** Largest absolute difference; fails on different lengths. */
    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
