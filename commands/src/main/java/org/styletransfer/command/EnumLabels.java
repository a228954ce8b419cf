package org.styletransfer.command;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The texts of an enum's constants as dialogs show them and macros record them, e.g. "L-BFGS" for
 * {@code OptimizerKind.LBFGS}: a {@link Param} of this kind offers the texts, and
 * {@link ParamValues#choice} turns the chosen text back into the constant.
 *
 * @param type  the enum
 * @param label the text of a constant; distinct for distinct constants
 * @param <E>   the enum
 */
public record EnumLabels<E extends Enum<E>>(Class<E> type, Function<E, String> label) {

    /** Every constant's text, in declaration order. */
    public List<String> all() {
        return Arrays.stream(type.getEnumConstants()).map(label).toList();
    }

    /** The text of {@code constant}, which must be one of this enum's. */
    public String labelOf(Object constant) {
        return label.apply(type.cast(constant));
    }

    /**
     * The constant whose text is {@code text}, ignoring case.
     *
     * @throws IllegalArgumentException when none is
     */
    public E parse(String text) {
        for (E e : type.getEnumConstants()) if (label.apply(e).equalsIgnoreCase(text)) return e;
        throw new IllegalArgumentException("'" + text + "' is no " + type.getSimpleName() + "; choose one of " + all() + ".");
    }
}
