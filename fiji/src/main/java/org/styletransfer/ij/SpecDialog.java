package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Label;
import java.awt.Panel;
import java.awt.Rectangle;
import java.awt.TextField;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Vector;

/**
 * The ImageJ dialog of any {@link CommandSpec}: one {@link GenericDialog} field per parameter, read
 * back into checked {@link ParamValues}. What each {@link Param} declares about its look gives every
 * command the same dialog features: labels in words, headings, an "Advanced..." button for the
 * options most users never change, "Browse..." for paths, open images and a thumbnail for pictures,
 * presets that fill in the options they set, the last values used, and a "Defaults" button.
 *
 * <p>Each field is added under the parameter's key: {@code GenericDialog} derives the macro key
 * from that label (lower-cased, up to the first space), so the Recorder records exactly the spec's
 * keys, and a recorded {@code run(...)} line replays through this same code; in a macro,
 * {@code GenericDialog} reads {@code Macro.getOptions()} itself instead of showing the window. The
 * words the user reads are then written into the visible label only, which the Recorder never
 * looks at. Hidden (advanced) fields are still read, so they record and replay like the others.</p>
 */
public final class SpecDialog {
    /** Decimals shown for NUMBER parameters (strength and the like are fractions). */
    static final int NUMBER_DIGITS = 2;
    static final String ADVANCED = "Advanced...";
    static final String FEWER = "Fewer options";
    static final String DEFAULTS = "Defaults";
    /** Free space kept below a dialog for the task bar of a laptop screen. */
    private static final int SCREEN_MARGIN = 40;

    private final CommandSpec spec;
    private final DialogMemory memory;
    /** Each parameter's input (TextField, Choice or Checkbox) by key, once built. */
    private final Map<String, Component> inputs = new LinkedHashMap<>();
    /**
     * The advanced options (fields, labels, headings), moved out of the dialog's own rows into a
     * scrolling block that "Advanced..." shows: 30 options would not fit on a laptop screen.
     */
    private AdvancedBlock advanced;
    private final List<Runnable> listeners = new ArrayList<>();
    private Checkbox extraCheckbox;
    private String extraCheckboxLabel;

    /** A dialog for the given command; nothing is shown until {@link #show()}. */
    public SpecDialog(CommandSpec spec) {
        this.spec = spec;
        this.memory = new DialogMemory(spec);
    }

    /** The command this dialog asks about. */
    public CommandSpec spec() {
        return spec;
    }

    /**
     * Adds an unrecorded checkbox at the end of the interactive dialog (e.g. "Preview") and a
     * listener called on the event thread whenever it or a field changes. Not ImageJ's
     * {@code DialogListener}: with one of those, GenericDialog stops recording after OK, expecting
     * the listener to have read (and so recorded) the fields.
     */
    public SpecDialog withLiveCheckbox(String label, Runnable listener) {
        this.extraCheckboxLabel = label;
        listeners.add(listener);
        return this;
    }

    /** The checkbox added by {@link #withLiveCheckbox}, once built; null otherwise. */
    Checkbox liveCheckbox() {
        return extraCheckbox;
    }

