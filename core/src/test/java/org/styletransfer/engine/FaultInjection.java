package org.styletransfer.engine;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Deterministic failures of model runs, to test the recovery paths (smaller tiles or a lower
 * resolution after running out of memory, CPU after CUDA failed) without a machine that actually
 * fails. It works through the engine's {@link SessionInterceptor} seam: the first {@link #install()}
 * puts its interceptor on {@link OnnxEngine#shared()}, where it stays, inert on every thread without
 * a plan. A plan only affects the thread that installed it (model runs happen on the caller's
 * thread), so concurrent runs elsewhere are unaffected. Install with try-with-resources:
 *
 * <pre>{@code
 * try (FaultInjection f = FaultInjection.install().simulatingCuda().failRun(3, Fault.CUDA_FAILURE)) {
 *     ... // the 3rd model run on this thread fails as a CUDA error would
 * }
 * }</pre>
 */
public final class FaultInjection implements AutoCloseable {
    private static final ThreadLocal<FaultInjection> ACTIVE = new ThreadLocal<>();

    /**
     * A GPU that opens every session on the CPU: sessions asked for on CUDA or Auto report "CUDA",
     * so that a CPU-only machine can test what happens when CUDA fails.
     */
    private static final Accelerator SIMULATED_CUDA = simulated("simulated-cuda", true);

    /** A GPU whose provider does not load, as the GPU build's does where CUDA 12 is missing. */
    private static final Accelerator CUDA_THAT_CANNOT_START = simulated("cuda-that-cannot-start", false);

    /** A GPU that is always there; its sessions open on the CPU, or its provider fails to load. */
    private static Accelerator simulated(String id, boolean starts) {
        return new Accelerator() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String unavailableReason() {
                return null;
            }

            @Override
            public void attach(OrtSession.SessionOptions options) throws OrtException {
                // Nothing when it starts: the session runs on the CPU.
                if (!starts) {
                    throw new OrtException(OrtException.OrtErrorCode.ORT_FAIL,
                        "OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library (simulated)");
                }
            }
        };
    }

    /** Consults the plan of the calling thread, if any. */
    private static final SessionInterceptor INTERCEPTOR = new SessionInterceptor() {
        @Override
        public <T> T run(ModelSession session, Run<T> run) throws OrtException {
            FaultInjection plan = ACTIVE.get();
            if (plan != null) plan.beforeRun();
            return run.call();
        }

        @Override
        public Accelerator accelerator(Accelerator real) {
            FaultInjection plan = ACTIVE.get();
            if (plan == null) return real;
            if (plan.cudaCannotStart) return CUDA_THAT_CANNOT_START;
            return plan.simulateCuda ? SIMULATED_CUDA : real;
        }
    };

    /** A failure as ONNX Runtime or the JVM reports it. */
    public enum Fault {
        /** ONNX Runtime's CPU allocator cannot allocate a buffer. */
        ORT_OUT_OF_MEMORY,
        /** The JVM cannot allocate (heap or direct buffers). */
        JAVA_OUT_OF_MEMORY,
        /** A CUDA error that is not about memory (the device failed, a kernel crashed). */
        CUDA_FAILURE;

        /** The message a real failure of this kind carries (from ONNX Runtime 1.23 logs), marked simulated. */
        String message() {
            String prefix = "Non-zero status code returned while running Conv node. Name:'conv1' Status Message: ";
            return switch (this) {
                case ORT_OUT_OF_MEMORY -> prefix + "Failed to allocate memory for requested buffer of size 1073741824 (simulated)";
                case JAVA_OUT_OF_MEMORY -> "Direct buffer memory (simulated)";
                case CUDA_FAILURE -> prefix + "CUDA error cudaErrorIllegalAddress:an illegal memory access was encountered (simulated)";
            };
        }

        void raise() throws OrtException {
            if (this == JAVA_OUT_OF_MEMORY) throw new OutOfMemoryError(message());
            throw new OrtException(OrtException.OrtErrorCode.ORT_RUNTIME_EXCEPTION, message());
        }
    }

    private record Rule(IntPredicate runs, Fault fault) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private boolean simulateCuda;
    private boolean cudaCannotStart;
    private int runs;

    private FaultInjection() {
    }

    /** Installs an empty plan on this thread (replacing any other); add failures to it. */
    public static FaultInjection install() {
        OnnxEngine.shared().intercept(INTERCEPTOR);
        FaultInjection plan = new FaultInjection();
        ACTIVE.set(plan);
        return plan;
    }

    /** Makes model run number {@code run} (1-based, counted from install, on this thread) fail. */
    public FaultInjection failRun(int run, Fault fault) {
        rules.add(new Rule(r -> r == run, fault));
        return this;
    }

    /** Makes model run number {@code run} and every later one fail. */
    public FaultInjection failFromRun(int run, Fault fault) {
        rules.add(new Rule(r -> r >= run, fault));
        return this;
    }

    /**
     * Sessions asked for on CUDA or Auto while this plan is installed open on the CPU but report
     * "CUDA". They are cached apart from real sessions.
     */
    public FaultInjection simulatingCuda() {
        simulateCuda = true;
        return this;
    }

    /**
     * Sessions asked for on CUDA or Auto while this plan is installed find a GPU build whose CUDA
     * provider fails to load (as on a machine without CUDA 12).
     */
    public FaultInjection cudaThatCannotStart() {
        cudaCannotStart = true;
        return this;
    }

    /** Model runs seen on this thread since install (failed ones included). */
    public int runs() {
        return runs;
    }

    /** Removes the plan from this thread. */
    @Override
    public void close() {
        if (ACTIVE.get() == this) ACTIVE.remove();
    }

    /** Counts a run and fails it when the plan says so. */
    private void beforeRun() throws OrtException {
        int run = ++runs;
        for (Rule rule : rules) {
            if (rule.runs().test(run)) rule.fault().raise();
        }
    }
}
