package org.styletransfer.engine;

import ai.onnxruntime.OrtException;

/**
 * A decorator around the engine's model sessions, applied by {@link OnnxEngine} to every session it
 * opens and every run: it may watch runs (count, time, log them), fail them as ONNX Runtime or the
 * JVM would, or place sessions on another {@link Accelerator}. The default, {@link #NONE}, changes
 * nothing; another one is installed with {@link OnnxEngine#intercept}, e.g. by tests that need a
 * run to fail deterministically (core's test tree has one that injects out-of-memory and CUDA
 * failures).
 */
public interface SessionInterceptor {
    /** Changes nothing: every run runs, every session opens where the engine chose. */
    SessionInterceptor NONE = new SessionInterceptor() {
    };

    /** One model run, as the session would do it. */
    @FunctionalInterface
    interface Run<T> {
        T call() throws OrtException;
    }

    /**
     * Runs one model run of {@code session}; the default just calls it. Called on the thread that
     * asked for the run. An implementation may throw what a failing run throws
     * ({@link OrtException}, {@link OutOfMemoryError}).
     */
    default <T> T run(ModelSession session, Run<T> run) throws OrtException {
        return run.call();
    }

    /**
     * The accelerator that sessions asked for on CUDA or Auto open on, given the real one; called on
     * the thread that asks for the session. The default is {@code real}.
     */
    default Accelerator accelerator(Accelerator real) {
        return real;
    }
}