    /**
     * Shows the dialog (or, in a macro, reads the macro's options) and returns the checked values.
     * Invalid values are reported to the user and abort a running macro.
     *
     * @return the values, or empty when the user cancelled or a value was invalid
     */
    public Optional<ParamValues> show() {
        boolean interactive = Macro.getOptions() == null;
        GenericDialog gd = build();
        gd.showDialog();
        if (gd.wasCanceled()) return Optional.empty();
        if (interactive) recordPicturesAsFiles();
        try {
            ParamValues values = read(gd);
            if (interactive) memory.remember(values);
            return Optional.of(values);
        } catch (IllegalArgumentException e) {
            // Param.convert's message names the option, the bad value and what is allowed: enough
            // for the user, so no stack trace.
            UserMessages.error(spec.title(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Builds the (not yet shown) dialog: in a macro every parameter at its default, interactively
     * at the value last used, with the advanced rows hidden.
     */
    GenericDialog build() {
        boolean interactive = Macro.getOptions() == null;
        inputs.clear();
        advanced = new AdvancedBlock();
        GenericDialog gd = new GenericDialog(spec.title());
        gd.addMessage(UserMessages.readable(spec.description()));
        List<String> pictures = interactive ? otherOpenImages() : List.of();
        boolean thumbnailShown = false;
        List<Param> params = spec.params();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            int first = gd.getComponentCount();
            boolean headingMoves = p.group() != null && restOfGroupAdvanced(params, i);
            if (p.group() != null) heading(gd, p.group());
            int fieldStart = gd.getComponentCount();
            addField(gd, p, interactive ? memory.recall(p) : p.defaultValue());
            if (interactive && p.pathKind() == Param.PathKind.IMAGE) {
                gd.addPanel(PictureField.panel((TextField) inputs.get(p.key()), pictures, !thumbnailShown));
                thumbnailShown = true;
            }
            // A macro shows nothing, so its dialog keeps GenericDialog's own layout.
            if (interactive && p.isAdvanced()) {
                List<Component> taken = take(gd, headingMoves ? first : fieldStart);
                if (headingMoves) advanced.heading(taken.remove(0));
                advanced.row(p.kind() == Param.Kind.BOOLEAN, taken);
            }
        }
        if (interactive && !advanced.isEmpty()) gd.addPanel(advanced.holder());
        if (interactive) addButtons(gd);
        gd.addHelp(helpHtml());
        if (!listeners.isEmpty()) listenToInputs();
        return gd;
    }

    /** Calls the live listeners when any input or the live checkbox changes. */
    private void listenToInputs() {
        List<Component> all = new ArrayList<>(inputs.values());
        if (extraCheckbox != null) all.add(extraCheckbox);
        for (Component c : all) {
            if (c instanceof TextField t) t.addTextListener(e -> changed());
            else if (c instanceof Choice ch) ch.addItemListener(e -> changed());
            else if (c instanceof Checkbox cb) cb.addItemListener(e -> changed());
        }
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** Removes the dialog's components from index {@code from} on and returns them. */
    private static List<Component> take(GenericDialog gd, int from) {
        List<Component> taken = new ArrayList<>();
        for (int i = from; i < gd.getComponentCount(); i++) taken.add(gd.getComponent(i));
        taken.forEach(gd::remove);
        return taken;
    }

    /** A bold heading above a group of options. */
    private static void heading(GenericDialog gd, String group) {
        gd.setInsets(8, 0, 0);
        gd.addMessage(group, new Font(Font.SANS_SERIF, Font.BOLD, 12));
    }

    /** True when the group starting at {@code start} holds only advanced options (its heading hides with them). */
    private static boolean restOfGroupAdvanced(List<Param> params, int start) {
        for (int i = start; i < params.size(); i++) {
            if (i > start && params.get(i).group() != null) break;
            if (!params.get(i).isAdvanced()) return false;
        }
        return true;
    }

    /** Adds {@code p}'s field under its key, then shows its words in the visible label. */
    private void addField(GenericDialog gd, Param p, Object value) {
        switch (p.kind()) {
            case CHOICE -> gd.addChoice(p.key(), p.choices().get().toArray(new String[0]), (String) value);
            case STRING -> addText(gd, p, (String) value);
            case NUMBER -> gd.addNumericField(p.key(), ((Number) value).doubleValue(), NUMBER_DIGITS);
            case INTEGER -> gd.addNumericField(p.key(), ((Number) value).doubleValue(), 0);
            case BOOLEAN -> gd.addCheckbox(p.key(), (Boolean) value);
        }
        Component input = lastInput(gd, p);
        inputs.put(p.key(), input);
        if (input instanceof Checkbox box) {
            box.setLabel(p.label());
        } else {
            Label label = gd.getLabel();
            if (label != null) label.setText(p.label());
        }
        if (input instanceof TextField field && p.kind() != Param.Kind.STRING) field.setText(numberText(p, value));
        if (!p.presets().isEmpty() && input instanceof Choice choice) {
            choice.addItemListener(e -> applyPreset(p, choice.getSelectedItem()));
        }
    }

    private static void addText(GenericDialog gd, Param p, String value) {
        switch (p.pathKind()) {
            case FILE, IMAGE -> gd.addFileField(p.key(), value, 20);
            case FOLDER -> gd.addDirectoryField(p.key(), value, 20);
            case NONE, IMAGE_LIST -> gd.addStringField(p.key(), value, 20);
        }
    }

    private static Component lastInput(GenericDialog gd, Param p) {
        Vector<?> all = switch (p.kind()) {
            case CHOICE -> gd.getChoices();
            case STRING -> gd.getStringFields();
            case NUMBER, INTEGER -> gd.getNumericFields();
            case BOOLEAN -> gd.getCheckboxes();
        };
        return (Component) all.lastElement();
    }

    /**
     * A number as the field shows it: fractions with {@link #NUMBER_DIGITS} decimals unless those
     * would change the value (a tv weight of 0.001 would otherwise show, record and replay as
     * "0.00"), then with the digits it needs.
     */
    static String numberText(Param p, Object value) {
        double v = ((Number) value).doubleValue();
        String fixed = IJ.d2s(v, p.kind() == Param.Kind.NUMBER ? NUMBER_DIGITS : 0);
        try {
            if (Double.parseDouble(fixed) == v) return fixed;
        } catch (NumberFormatException e) {
            // IJ.d2s gives "NaN" and the like: fall through to the exact text
        }
        return exact(v);
    }

    /** The shortest decimal text of the value, without exponent ("0.00001", "10000"). */
    static String exact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Sets the fields a preset names to the preset's values. */
    private void applyPreset(Param preset, String choice) {
        Map<String, Object> values = preset.presets().get(choice);
        if (values == null) return;
        ParamValues checked = spec.defaults();
        values.forEach((key, v) -> setInput(checked.param(key), checked.param(key).convert(v)));
    }

    /**
     * The values the fields hold now, while the dialog is open (for a preview), read from the
     * fields themselves: GenericDialog's own readers would record them.
     *
     * @throws IllegalArgumentException for a value that is not (yet) allowed
     */
    public ParamValues currentValues() {
        ParamValues values = spec.defaults();
        for (Param p : spec.params()) values.set(p.key(), inputValue(inputs.get(p.key())));
        return values;
    }

    private static Object inputValue(Component c) {
        if (c instanceof TextField t) return t.getText();
        if (c instanceof Choice ch) return ch.getSelectedItem();
        return ((Checkbox) c).getState();
    }

    /** Puts {@code value} into {@code p}'s field. */
    private void setInput(Param p, Object value) {
        Component c = inputs.get(p.key());
        if (c instanceof TextField t) t.setText(p.kind() == Param.Kind.STRING ? (String) value : numberText(p, value));
        else if (c instanceof Choice ch) ch.select(String.valueOf(value));
        else if (c instanceof Checkbox cb) cb.setState((Boolean) value);
    }

    /** "Advanced..." (when the spec has advanced options), "Defaults" and the optional live checkbox. */
    private void addButtons(GenericDialog gd) {
        Panel buttons = new Panel(new FlowLayout(FlowLayout.LEFT, 4, 0));
        if (!advanced.isEmpty()) {
            Button more = new Button(ADVANCED);
            more.addActionListener(e -> toggleAdvanced(gd, more));
            buttons.add(more);
        }
        Button defaults = new Button(DEFAULTS);
        defaults.addActionListener(e -> spec.params().forEach(p -> setInput(p, p.defaultValue())));
        buttons.add(defaults);
        gd.setInsets(10, 0, 0);
        gd.addPanel(buttons);
        if (extraCheckboxLabel != null) {
            // Added last and never read, so it is neither recorded nor shifts the other checkboxes.
            gd.addCheckbox(extraCheckboxLabel, false);
            extraCheckbox = (Checkbox) gd.getCheckboxes().lastElement();
        }
    }

    /**
     * Shows or hides the advanced block. Shown, it gets the height the screen has left below the
     * rest of the dialog and scrolls when its options need more.
     */
    private void toggleAdvanced(GenericDialog gd, Button button) {
        boolean show = ADVANCED.equals(button.getLabel());
        Rectangle screen = gd.getGraphicsConfiguration().getBounds();
        // Twice the margin: once for the task bar, once for the block's own border and insets.
        advanced.show(show, screen.height - 2 * SCREEN_MARGIN - gd.getHeight());
        button.setLabel(show ? FEWER : ADVANCED);
        gd.pack();
        keepOnScreen(gd);
    }

    /** Moves a grown dialog up so that its buttons stay on the screen. */
    static void keepOnScreen(GenericDialog gd) {
        Rectangle screen = gd.getGraphicsConfiguration().getBounds();
        Dimension size = gd.getSize();
        int y = Math.min(gd.getY(), screen.y + screen.height - SCREEN_MARGIN - size.height);
        gd.setLocation(gd.getX(), Math.max(screen.y, y));
    }

    /**
     * Writes the file of each picture option that names an open image read from a file into its
     * field before the fields are read, so that the Recorder records the path: a recorded line then
     * replays in a fresh ImageJ, where that window does not exist. In a list of pictures with
     * weights ({@code more_styles}), each entry's picture likewise.
     */
    private void recordPicturesAsFiles() {
        for (Param p : spec.params()) {
            if (!(inputs.get(p.key()) instanceof TextField field)) continue;
            if (p.pathKind() == Param.PathKind.IMAGE) field.setText(PictureField.recordable(field.getText()));
            else if (p.pathKind() == Param.PathKind.IMAGE_LIST) field.setText(PictureField.recordableList(field.getText()));
        }
    }

    /** Titles of the open images other than the active one, which is the image to stylise. */
    static List<String> otherOpenImages() {
        ImagePlus active = WindowManager.getCurrentImage();
        List<String> titles = new ArrayList<>();
        for (String t : WindowManager.getImageTitles()) {
            if (active == null || !t.equals(active.getTitle())) titles.add(t);
        }
        return titles;
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

    /** The Help button's text: the description and every option with its words and macro key. */
    String helpHtml() {
        StringBuilder sb = new StringBuilder("<html><h2>").append(escape(spec.title())).append("</h2><p>")
            .append(escape(spec.description())).append("</p><table>");
        for (Param p : spec.params()) {
            sb.append("<tr><td><b>").append(escape(p.label())).append("</b><br><code>").append(p.key())
                .append("</code></td><td>").append(escape(p.help())).append(choicesNote(p)).append("</td></tr>");
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
