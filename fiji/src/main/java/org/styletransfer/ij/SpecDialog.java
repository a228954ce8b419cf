package org.styletransfer.ij;

import ij.Macro;
import ij.gui.GenericDialog;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;

import java.util.List;
import java.util.Optional;

/**
 * The ImageJ dialog of a {@link CommandSpec}: one {@link GenericDialog} field per parameter, read
 * back into checked {@link ParamValues}.
 *
 * <p>Each field's label is the parameter's key. {@code GenericDialog} shows underscores as spaces
 * and derives the macro key from the label as written (lower-cased, up to the first space), so the
 * Recorder records exactly the spec's keys, and a recorded {@code run(...)} line replays through
 * this same code: in a macro, {@code GenericDialog} reads {@code Macro.getOptions()} itself instead
 * of showing the window.</p>
 */
public final class SpecDialog {
    /** Decimals shown for NUMBER parameters (strength and the like are fractions). */
    static final int NUMBER_DIGITS = 2;

    private final CommandSpec spec;

    /** A dialog for the given command; nothing is shown until {@link #show()}. */
    public SpecDialog(CommandSpec spec) {
        this.spec = spec;
    }

    /**
     * Shows the dialog (or, in a macro, reads the macro's options) and returns the checked values.
     * Invalid values are reported to the user and abort a running macro.
     *
     * @return the values, or empty when the user cancelled or a value was invalid
     */
    public Optional<ParamValues> show() {
        GenericDialog gd = build();
        gd.showDialog();
        if (gd.wasCanceled()) return Optional.empty();
        try {
            return Optional.of(read(gd));
        } catch (IllegalArgumentException e) {
            // Param.convert's message names the option, the bad value and what is allowed: enough
            // for the user, so no stack trace.
            UserMessages.error(spec.title(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Builds the (not yet shown) dialog with every parameter at its default. */
    GenericDialog build() {
        GenericDialog gd = new GenericDialog(spec.title());
        gd.addMessage(spec.description());
        for (Param p : spec.params()) addField(gd, p);
        gd.addHelp(helpHtml());
        return gd;
    }

    private static void addField(GenericDialog gd, Param p) {
        Object def = p.defaultValue();
        switch (p.kind()) {
            case CHOICE -> gd.addChoice(p.key(), p.choices().get().toArray(new String[0]), (String) def);
            case STRING -> gd.addStringField(p.key(), (String) def, 20);
            case NUMBER -> gd.addNumericField(p.key(), ((Number) def).doubleValue(), NUMBER_DIGITS);
            case INTEGER -> gd.addNumericField(p.key(), ((Number) def).doubleValue(), 0);
            case BOOLEAN -> gd.addCheckbox(p.key(), (Boolean) def);
        }
    }

    /**
     * Reads the fields of a dialog made by {@link #build()}, in the order they were added.
     *
     * @throws IllegalArgumentException for a value that is not allowed, with a message for the user
     */
    ParamValues read(GenericDialog gd) {
        ParamValues values = spec.defaults();
        for (Param p : spec.params()) values.set(p.key(), next(gd, p));
        return values;
    }

    private static Object next(GenericDialog gd, Param p) {
        return switch (p.kind()) {
            case CHOICE -> gd.getNextChoice();
            case STRING -> gd.getNextString();
            case BOOLEAN -> gd.getNextBoolean();
            case NUMBER, INTEGER -> number(gd, p);
        };
    }

    private static double number(GenericDialog gd, Param p) {
        checkMacroNumber(p);
        double v = gd.getNextNumber();
        // GenericDialog returns NaN for text that is no number; its own message says which text.
        if (gd.invalidNumber()) throw new IllegalArgumentException(p.key() + ": " + gd.getErrorMessage() + ".");
        return v;
    }

    /**
     * In a macro, checks a number's text before GenericDialog reads it: for text that is no number
     * GenericDialog opens a modal "Macro Error" dialog, which would block a {@code -batch} run forever.
     * Text starting with {@code &} names a macro variable; GenericDialog resolves those itself.
     */
    private static void checkMacroNumber(Param p) {
        String options = Macro.getOptions();
        if (options == null) return;
        String text = Macro.getValue(options, p.key(), null);
        if (text != null && !text.startsWith("&")) p.convert(text);
    }

    /** The Help button's text: the description and every option with its macro key. */
    String helpHtml() {
        StringBuilder sb = new StringBuilder("<html><h2>").append(escape(spec.title())).append("</h2><p>")
            .append(escape(spec.description())).append("</p><table>");
        for (Param p : spec.params()) {
            sb.append("<tr><td><b>").append(p.key()).append("</b></td><td>").append(escape(p.help()))
                .append(choicesNote(p)).append("</td></tr>");
        }
        return sb.append("</table><p>Macro: <code>run(\"").append(escape(spec.title())).append("...\", \"")
            .append(escape(spec.defaults().toMacroOptions())).append("\");</code></p></html>").toString();
    }

    private static String choicesNote(Param p) {
        if (p.kind() != Param.Kind.CHOICE) return "";
        List<String> choices = p.choices().get();
        return " <i>(" + escape(String.join(", ", choices)) + ")</i>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
