package org.styletransfer.engine;

import ai.onnxruntime.OrtException;

import java.util.List;
import java.util.Locale;

/**
 * ONNX Runtime failed to run a model. The failure is classified so that callers can recover: with
 * less memory after {@link Kind#OUT_OF_MEMORY}, or on another provider after {@link Kind#PROVIDER}.
 */
public class ModelRunException extends StyleTransferException {
    /**
     * Fragments of ONNX Runtime's allocation-failure messages, lower case: the CPU allocator
     * ("Failed to allocate memory for requested buffer", std::bad_alloc), the arena ("BFCArena ...
     * Available memory of 0 is smaller than requested bytes") and CUDA, cuBLAS and cuDNN
     * ("CUDA failure 2: out of memory", "CUBLAS_STATUS_ALLOC_FAILED", cudaErrorMemoryAllocation).
     */
    private static final List<String> OUT_OF_MEMORY_MARKS = List.of("failed to allocate", "bad_alloc",
        "bad allocation", "bfcarena", "available memory of", "out of memory", "alloc_failed",
        "cudaerrormemoryallocation");

    /** What kind of failure it was. */
    public enum Kind {
        /** An allocation failed (host or GPU memory): a smaller run may succeed. */
        OUT_OF_MEMORY,
        /** The inputs do not fit the model (shape, rank, type): any provider would refuse them too. */
        BAD_INPUT,
        /** Anything else, e.g. a CUDA error: the same run on another provider may succeed. */
        PROVIDER
    }

    private final Kind kind;
    private final String provider;
    private final String detail;

    ModelRunException(String label, String provider, OrtException cause) {
        super("ONNX Runtime failed to run " + label + " on " + provider + ": " + detail(cause), cause);
        this.kind = classify(cause);
        this.provider = provider;
        this.detail = detail(cause);
    }

    /** The first line of ONNX Runtime's message, without the Java binding's "Error code - X - message: " prefix. */
    private static String detail(OrtException e) {
        return ModelSession.firstLine(e.getMessage()).replaceFirst("^Error code - \\w+ - message: ", "");
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    /** The provider the failed run was on ("CPU" or "CUDA"). */
    public String provider() {
        return provider;
    }

    /** ONNX Runtime's own message, first line only. */
    public String detail() {
        return detail;
    }

    /** Classifies by message first: ONNX Runtime reports allocation failures under several codes. */
    static Kind classify(OrtException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (OUT_OF_MEMORY_MARKS.stream().anyMatch(m::contains)) return Kind.OUT_OF_MEMORY;
        if (e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT) return Kind.BAD_INPUT;
        return Kind.PROVIDER;
    }

    /**
     * True when {@code t} says that memory ran out: an allocation failure inside ONNX Runtime, or
     * the JVM's {@link OutOfMemoryError} (heap, or direct buffers for the tensors).
     */
    public static boolean isOutOfMemory(Throwable t) {
        return t instanceof OutOfMemoryError || t instanceof ModelRunException e && e.kind == Kind.OUT_OF_MEMORY;
    }

    /** The one-line reason of an out-of-memory failure, for messages. */
    public static String reason(Throwable t) {
        if (t instanceof ModelRunException e) return e.detail();
        String m = t.getMessage();
        return "Java: " + (m == null ? t.getClass().getSimpleName() : m);
    }
}
