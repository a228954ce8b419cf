package org.styletransfer.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One loaded model on one execution provider. Sessions are created and cached by
 * {@link OnnxEngine}; ONNX Runtime sessions are safe to run from several threads.
 */
public final class ModelSession {
    private final String label;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    private final String providerNote;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;

    ModelSession(String label, OrtEnvironment env, OrtSession session, String provider, String providerNote)
            throws OrtException {
        this.label = label;
        this.env = env;
        this.session = session;
        this.provider = provider;
        this.providerNote = providerNote;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> list = new ArrayList<>();
        for (NodeInfo info : infos.values()) {
            if (info.getInfo() instanceof TensorInfo t) {
                list.add(new TensorSpec(info.getName(), t.type.toString().toLowerCase(), t.getShape()));
            } else {
                list.add(new TensorSpec(info.getName(), info.getInfo().toString(), new long[0]));
            }
        }
        return List.copyOf(list);
    }

    /** Where the model came from, for messages. */
    public String label() {
        return label;
    }

    /** The execution provider this session runs on: "CUDA" or "CPU". */
    public String provider() {
        return provider;
    }

    /** Why this provider was chosen when it differs from the one asked for; empty otherwise. */
    public String providerNote() {
        return providerNote;
    }

    public List<TensorSpec> inputs() {
        return inputs;
    }

    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** The input or output with this name. */
    public TensorSpec spec(String name) {
        for (TensorSpec s : inputs) if (s.name().equals(name)) return s;
        for (TensorSpec s : outputs) if (s.name().equals(name)) return s;
        throw new IllegalArgumentException(label + " has no input or output named " + name);
    }

    /**
     * Runs the model. Inputs are read from, and outputs written into, the given tensors' direct
     * buffers (the outputs must already have the shape the model produces for these inputs).
     */
    public void run(Map<String, FloatTensor> in, Map<String, FloatTensor> out) {
        try {
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            for (var e : in.entrySet()) feeds.put(e.getKey(), e.getValue().onnx(env));
            Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
            for (var e : out.entrySet()) pinned.put(e.getKey(), e.getValue().onnx(env));
            session.run(feeds, pinned).close();
        } catch (OrtException e) {
            throw new StyleTransferException("ONNX Runtime failed to run " + label + " on " + provider + ": "
                + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Runs the model and copies the named outputs into new arrays: for small outputs whose shape
     * is only known after the run (e.g. per-channel statistics).
     */
    public Map<String, float[]> runAndCopy(Map<String, FloatTensor> in, List<String> outputNames) {
        try {
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            for (var e : in.entrySet()) feeds.put(e.getKey(), e.getValue().onnx(env));
            try (OrtSession.Result r = session.run(feeds, new java.util.LinkedHashSet<>(outputNames))) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (String name : outputNames) {
                    java.nio.FloatBuffer b = ((OnnxTensor) r.get(name).orElseThrow()).getFloatBuffer();
                    float[] a = new float[b.remaining()];
                    b.get(a);
                    out.put(name, a);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new StyleTransferException("ONNX Runtime failed to run " + label + " on " + provider + ": "
                + firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String s) {
        if (s == null) return "(no message)";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    void close() throws OrtException {
        session.close();
    }
}
