package org.styletransfer.lossgraph;

/** The 2x2, stride 2 pooling between the VGG blocks. */
public enum Pooling {
    /** Max pooling, as VGG was trained. */
    MAX("max"),
    /** Average pooling: Gatys et al. found it gives slightly smoother syntheses. */
    AVERAGE("average");

    private final String label;

    Pooling(String label) {
        this.label = label;
    }

    /** The name shown in dialogs and recorded in macros; recorded macros rely on it, so it never changes. */
    public String label() {
        return label;
    }
}
