package org.styletransfer.engine;

import java.util.Locale;

/** Which ONNX Runtime execution provider a run asks for. */
public enum Provider {
    /** CUDA when the GPU build and a GPU are present, CPU otherwise (with the reason said). */
    AUTO,
    /** CUDA only: fails with a clear message when it cannot be used. */
    CUDA,
    /** CPU only. */
    CPU;

    /** The provider a run asks for unless told otherwise, from every front end. */
    public static final Provider DEFAULT = AUTO;

    /** The name shown in dialogs and recorded in macros ("Auto", "CUDA", "CPU"). */
    public String label() {
        return this == AUTO ? "Auto" : name();
    }

    /** Parses a label or enum name, case-insensitively. */
    public static Provider parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Provider p : values()) {
            if (p.name().equals(t)) return p;
        }
        throw new IllegalArgumentException("Unknown provider '" + text + "': use Auto, CUDA or CPU.");
    }
}
