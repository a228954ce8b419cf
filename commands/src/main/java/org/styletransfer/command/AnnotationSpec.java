package org.styletransfer.command;

import java.util.List;

/**
 * The options about a figure's annotations, defined once for every command that has them:
 * {@code protect_annotations} and {@code annotations_from} (Fast Style, Neural Style and any
 * command that stylises planes of a {@link org.styletransfer.planes.PlaneSet}), and
 * {@code flatten_overlay} (every command). A command adds them with {@link #params()} (or
 * {@link #flattenParam()} alone); {@link AnnotationGuard} and {@link ResultRecord} read them.
 */
public final class AnnotationSpec {
    public static final String PROTECT_ANNOTATIONS = "protect_annotations";
    public static final String ANNOTATIONS_FROM = "annotations_from";
    public static final String FLATTEN_OVERLAY = "flatten_overlay";

    /** Where the annotations to protect are taken from. */
    public enum Source {
        /** Found in each plane: thin structures of pure white, black or a saturated colour. */
        AUTOMATIC("Automatic"),
        /** The image's area selection marks them (it then does not limit the stylisation). */
        SELECTION("Selection"),
        /** The shapes of the image's overlay mark them. */
        OVERLAY("Overlay");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** The text in dialogs and macros; recorded macros rely on it, so it never changes. */
        public String label() {
            return label;
        }
    }

    private AnnotationSpec() {
    }

    /** {@code protect_annotations}, {@code annotations_from} and {@code flatten_overlay}, in that order. */
    public static List<Param> params() {
        return List.of(
            Param.flag(PROTECT_ANNOTATIONS, false,
                "Keep annotations burned into the pixels (text, scale bars, arrows, thin lines in pure white, black"
                    + " or a saturated colour) as they are: they come back from the source through a soft mask.")
                .labelled("Protect annotations").under("Figure"),
            Param.choice(ANNOTATIONS_FROM, Source.class, Source::label, Source.AUTOMATIC,
                "With protect_annotations: find them automatically, or take them from the image's selection or"
                    + " overlay.").labelled("Annotations from").advanced(),
            flattenParam());
    }

    /** {@code flatten_overlay}: the source's overlay is copied to the result; this burns it into its pixels. */
    public static Param flattenParam() {
        return Param.flag(FLATTEN_OVERLAY, false,
            "Burn the overlay (copied from the source) into the result's pixels, which makes the result RGB;"
                + " otherwise it stays an overlay.").labelled("Flatten the overlay into the result");
    }

    /** True when the options ask for annotations to be protected. */
    static boolean protects(ParamValues values) {
        return has(values, PROTECT_ANNOTATIONS) && values.flag(PROTECT_ANNOTATIONS);
    }

    /** True when the selection marks the annotations, so that it must not limit the stylisation. */
    public static boolean selectionMarksAnnotations(ParamValues values) {
        return protects(values) && values.choice(ANNOTATIONS_FROM, Source.class) == Source.SELECTION;
    }

    /** True when the options ask for the overlay to be flattened. */
    static boolean flattens(ParamValues values) {
        return has(values, FLATTEN_OVERLAY) && values.flag(FLATTEN_OVERLAY);
    }

    private static boolean has(ParamValues values, String key) {
        return values.params().stream().anyMatch(p -> p.key().equals(key));
    }
}
