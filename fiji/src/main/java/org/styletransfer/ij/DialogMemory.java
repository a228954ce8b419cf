package org.styletransfer.ij;

import ij.Prefs;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;

import java.util.Locale;

/**
 * The last values a user chose in a command's dialog, kept in ImageJ's preferences ({@code Prefs})
 * as ImageJ's own dialogs keep theirs, so that they are offered again next time, also after a
 * restart. Macros never read them: a macro's missing options always take the spec's defaults, so
 * that it gives the same result on every machine.
 */
final class DialogMemory {
    private final String prefix;

    /** The memory of the dialog of {@code spec}, under {@code style_transfer.<title>.} in the preferences. */
    DialogMemory(CommandSpec spec) {
        this.prefix = "style_transfer." + spec.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + ".";
    }

    /**
     * The value last chosen for {@code p}, or its default when none was kept or the kept one is no
     * longer allowed (e.g. a model that was removed since).
     */
    Object recall(Param p) {
        String kept = Prefs.get(prefix + p.key(), null);
        if (kept == null) return p.defaultValue();
        try {
            return p.convert(kept);
        } catch (IllegalArgumentException e) {
            return p.defaultValue();
        }
    }

    /** Keeps {@code values} for the next dialog. */
    void remember(ParamValues values) {
        for (Param p : values.params()) Prefs.set(prefix + p.key(), String.valueOf(values.get(p.key())));
    }
}
