package org.styletransfer.ij;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * Reports a problem the user can fix, and stops a running macro so that a script does not go on
 * without the result.
 */
final class UserMessages {
    private UserMessages() {
    }

    /**
     * A dialog when ImageJ has its window (with a title, {@code IJ.error} also aborts the macro).
     * Without the window ({@code -batch}, or ImageJ embedded in another program) the message goes to
     * stderr instead: ImageJ's error dialog is modal, and in a batch job nobody would ever close it.
     */
    static void error(String title, String message) {
        if (IJ.getInstance() != null) {
            IJ.error(title, message);
            return;
        }
        System.err.println(title + ": " + message);
        Interpreter.abort(); // ends the running macro quietly: the message is already out
        Macro.abort();       // and makes IJ.run(...) called from Java code stop as well
    }
}
