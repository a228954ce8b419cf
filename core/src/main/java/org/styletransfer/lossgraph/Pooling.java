package org.styletransfer.lossgraph;

/** The 2x2, stride 2 pooling between the VGG blocks. */
public enum Pooling {
    /** Max pooling, as VGG was trained. */
    MAX,
    /** Average pooling: Gatys et al. found it gives slightly smoother syntheses. */
    AVERAGE
}
