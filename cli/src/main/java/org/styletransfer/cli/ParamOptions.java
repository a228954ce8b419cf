package org.styletransfer.cli;

import org.styletransfer.command.Param;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options generated from a command's {@link Param} definitions, so that the command
 * line offers exactly the options of the menu command and its macro keys: {@code --key value},
 * typed, checked by the Param itself (same messages as the dialog), with the Param's description,
 * default and allowed values in {@code --help} and its choices as completion candidates.
 */
public final class ParamOptions {
    private ParamOptions() {
    }

    /** A value the Param rejected; its message already names the option and what is allowed. */
    static final class InvalidValue extends TypeConversionException {
        InvalidValue(String message) {
            super(message);
        }
    }

    /**
     * Adds an option {@code --key} for each of {@code params}, except those whose name the command
     * already defines itself (a benchmark's own {@code --provider}, say).
     */
    public static void addTo(CommandSpec command, List<Param> params) {
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (command.findOption("--" + p.key()) == null) command.addOption(option(p, i + 1));
        }
    }

    /** The option of one Param, listed in {@code --help} at {@code order} (the dialog's order). */
    static OptionSpec option(Param p, int order) {
        OptionSpec.Builder b = OptionSpec.builder("--" + p.key())
            .order(order)
            .type(javaType(p.kind()))
            .paramLabel("<" + p.kind().name().toLowerCase(java.util.Locale.ROOT) + ">")
            .description(description(p))
            // Shown in the description; not a picocli default, which picocli would convert (and so
            // check) on every run, even a catalogue default that is not installed and not asked for.
            .showDefaultValue(Help.Visibility.NEVER)
            .converters(text -> convert(p, text))
            .userObject(p);
        if (p.kind() == Param.Kind.CHOICE) b.completionCandidates(() -> p.choices().get().iterator());
        // A flag may stand alone (--use_roi) or take a value (--use_roi false).
        if (p.kind() == Param.Kind.BOOLEAN) b.arity("0..1");
        return b.build();
    }

    /**
     * The values given on the command line, by key, for {@code ParamValues.of}: options that were
     * not given are absent and take their Param's default there.
     */
    public static Map<String, Object> given(ParseResult parsed) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (o.userObject() instanceof Param p) values.put(p.key(), o.getValue());
        }
        return values;
    }

    private static Object convert(Param p, String text) {
        try {
            return p.convert(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(e.getMessage());
        }
    }

    private static Class<?> javaType(Param.Kind kind) {
        return switch (kind) {
            case CHOICE, STRING -> String.class;
            case NUMBER -> Double.class;
            case INTEGER -> Integer.class;
            case BOOLEAN -> Boolean.class;
        };
    }

    /** The Param's help, then its allowed values and default, each on its own line. */
    private static String[] description(Param p) {
        List<String> lines = new ArrayList<>();
        // picocli formats descriptions with String.format: a literal % must be doubled.
        lines.add(p.help().replace("%", "%%"));
        // Indented as picocli indents the defaults it shows itself (the benchmarks' options).
        switch (p.kind()) {
            case CHOICE -> lines.add("  Allowed values: ${COMPLETION-CANDIDATES}");
            case NUMBER, INTEGER -> lines.add("  Allowed values: " + plain(p.min()) + " to " + plain(p.max()));
            default -> {
            }
        }
        lines.add("  Default: " + shown(p.defaultValue()).replace("%", "%%"));
        return lines.toArray(String[]::new);
    }

    /** A default as the user would type it: quoted when empty or with spaces, numbers without ".0". */
    private static String shown(Object value) {
        String s = value instanceof Double d ? plain(d) : String.valueOf(value);
        return s.isEmpty() || s.contains(" ") ? "\"" + s + "\"" : s;
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
