package org.styletransfer.command;

import org.styletransfer.gatys.InterpolationSequence;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of Plugins &gt; Style Transfer &gt; Style Interpolation Sequence..., defined once:
 * two styles, the number of steps, and the optimisation options of {@link NeuralStyleSpec}.
 */
public final class InterpolationSpec {
    /** The command's title: its menu entry without "...". */
    public static final String TITLE = "Style Interpolation Sequence";
    public static final String STYLE_A = "style_a";
    public static final String STYLE_B = "style_b";
    public static final String STEPS = "steps";
    public static final String PREVIEW_EVERY = NeuralStyleSpec.PREVIEW_EVERY;

    private InterpolationSpec() {
    }

    /** The command with no styles chosen yet (a macro or script must give them). */
    public static CommandSpec spec() {
        return spec("", "");
    }

    /** The command with the styles the dialog shows first (e.g. titles of other open images). */
    public static CommandSpec spec(String defaultA, String defaultB) {
        List<Param> params = new ArrayList<>(List.of(
            Param.text(STYLE_A, defaultA, "First style (frame 1): the title of an open image, or a file path.")
                .labelled("First style picture").under("Styles").browse(Param.PathKind.IMAGE),
            Param.text(STYLE_B, defaultB,
                "Last style (frame K): title or path; a bare file name is also looked up beside style_a.")
                .labelled("Last style picture").browse(Param.PathKind.IMAGE),
            Param.integer(STEPS, InterpolationSequence.DEFAULT_STEPS, 1, 1000,
                "Frames K: frame k uses the Gram targets (1 - t) A + t B with t = (k - 1) / (K - 1).")
                .labelled("Frames")));
        params.addAll(NeuralStyleSpec.optimisationParams());
        params.add(NeuralStyleSpec.previewParam());
        params.add(AnnotationSpec.flattenParam());
        return new CommandSpec(TITLE,
            "A stack of K frames morphing the displayed plane from style A to style B, each frame continuing"
                + " from the previous one (Gatys optimisation with VGG-19).",
            params);
    }
}
