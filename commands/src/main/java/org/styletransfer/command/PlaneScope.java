package org.styletransfer.command;

/** Which planes of an image a command stylises (the {@code planes} option). */
public enum PlaneScope {
    /** Only the displayed plane. */
    CURRENT("Current plane"),
    /** Every slice, frame and channel. */
    ALL("All planes");

    private final String label;

    PlaneScope(String label) {
        this.label = label;
    }

    /** The name shown in dialogs and recorded in macros; recorded macros rely on it, so it never changes. */
    public String label() {
        return label;
    }

    /** True for {@link #ALL}. */
    public boolean all() {
        return this == ALL;
    }
}
