package org.styletransfer.ij;

import ij.Macro;
import ij.gui.GenericDialog;
import ij.io.OpenDialog;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;

import java.awt.Choice;
import java.awt.TextField;
import java.awt.event.ItemEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Vector;

/**
 * The {@link SpecDialog} of the optimisation commands, with two additions:
 * <ul>
 * <li>numbers are shown with the digits they need (a tv weight of 0.001 would otherwise show,
 * record and replay as "0.00");</li>
 * <li>for each image option (given as title or path, so that macros replay), a picker at the end
 * of the dialog ("Pick style") that fills the option's text field with the title of an open image
 * or a chosen file's path. The pickers are never read, so the
 * Recorder records only the spec's keys.</li>
 * </ul>
 */
final class NeuralStyleDialog {
    static final String NONE = "-";
    static final String BROWSE = "File...";

    private final CommandSpec spec;
    private final List<String> imageKeys;

    /** @param imageKeys STRING options that name an image and get a picker */
    NeuralStyleDialog(CommandSpec spec, String... imageKeys) {
        this.spec = spec;
        this.imageKeys = List.of(imageKeys);
    }

    /**
     * Shows the dialog (or reads a macro's options) as {@link SpecDialog#show()} does.
     *
     * @param openTitles titles offered by the pickers
     */
    Optional<ParamValues> show(List<String> openTitles) {
        SpecDialog specDialog = new SpecDialog(spec);
        GenericDialog gd = specDialog.build();
        showExactNumbers(gd);
        if (Macro.getOptions() == null) addPickers(gd, openTitles);
        gd.showDialog();
        if (gd.wasCanceled()) return Optional.empty();
        try {
            return Optional.of(specDialog.read(gd));
        } catch (IllegalArgumentException e) {
            UserMessages.error(spec.title(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Rewrites number fields whose value the dialog's fixed decimals would change. */
    @SuppressWarnings("unchecked")
    void showExactNumbers(GenericDialog gd) {
        Vector<TextField> fields = gd.getNumericFields();
        int i = 0;
        for (Param p : spec.params()) {
            if (p.kind() != Param.Kind.NUMBER && p.kind() != Param.Kind.INTEGER) continue;
            TextField field = fields.get(i++);
            double value = ((Number) p.defaultValue()).doubleValue();
            if (parses(field.getText()) != value) field.setText(exact(value));
        }
    }

    private static double parses(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The shortest decimal text of the value, without exponent ("0.00001", "10000"). */
    static String exact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    @SuppressWarnings("unchecked")
    private void addPickers(GenericDialog gd, List<String> openTitles) {
        Vector<TextField> strings = gd.getStringFields();
        List<String> stringKeys = spec.params().stream().filter(p -> p.kind() == Param.Kind.STRING)
            .map(Param::key).toList();
        List<String> items = new ArrayList<>(List.of(NONE));
        items.addAll(openTitles);
        items.add(BROWSE);
        for (String key : imageKeys) {
            TextField target = strings.get(stringKeys.indexOf(key));
            gd.addChoice("Pick_" + key, items.toArray(new String[0]), NONE);
            Vector<Choice> choices = gd.getChoices();
            Choice picker = choices.get(choices.size() - 1);
            picker.addItemListener(e -> pick(picker, target, e));
        }
    }

    private static void pick(Choice picker, TextField target, ItemEvent e) {
        String item = String.valueOf(e.getItem());
        if (BROWSE.equals(item)) {
            String path = new OpenDialog("Choose a picture").getPath();
            if (path != null) target.setText(path);
        } else if (!NONE.equals(item)) {
            target.setText(item);
        }
        picker.select(NONE);
    }
}
