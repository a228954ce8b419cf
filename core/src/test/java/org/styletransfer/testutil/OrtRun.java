package org.styletransfer.testutil;

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
import org.styletransfer.onnx.OnnxModel;

/**
 * An ONNX Runtime CPU session for tests, with the optimisation level the plugin uses (ALL), so
 * that constant folding and layout rewrites are part of what the tests check.
 */
public final class OrtRun implements AutoCloseable {

    /** A float tensor: row-major values and shape. */
    public record Tensor(float[] values, long[] shape) {
        /** A tensor of these values and shape. */
        public static Tensor of(float[] values, long... shape) {
            return new Tensor(values, shape);
        }

        /** A one-element tensor. */
        public static Tensor scalar(double value) {
            return new Tensor(new float[] {(float) value}, new long[] {1});
        }

        /** Uniform random values in [0, 255), like an 8-bit image. */
        public static Tensor randomImage(long seed, long... shape) {
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

        /** The values as doubles. */
        public double[] doubles() {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i];
            }
            return d;
        }
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    /** A session on the model with {@code threads} intra-op threads (0 = ONNX Runtime's default). */
    public OrtRun(OnnxModel model, int threads) throws OrtException {
        this(model.toBytes(), threads);
    }

    /** A session on the model bytes with {@code threads} intra-op threads (0 = ONNX Runtime's default). */
    public OrtRun(byte[] model, int threads) throws OrtException {
        this(model, threads, null);
    }

    /** With {@code profile} non-null, ONNX Runtime writes a JSON profile of every run there. */
    public OrtRun(byte[] model, int threads, String profile) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (profile != null) {
                options.enableProfiling(profile);
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
        }
    }

    /** Runs the model; all outputs, by name. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) throws OrtException {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
                feeds.put(input.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(input.getValue().values()),
                        input.getValue().shape()));
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

    /** Ends profiling; returns the profile file name. */
    public String endProfiling() throws OrtException {
        return session.endProfiling();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
