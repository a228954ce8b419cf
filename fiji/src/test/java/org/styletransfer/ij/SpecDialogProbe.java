package org.styletransfer.ij;

import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Container;
import java.awt.Component;
import java.awt.Label;
import java.awt.TextField;
import java.util.Optional;

/**
 * Runs {@link SpecDialog} in a separate JVM with a display (GenericDialog is an AWT dialog and
 * cannot be created headless), for {@link SpecDialogTest}. For each argument it plays a macro call
 * with those options and prints {@code OPTIONS <values as macro options>} (or {@code EMPTY} when the
 * dialog reported an error) and {@code RECORDED <what the Recorder would record>}; then it prints
 * the fields of the interactive dialog as {@code FIELD <label>=<initial value>}.
 */
public final class SpecDialogProbe {
    private SpecDialogProbe() {
    }

    public static void main(String[] args) {
        System.setErr(System.out); // error messages go to stderr; keep them in order with the results
        // GenericDialog only reads macro options on threads that ImageJ named for a run() call.
        Thread.currentThread().setName("Run$_probe");
        SpecDialog dialog = new SpecDialog(FastStyleSpec.spec());
        for (String options : args) playMacro(dialog, options);
        Macro.setOptions(null);
        printFields(dialog.build());
        System.exit(0);
    }

    private static void playMacro(SpecDialog dialog, String options) {
        Macro.setOptions(options);
        // What the Recorder sees when a recorded line is replayed with recording on.
        Recorder.record = true;
        Recorder.recordInMacros = true;
        Recorder.resetCommandOptions();
        Optional<ParamValues> values = dialog.show();
        System.out.println(values.map(v -> "OPTIONS " + v.toMacroOptions()).orElse("EMPTY"));
        System.out.println("RECORDED " + Recorder.getCommandOptions());
    }

    private static void printFields(GenericDialog gd) {
        printFields(gd, new String[1]);
    }

    /** Depth first, so that fields in panels (with "Browse...", in the advanced block) count too. */
    private static void printFields(Container container, String[] label) {
        for (Component c : container.getComponents()) {
            if (c instanceof Label l) label[0] = l.getText().trim();
            else if (c instanceof TextField tf) System.out.println("FIELD " + label[0] + "=" + tf.getText());
            else if (c instanceof Choice ch) System.out.println("FIELD " + label[0] + "=" + ch.getSelectedItem());
            else if (c instanceof Checkbox cb) System.out.println("FIELD " + cb.getLabel() + "=" + cb.getState());
            else if (c instanceof Container inner) printFields(inner, label);
        }
    }
}
