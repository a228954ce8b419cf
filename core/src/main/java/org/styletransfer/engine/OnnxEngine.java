package org.styletransfer.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The one place that owns ONNX Runtime: the environment, the session options, the choice of
 * execution provider and a cache of loaded sessions. Everything else asks it for a
 * {@link ModelSession}.
 */
public final class OnnxEngine {
    private static final OnnxEngine SHARED = new OnnxEngine();
    private static final OnnxEngine ARITHMETIC = new OnnxEngine();
    /** Sessions kept loaded; each fast-style net is ~7 MB of weights plus its arena. */
    private static final int MAX_CACHED = 12;

    private final OrtEnvironment env;
    private final Map<String, ModelSession> cache = new LinkedHashMap<>(16, 0.75f, true);
    private volatile IntSupplier defaultThreads = () -> Runtime.getRuntime().availableProcessors();
    private volatile SessionInterceptor interceptor = SessionInterceptor.NONE;

    private OnnxEngine() {
        env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "style-transfer");
    }

    /** The engine shared by every command of the plugin. */
    public static OnnxEngine shared() {
        return SHARED;
    }

    /**
     * The engine of the plugin's own arithmetic on the CPU (e.g. L-BFGS's passes over its memory),
     * apart from the models' runs: {@link #intercept interceptors} of the shared engine (simulated
     * accelerators, injected faults, run counts) see only model runs.
     */
    public static OnnxEngine arithmetic() {
        return ARITHMETIC;
    }

    /**
     * The threads a model run gets inside ONNX Runtime when it asks for {@code requested}: that
     * count when it is positive, else (0, "automatic") the default, i.e. the processors, or in
     * ImageJ its "parallel threads" setting (see {@link #followThreads}).
     *
     * @throws IllegalArgumentException for a negative count
     */
    public int threads(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("threads must be 0 (automatic) or more, not " + requested + ".");
        }
        if (requested > 0) return requested;
        return Math.max(1, defaultThreads.getAsInt());
    }

    /**
     * Where the default thread count comes from; the ImageJ front end passes ImageJ's "parallel
     * threads" setting (Edit > Options > Memory &amp; Threads) so that the user's choice counts.
     * Runs that ask for a count of their own are not affected.
     */
    public void followThreads(IntSupplier count) {
        defaultThreads = count;
    }

    /**
     * Applies {@code interceptor} to the sessions opened and the runs started from now on
     * ({@link SessionInterceptor#NONE} to stop). Sessions that an interceptor placed on another
     * accelerator are cached apart, so they never serve runs without it.
     */
    public void intercept(SessionInterceptor interceptor) {
        this.interceptor = interceptor == null ? SessionInterceptor.NONE : interceptor;
    }

    /** The interceptor every run goes through. */
    SessionInterceptor interceptor() {
        return interceptor;
    }

    /** True when this ONNX Runtime build includes the CUDA provider (the -Pcuda build). */
    public static boolean cudaBuilt() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /**
     * Returns a cached session, or loads one.
     *
     * @param key     identifies the model bytes and variant (include size and modification time of a
     *                file so that a model changed on disk is loaded again)
     * @param label   names the model in messages
     * @param bytes   supplies the ONNX bytes when the session must be created
     * @param threads ONNX Runtime's intra-op threads for the runs of this OrtSession; 0 for the default
     *                ({@link #threads(int)}). OrtSessions with different counts are different OrtSessions,
     *                so concurrent runs asking for different counts each get their own.
     */
    public ModelSession session(String key, String label, Supplier<byte[]> bytes, Provider provider, int threads) {
        return session(key, label, bytes, provider, threads, true);
    }

    /**
     * As {@link #session(String, String, Supplier, Provider, int)}; with {@code keepMemory} false the
     * session returns its working memory after every run instead of keeping it for the next. That
     * suits a model run once per image (e.g. a statistics pass), or several models that take turns
     * on large tiles: keeping memory makes repeated runs 40-70% faster on CPU, but holds the largest
     * run's memory for as long as the session lives. Within a run, memory is still reused (an arena
     * that shrinks when the run ends: a tiled 4K universal frame took 56 s instead of 87 s with no arena).
     */
    public ModelSession session(String key, String label, Supplier<byte[]> bytes, Provider provider, int threads,
                                boolean keepMemory) {
        return session(new ModelSession.Recipe(key, label, bytes, provider, threads(threads), keepMemory));
    }

    /** The cached session of a recipe, or a new one. */
    synchronized ModelSession session(ModelSession.Recipe recipe) {
        Accelerator gpu = recipe.provider() == Provider.CPU ? null : interceptor.accelerator(Accelerator.CUDA);
        String fullKey = recipe.key() + "|" + recipe.provider() + "|" + recipe.threads() + "|" + recipe.keepMemory()
            + (gpu == null ? "" : "|" + gpu.id());
        ModelSession s = cache.get(fullKey);
        if (s == null) {
            s = create(recipe, gpu);
            cache.put(fullKey, s);
            evictOld();
        }
        return s;
    }

    private void evictOld() {
        var it = cache.entrySet().iterator();
        while (cache.size() > MAX_CACHED && it.hasNext()) {
            ModelSession old = it.next().getValue();
            it.remove();
            old.retire();
        }
    }

    /**
     * Drops every cached session (e.g. to free GPU memory). A session that is running now is
     * closed when its run ends, so this is safe while other threads stylise; their next runs
     * load the model again.
     */
    public synchronized void clear() {
        cache.values().forEach(ModelSession::retire);
        cache.clear();
    }

    /** Opens the recipe's model on the CPU, or on {@code gpu} (null for a CPU session) when it can. */
    private ModelSession create(ModelSession.Recipe recipe, Accelerator gpu) {
        byte[] model = recipe.bytes().get();
        String note = "";
        if (gpu != null) {
            String why = gpu.unavailableReason();
            String fix = "install the GPU build (onnxruntime_gpu jar, CUDA 12 and cuDNN 9)";
            if (why == null) {
                try {
                    return open(recipe, model, gpu, "");
                } catch (OrtException e) {
                    why = "CUDA could not start (" + ModelSession.firstLine(e.getMessage()) + ")";
                    // The GPU build is there: what is usually missing is the CUDA it was linked against.
                    fix = "make CUDA 12 and cuDNN 9 loadable (the GPU build is installed; its CUDA provider needs "
                        + "their libraries, which a newer CUDA does not provide)";
                }
            }
            if (recipe.provider() == Provider.CUDA) {
                throw new StyleTransferException(why + ". Choose provider Auto or CPU, or " + fix + ".");
            }
            note = why + "; using CPU";
        }
        try {
            return open(recipe, model, null, note);
        } catch (OrtException e) {
            throw notLoadable(recipe.label(), e);
        }
    }

    private static StyleTransferException notLoadable(String label, OrtException e) {
        return new StyleTransferException(label + " could not be loaded by ONNX Runtime: "
            + ModelSession.firstLine(e.getMessage()) + ". The file may be truncated or corrupt: download or export it again.", e);
    }

    /**
     * Loads a model in a CPU session of its own, only to see what it takes and returns, and closes
     * it again: for checking a file before it is kept (e.g. on import) without filling the cache.
     *
     * @param label names the model in messages
     * @throws StyleTransferException when ONNX Runtime cannot load the model
     */
    public ModelSignature inspect(String label, byte[] model) {
        ModelSession.Recipe recipe = new ModelSession.Recipe("inspect|" + label, label, () -> model, Provider.CPU, 1, false);
        try {
            ModelSession session = open(recipe, model, null, "");
            session.retire(); // never run, so this closes it now
            return session.signature();
        } catch (OrtException e) {
            throw notLoadable(label, e);
        }
    }

    private ModelSession open(ModelSession.Recipe recipe, byte[] model, Accelerator gpu, String note)
        throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            // ALL enables the blocked-layout convolution kernels: 10-25% faster than EXTENDED on CPU.
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(recipe.threads());
            o.setInterOpNumThreads(1);
            // Idle intra-op threads sleep instead of spinning: between runs our own Java work (L-BFGS's
            // two-loop on the same cores, WCT's eigendecompositions) needs those cores. At 2 threads the
            // runs themselves were as fast (candy 512: 456-464 ms either way; Gatys loss 256: 325-327 ms).
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            // Without keepMemory the arena stays but shrinks after every run (ModelSession's run options);
            // a memory pattern would plan one block per input shape, and tiles come in several shapes.
            if (!recipe.keepMemory()) o.setMemoryPatternOptimization(false);
            if (gpu != null) gpu.attach(o);
            OrtSession session = env.createSession(model, o);
            return new ModelSession(this, recipe, env, session, gpu == null ? "CPU" : "CUDA", note);
        }
    }
}
