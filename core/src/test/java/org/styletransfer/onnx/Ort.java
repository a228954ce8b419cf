package org.styletransfer.onnx;

import ai.onnxruntime.OrtException;
import org.styletransfer.testutil.OrtRun;

import java.util.Map;

/** One-shot ONNX Runtime (CPU) runs of model bytes for the graph tests; all tensors are float. */
public final class Ort {

    private Ort() {
    }

    /** Runs the model with one input. */
    public static Map<String, OrtRun.Tensor> run(byte[] model, String inputName, OrtRun.Tensor input) throws OrtException {
        return run(model, Map.of(inputName, input));
    }

    /** Runs the model; returns all outputs, in model order. */
    public static Map<String, OrtRun.Tensor> run(byte[] model, Map<String, OrtRun.Tensor> inputs) throws OrtException {
        try (OrtRun session = new OrtRun(model, 0)) {
            return session.run(inputs);
        }
    }

    /** Largest absolute difference; fails on different lengths. */
    public static double maxAbsDiff(float[] a, float[] b) {
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
