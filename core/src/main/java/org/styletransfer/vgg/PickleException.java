package org.styletransfer.vgg;

/**
 * A pickle stream that {@link SafeUnpickler} will not or cannot read: truncated, corrupt, using an
 * opcode a weights file never needs, or asking to call a function that is not on the allowlist.
 * The message says what was found, without the file name; readers add it.
 */
final class PickleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** True when the stream asked for a function outside the allowlist (possibly malicious). */
    private final boolean refusedGlobal;

    PickleException(String message) {
        this(message, false);
    }

    PickleException(String message, boolean refusedGlobal) {
        super(message);
        this.refusedGlobal = refusedGlobal;
    }

    /** Whether the stream was rejected because it asked to call a function it must not call. */
    boolean refusedGlobal() {
        return refusedGlobal;
    }
}
