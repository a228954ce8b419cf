package org.styletransfer.universal;

/** How content features are given the style's statistics. */
public enum Method {
    /** Whitening and colouring (Li et al. 2017): means and full covariances. */
    WCT("WCT"),
    /** Adaptive instance normalisation (Huang and Belongie 2017): means and per-channel deviations. */
    ADAIN("AdaIN");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /** The name in dialogs, macros and the command line. */
    public String label() {
        return label;
    }
}
