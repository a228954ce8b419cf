package org.styletransfer.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One loaded model on one execution provider. Sessions are created and cached by
 * {@link OnnxEngine}; ONNX Runtime sessions are safe to run from several threads.
 *
 * <p>A session stays usable after the engine dropped it from its cache ({@link OnnxEngine#clear()},
 * or eviction): the native session is closed only once no run is using it, and a later run on the
 * dropped session goes to the engine's current session for the same model (loaded again if
 * needed). So code may keep a session, and one thread may clear the cache while another runs.</p>
 */
public final class ModelSession {
    /**
     * What the engine needs to open this model again, here or on another provider.
     *
     * @param threads ONNX Runtime's intra-op threads, resolved (at least 1)
     */
    record Recipe(String key, String label, Supplier<byte[]> bytes, Provider provider, int threads,
                  boolean keepMemory) {
        Recipe on(Provider p) {
            return new Recipe(key, label, bytes, p, threads, keepMemory);
        }
    }

    /** One call into ONNX Runtime, on the live loaded model (its native session and run options). */
    @FunctionalInterface
    private interface OrtCall<T> {
        T call(ModelSession live) throws OrtException;
    }

    private final OnnxEngine engine;
    private final Recipe recipe;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    private final String providerNote;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    /** Every run's options: with {@code keepMemory} false on the CPU, the arena's memory goes back when it ends. */
    private final OrtSession.RunOptions runOptions;
    /** Runs in progress; guarded by this. */
    private int users;
    /** Dropped from the engine's cache: closed when the last run ends; guarded by this. */
    private boolean retired;
    private boolean closed;

    ModelSession(OnnxEngine engine, Recipe recipe, OrtEnvironment env, OrtSession session, String provider,
                 String providerNote) throws OrtException {
        this.engine = engine;
        this.recipe = recipe;
        this.env = env;
        this.session = session;
        this.provider = provider;
        this.providerNote = providerNote;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
        // On CUDA the working memory is the GPU's, in CUDA's own arena; the CPU side holds little.
        this.runOptions = runOptions(!recipe.keepMemory() && "CPU".equals(provider));
    }

    /**
     * The options of every run; with {@code shrink} they shrink the CPU arena at the end of each run.
     * Within a run the arena still reuses the memory of tensors that are no longer needed, so the
     * kernel faults in and zeroes about the run's peak once, instead of every intermediate tensor
     * afresh as without an arena; between runs nothing is kept, so several such sessions never hold
     * their peaks at once.
     */
    private static OrtSession.RunOptions runOptions(boolean shrink) throws OrtException {
        OrtSession.RunOptions o = new OrtSession.RunOptions();
        if (shrink) o.addRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        return o;
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
        return recipe.label();
    }

    /** The execution provider this loaded model runs on: "CUDA" or "CPU". */
    public String provider() {
        return provider;
    }

    /** Why this provider was chosen when it differs from the one asked for; empty otherwise. */
    public String providerNote() {
        return providerNote;
    }

    /** ONNX Runtime's intra-op threads for this model's runs, as the run that loaded it asked. */
    public int threads() {
        return recipe.threads();
    }

    public List<TensorSpec> inputs() {
        return inputs;
    }

    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** The inputs and outputs together. */
    public ModelSignature signature() {
        return new ModelSignature(inputs, outputs);
    }

    /** The input or output with this name. */
    public TensorSpec spec(String name) {
        for (TensorSpec s : inputs) if (s.name().equals(name)) return s;
        for (TensorSpec s : outputs) if (s.name().equals(name)) return s;
        throw new IllegalArgumentException(label() + " has no input or output named " + name);
    }

    /** The same model with the same threads on the CPU provider (this one when it runs on the CPU already). */
    public ModelSession onCpu() {
        return "CPU".equals(provider) ? this : engine.session(recipe.on(Provider.CPU));
    }

    /**
     * Runs the model. Inputs are read from, and outputs written into, the given tensors' direct
     * buffers (the outputs must already have the shape the model produces for these inputs).
     *
     * @throws ModelRunException when ONNX Runtime fails, with the kind of failure
     */
    public void run(Map<String, FloatTensor> in, Map<String, FloatTensor> out) {
        call(live -> {
            live.session.run(onnx(in), Set.of(), onnx(out), live.runOptions).close();
            return null;
        });
    }

    /**
     * Runs the model and copies the named outputs into new arrays: for small outputs whose shape
     * is only known after the run (e.g. per-channel statistics).
     *
     * @throws ModelRunException when ONNX Runtime fails, with the kind of failure
     */
    public Map<String, float[]> runAndCopy(Map<String, FloatTensor> in, List<String> outputNames) {
        return call(live -> {
            try (OrtSession.Result r = live.session.run(onnx(in), new LinkedHashSet<>(outputNames), live.runOptions)) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (String name : outputNames) {
                    FloatBuffer b = ((OnnxTensor) r.get(name).orElseThrow()).getFloatBuffer();
                    float[] a = new float[b.remaining()];
                    b.get(a);
                    out.put(name, a);
                }
                return out;
            }
        });
    }

    private Map<String, OnnxTensor> onnx(Map<String, FloatTensor> tensors) throws OrtException {
        Map<String, OnnxTensor> map = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) map.put(e.getKey(), e.getValue().onnx(env));
        return map;
    }

    /**
     * Runs {@code c} on the live loaded model (this one, or the engine's current one once this was
     * dropped), whose native session and run options stay open until it returns, through the
     * engine's {@link SessionInterceptor}.
     */
    private <T> T call(OrtCall<T> c) {
        ModelSession live = acquire();
        try {
            return engine.interceptor().run(this, () -> c.call(live));
        } catch (OrtException e) {
            throw new ModelRunException(label(), live.provider, e);
        } finally {
            live.release();
        }
    }

    /** This loaded model marked as in use, or, once retired, the engine's current one for the same model. */
    private ModelSession acquire() {
        synchronized (this) {
            if (!retired) {
                users++;
                return this;
            }
        }
        return engine.session(recipe).acquire();
    }

    private void release() {
        boolean last;
        synchronized (this) {
            users--;
            last = retired && users == 0;
        }
        if (last) closeNative();
    }

    /** Called by the engine when it drops this loaded model: closes it now, or when the last run ends. */
    void retire() {
        boolean idle;
        synchronized (this) {
            retired = true;
            idle = users == 0;
        }
        if (idle) closeNative();
    }

    private void closeNative() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            session.close();
            runOptions.close();
        } catch (OrtException ignored) {
            // A failing close only leaks native memory; no run uses this OrtSession any more.
        }
    }

    static String firstLine(String s) {
        if (s == null) return "(no message)";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
