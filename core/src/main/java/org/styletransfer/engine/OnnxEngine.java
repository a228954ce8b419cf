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
    /** Sessions kept loaded; each fast-style net is ~7 MB of weights plus its arena. */
    private static final int MAX_CACHED = 12;

    private final OrtEnvironment env;
    private final Map<String, ModelSession> cache = new LinkedHashMap<>(16, 0.75f, true);
    private volatile int threads;
    private volatile IntSupplier defaultThreads = () -> Runtime.getRuntime().availableProcessors();

    private OnnxEngine() {
        env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "style-transfer");
    }

    /** The engine shared by every command of the plugin. */
    public static OnnxEngine shared() {
        return SHARED;
    }

    /**
     * Threads used inside one model run: the count set by {@link #setThreads}, else the default
     * (the processors; in ImageJ its "parallel threads" setting, see {@link #followThreads}).
     */
    public int threads() {
        if (threads > 0) return threads;
        return Math.max(1, defaultThreads.getAsInt());
    }

    /**
     * Where the default thread count comes from; the ImageJ front end passes ImageJ's "parallel
     * threads" setting (Edit > Options > Memory &amp; Threads) so that the user's choice counts.
     */
    public void followThreads(IntSupplier count) {
        defaultThreads = count;
    }

    /** Overrides the thread count (0 = follow the default again). Sessions made later use it. */
    public void setThreads(int n) {
        threads = Math.max(0, n);
    }

    /** True when this ONNX Runtime build includes the CUDA provider (the -Pcuda build). */
    public static boolean cudaBuilt() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /**
     * Returns a cached session, or loads one.
     *
     * @param key   identifies the model bytes and variant (include size and modification time of a
     *              file so that a model changed on disk is loaded again)
     * @param label names the model in messages
     * @param bytes supplies the ONNX bytes when the session must be created
     */
    public ModelSession session(String key, String label, Supplier<byte[]> bytes, Provider provider) {
        return session(key, label, bytes, provider, true);
    }

    /**
     * As {@link #session(String, String, Supplier, Provider)}; with {@code keepMemory} false the
     * session returns its working memory after every run instead of keeping it for the next. That
     * suits a model run once per image (e.g. a statistics pass): keeping memory makes repeated runs
     * 40-70% faster on CPU, but holds the largest run's memory for as long as the session lives.
     */
    public ModelSession session(String key, String label, Supplier<byte[]> bytes, Provider provider,
                                boolean keepMemory) {
        return session(new ModelSession.Recipe(key, label, bytes, provider, keepMemory));
    }

    /** The cached session of a recipe, or a new one. */
    synchronized ModelSession session(ModelSession.Recipe recipe) {
        int n = threads();
        String fullKey = recipe.key() + "|" + recipe.provider() + "|" + n + "|" + recipe.keepMemory()
            + (simulatesCuda(recipe.provider()) ? "|simulated-cuda" : "");
        ModelSession s = cache.get(fullKey);
        if (s == null) {
            s = create(recipe, n);
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

    private static boolean simulatesCuda(Provider provider) {
        return provider != Provider.CPU && FaultInjection.cudaSimulated();
    }

    private ModelSession create(ModelSession.Recipe recipe, int nThreads) {
        byte[] model = recipe.bytes().get();
        Provider provider = recipe.provider();
        String note = "";
        if (simulatesCuda(provider)) return openOrFail(recipe, model, false, nThreads, "", "CUDA");
        if (provider != Provider.CPU) {
            String why = cudaUnavailableReason();
            if (why == null) {
                try {
                    return open(recipe, model, true, nThreads, "", "CUDA");
                } catch (OrtException e) {
                    why = "CUDA could not start (" + ModelSession.firstLine(e.getMessage()) + ")";
                }
            }
            if (provider == Provider.CUDA) {
                throw new StyleTransferException(why + ". Choose provider Auto or CPU, or install the GPU build "
                    + "(onnxruntime_gpu jar, CUDA 12 and cuDNN 9).");
            }
            note = why + "; using CPU";
        }
        return openOrFail(recipe, model, false, nThreads, note, "CPU");
    }

    private ModelSession openOrFail(ModelSession.Recipe recipe, byte[] model, boolean cuda, int nThreads, String note,
                                    String reportedProvider) {
        try {
            return open(recipe, model, cuda, nThreads, note, reportedProvider);
        } catch (OrtException e) {
            throw new StyleTransferException(recipe.label() + " could not be loaded by ONNX Runtime: "
                + ModelSession.firstLine(e.getMessage())
                + ". The file may be truncated or corrupt: download or export it again.", e);
        }
    }

    private static String cudaUnavailableReason() {
        return cudaBuilt() ? null
            : "CUDA is not available in this ONNX Runtime build (the CPU jar is installed)";
    }

    private ModelSession open(ModelSession.Recipe recipe, byte[] model, boolean cuda, int nThreads, String note,
                              String reportedProvider) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            // ALL enables the blocked-layout convolution kernels: 10-25% faster than EXTENDED on CPU.
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(nThreads);
            o.setInterOpNumThreads(1);
            if (!recipe.keepMemory()) {
                o.setCPUArenaAllocator(false);
                o.setMemoryPatternOptimization(false);
            }
            if (cuda) o.addCUDA(0);
            OrtSession session = env.createSession(model, o);
            return new ModelSession(this, recipe, env, session, reportedProvider, note);
        }
    }
}
