package org.styletransfer.engine;

/**
 * A problem the user can fix (bad model, unsupported image, not enough memory...). Its message
 * names the problem and the fix; front ends show it as-is, without a stack trace.
 */
public class StyleTransferException extends RuntimeException {
    public StyleTransferException(String message) {
        super(message);
    }

    public StyleTransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
