package org.styletransfer.ij;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reports a problem the user can fix, and stops a running macro so that a script does not go on
 * without the result.
 */
final class UserMessages {
    /**
     * Longest line of a message dialog, in characters: ImageJ's message dialog breaks lines only at
     * newlines, so one long sentence (a path, a model's error) would otherwise make it wider than a
     * laptop screen.
     */
    static final int LINE = 72;

    private UserMessages() {
    }

    /**
     * A dialog when ImageJ has its window (with a title, {@code IJ.error} also aborts the macro).
     * Without the window ({@code -batch}, or ImageJ embedded in another program) the message goes to
     * stderr instead: ImageJ's error dialog is modal, and in a batch job nobody would ever close it.
     * Either way the status line, which may still say what was running, is cleared.
     */
    static void error(String title, String message) {
        IJ.showStatus("");
        if (IJ.getInstance() != null) {
            IJ.error(title, readable(message));
            return;
        }
        System.err.println(title + ": " + message);
        Interpreter.abort(); // ends the running macro quietly: the message is already out
        Macro.abort();       // and makes IJ.run(...) called from Java code stop as well
    }

    /** The message with each sentence once and lines of at most {@link #LINE} characters. */
    static String readable(String message) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : message.split("\n")) lines.add(wrap(withoutRepeats(paragraph), LINE));
        return String.join("\n", lines);
    }

    /** Drops sentences that were already said (advice added by two layers of the same error). */
    static String withoutRepeats(String paragraph) {
        Set<String> seen = new LinkedHashSet<>();
        for (String sentence : paragraph.split("(?<=\\.)\\s+")) seen.add(sentence.trim());
        return String.join(" ", seen);
    }

    /** Breaks {@code text} at spaces into lines of at most {@code width} characters (longer words stay whole). */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > width) {
                out.append('\n');
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }
}
