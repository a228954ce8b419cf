package org.styletransfer.onnx;

/**
 * Thrown when bytes cannot be decoded as a protobuf message or as an ONNX model: the data is
 * empty, truncated, corrupt, or simply something else (an image, a checkpoint, random bytes).
 *
 * <p>It is checked on purpose: a bad model file is an expected user error that callers must turn
 * into a readable message, not a crash.
 */
public class InvalidModelException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long byteOffset;

    /** An error not tied to a particular position in the data. */
    public InvalidModelException(String message) {
        this(message, -1L);
    }

    /** An error found at {@code byteOffset} (counted from the start of the parsed buffer). */
    public InvalidModelException(String message, long byteOffset) {
        super(message);
        this.byteOffset = byteOffset;
    }

    /** Wraps {@code cause} with more context, keeping its byte offset when it has one. */
    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
        this.byteOffset = cause instanceof InvalidModelException e ? e.byteOffset : -1L;
    }

    /** Byte offset where the problem was found, or -1 when it is not tied to a position. */
    public long byteOffset() {
        return byteOffset;
    }
}
