package org.styletransfer.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words of a command line split into positional arguments and {@code --key value} options.
 *
 * <p>Keys are normalised to the macro keys of the menu command ({@code --tile-size} and
 * {@code --tile_size} both become {@code tile_size}) so that one spelling works everywhere. A key
 * followed by another option or by nothing is a flag with the value {@code "true"}.</p>
 *
 * @param positional the arguments that are not options, in order
 * @param options    option values by normalised key, in the order given
 */
public record CliArgs(List<String> positional, Map<String, String> options) {

    /** Splits {@code args}; {@code --key=value} and {@code --key value} are both accepted. */
    public static CliArgs parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                positional.add(a);
                continue;
            }
            String body = a.substring(2);
            int eq = body.indexOf('=');
            if (eq >= 0) {
                options.put(normalise(body.substring(0, eq)), body.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                options.put(normalise(body), args.get(++i));
            } else {
                options.put(normalise(body), "true");
            }
        }
        return new CliArgs(List.copyOf(positional), options);
    }

    /** The macro-key spelling of an option name. */
    static String normalise(String key) {
        return key.trim().replace('-', '_').toLowerCase(Locale.ROOT);
    }

    /** Removes and returns an option, or {@code fallback} when it was not given. */
    public String take(String key, String fallback) {
        String v = options.remove(key);
        return v == null ? fallback : v;
    }

    /** Removes and returns an integer option. */
    public int takeInt(String key, int fallback) {
        String v = options.remove(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("'" + v + "' is not a whole number for " + key + ".");
        }
    }

    /** Fails unless there are exactly {@code n} positional arguments. */
    public void expectPositional(int n, String usage) {
        if (positional.size() != n) throw new UsageException("Usage: " + usage);
    }
}
