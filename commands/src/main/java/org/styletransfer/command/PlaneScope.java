package org.styletransfer.command;

import ij.ImagePlus;
import org.styletransfer.planes.DisplayedColours;

/** Which planes of an image a command stylises (the {@code planes} option). */
public enum PlaneScope {
    /** Only the displayed plane. */
    CURRENT("Current plane"),
    /** Every slice, frame and channel. */
    ALL("All planes"),
    /**
     * The merged colour rendering of each Z/T position of a composite, as it is displayed (its
     * LUTs, display ranges and active channels): one RGB result per position.
     */
    AS_DISPLAYED("As displayed (RGB)");

    private final String label;

    PlaneScope(String label) {
        this.label = label;
    }

    /** The name shown in dialogs and recorded in macros; recorded macros rely on it, so it never changes. */
    public String label() {
        return label;
    }

    /** True for {@link #ALL} and {@link #AS_DISPLAYED}, which process every plane of the image they work on. */
    public boolean all() {
        return this != CURRENT;
    }

    /**
     * The image a command works on for this scope: {@code source} itself, or for
     * {@link #AS_DISPLAYED} its colour rendering as displayed ({@link DisplayedColours}), a new image.
     *
     * @throws org.styletransfer.engine.StyleTransferException when that rendering is one flat colour
     */
    public ImagePlus input(ImagePlus source) {
        return this == AS_DISPLAYED && source != null ? DisplayedColours.of(source) : source;
    }
}
