package org.styletransfer.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param look         how dialogs present it (label in words, heading, advanced, file chooser);
 *                     never part of the macro key
 * @param presets      for a CHOICE that is a preset: for each choice, the values it gives other
 *                     options (see {@link ParamValues#get(String)}); empty for other parameters
 */
public record Param(String key, Kind kind, Object defaultValue, Supplier<List<String>> choices,
                    double min, double max, String help, EnumLabels<?> enumLabels, Look look,
                    Map<String, Map<String, Object>> presets) {

    /** Value types a parameter can have. */
    public enum Kind { CHOICE, STRING, NUMBER, INTEGER, BOOLEAN }

    /** What a text option names, so that a dialog can offer a file chooser (and open images). */
    public enum PathKind {
        /** Plain text. */
        NONE,
        /** A file, e.g. a model or weights. */
        FILE,
        /** A folder. */
        FOLDER,
        /** A picture: the title of an open image or a file; dialogs offer open images and a thumbnail. */
        IMAGE,
        /**
         * Pictures with weights, {@code title or file:weight, ...} (e.g. {@code more_styles}): plain
         * text in dialogs, which record each title of an open image read from a file as that file.
         */
        IMAGE_LIST
    }

    /**
     * How dialogs present a parameter; front ends without a dialog ignore it.
     *
     * @param label    the words a dialog shows, e.g. "Total variation weight"; null for the key with spaces
     * @param group    the heading it is shown under; null to continue the previous parameter's
     * @param advanced shown only after the user asks for more options
     * @param path     what a text option names
     */
    public record Look(String label, String group, boolean advanced, PathKind path) {
        /** The key with spaces, ungrouped, always shown, plain text. */
        public static final Look PLAIN = new Look(null, null, false, PathKind.NONE);
    }

    public Param {
        look = look == null ? Look.PLAIN : look;
        presets = presets == null ? Map.of() : Map.copyOf(presets);
    }

    private Param(String key, Kind kind, Object defaultValue, Supplier<List<String>> choices,
                  double min, double max, String help, EnumLabels<?> enumLabels) {
        this(key, kind, defaultValue, choices, min, max, help, enumLabels, Look.PLAIN, Map.of());
    }

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

    /** The label shown in dialogs: the words given by {@link #labelled}, else the key with spaces, capitalised. */
    public String label() {
        if (look.label() != null) return look.label();
        String s = key.replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** This parameter shown as {@code words} in dialogs; the macro key stays {@link #key()}. */
    public Param labelled(String words) {
        return withLook(new Look(words, look.group(), look.advanced(), look.path()));
    }

    /** This parameter shown under the heading {@code group}. */
    public Param under(String group) {
        return withLook(new Look(look.label(), group, look.advanced(), look.path()));
    }

    /** This parameter among the options most users never change, which a dialog shows on request. */
    public Param advanced() {
        return withLook(new Look(look.label(), look.group(), true, look.path()));
    }

    /** This text parameter as a path of the given kind, with a file chooser in dialogs (not for IMAGE_LIST). */
    public Param browse(PathKind path) {
        return withLook(new Look(look.label(), look.group(), look.advanced(), path));
    }

    /**
     * This choice as a preset: choosing {@code choice} gives the options named in its map those
     * values, unless they were set to something other than their default.
     */
    public Param presets(Map<String, Map<String, Object>> byChoice) {
        return new Param(key, kind, defaultValue, choices, min, max, help, enumLabels, look, byChoice);
    }

    /** The dialog's heading of this parameter, or null. */
    public String group() {
        return look.group();
    }

    /** Whether dialogs show it only on request. */
    public boolean isAdvanced() {
        return look.advanced();
    }

    /** What a text parameter names. */
    public PathKind pathKind() {
        return look.path();
    }

    /** The parameters with the first under the heading {@code group} (the others follow it). */
    public static List<Param> group(String group, Param... params) {
        List<Param> all = new ArrayList<>(List.of(params));
        if (!all.isEmpty()) all.set(0, all.get(0).under(group));
        return all;
    }

    /** The parameters, each marked {@link #advanced()}. */
    public static List<Param> allAdvanced(List<Param> params) {
        return params.stream().map(Param::advanced).toList();
    }

    private Param withLook(Look newLook) {
        return new Param(key, kind, defaultValue, choices, min, max, help, enumLabels, newLook, presets);
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
