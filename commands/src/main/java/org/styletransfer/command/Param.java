package org.styletransfer.command;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One option of a command, defined once and used by the ImageJ dialog, the macro recorder, the
 * SciJava command and the command line alike.
 *
 * <p>The {@code key} is what macros record ({@code key=value}); the ImageJ dialog shows it with
 * underscores as spaces, which is also how {@code GenericDialog} derives the recorded key.</p>
 *
 * @param key          macro key, lower case with underscores, unique within the command
 * @param kind         the value's type
 * @param defaultValue String, Double, Integer or Boolean according to {@code kind}
 * @param choices      the allowed values of a {@link Kind#CHOICE}; empty for other kinds
 * @param min          smallest allowed number (NUMBER and INTEGER)
 * @param max          largest allowed number (NUMBER and INTEGER)
 * @param help         one sentence shown as tooltip/description
 * @param enumLabels   for a CHOICE of an enum's constants: their texts (then {@code choices} are
 *                     those texts and {@code defaultValue} is one of them); null for other parameters
 */
public record Param(String key, Kind kind, Object defaultValue, Supplier<List<String>> choices,
                    double min, double max, String help, EnumLabels<?> enumLabels) {

    /** Value types a parameter can have. */
    public enum Kind { CHOICE, STRING, NUMBER, INTEGER, BOOLEAN }

    /** A choice among texts known only at run time (e.g. the installed models). */
    public static Param choice(String key, Supplier<List<String>> choices, String defaultValue, String help) {
        return new Param(key, Kind.CHOICE, defaultValue, choices, 0, 0, help, null);
    }

    /**
     * A choice of one of an enum's constants, offered and recorded as their labels; read it back
     * with {@link ParamValues#choice(String, Class)}.
     *
     * @param label the constant's text in dialogs and macros, e.g. {@code Provider::label}
     */
    public static <E extends Enum<E>> Param choice(String key, Class<E> type, Function<E, String> label,
                                                   E defaultValue, String help) {
        EnumLabels<E> labels = new EnumLabels<>(type, label);
        return new Param(key, Kind.CHOICE, label.apply(defaultValue), labels::all, 0, 0, help, labels);
    }

    public static Param text(String key, String defaultValue, String help) {
        return new Param(key, Kind.STRING, defaultValue, List::of, 0, 0, help, null);
    }

    public static Param number(String key, double defaultValue, double min, double max, String help) {
        return new Param(key, Kind.NUMBER, defaultValue, List::of, min, max, help, null);
    }

    public static Param integer(String key, int defaultValue, int min, int max, String help) {
        return new Param(key, Kind.INTEGER, defaultValue, List::of, min, max, help, null);
    }

    public static Param flag(String key, boolean defaultValue, String help) {
        return new Param(key, Kind.BOOLEAN, defaultValue, List::of, 0, 0, help, null);
    }

    /** The label shown in dialogs: the key with spaces, capitalised. */
    public String label() {
        String s = key.replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * Converts a value given as text (macro option, command line) or as an object (script) to this
     * parameter's type, checking ranges and choices.
     *
     * @throws IllegalArgumentException naming the parameter, the bad value and what is allowed
     */
    public Object convert(Object value) {
        if (value == null) return defaultValue;
        // A script may pass the constant itself (e.g. Provider.CPU): it stands for its label.
        if (enumLabels != null && enumLabels.type().isInstance(value)) return enumLabels.labelOf(value);
        String text = value.toString().trim();
        try {
            return switch (kind) {
                case STRING -> text;
                case CHOICE -> matchChoice(text);
                case BOOLEAN -> value instanceof Boolean b ? b : parseBoolean(text);
                case NUMBER -> inRange(value instanceof Number n ? n.doubleValue() : Double.parseDouble(text));
                case INTEGER -> (int) inRange(value instanceof Number n ? n.intValue() : (int) Math.round(Double.parseDouble(text)));
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number for " + key + ".");
        }
    }

    private String matchChoice(String text) {
        List<String> all = choices.get();
        for (String c : all) if (c.equalsIgnoreCase(text)) return c;
        throw new IllegalArgumentException("'" + text + "' is not a valid " + key + "; choose one of " + all + ".");
    }

    private boolean parseBoolean(String text) {
        return switch (text.toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off", "" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true/false for " + key + ".");
        };
    }

    private double inRange(double v) {
        if (Double.isNaN(v) || v < min || v > max) {
            throw new IllegalArgumentException(key + " must be between " + fmt(min) + " and " + fmt(max) + ", not " + fmt(v) + ".");
        }
        return v;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
