package org.styletransfer.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checked values for the parameters of one command, in definition order. Missing values take the
 * parameter's default; every value is converted and range-checked by its {@link Param}.
 */
public final class ParamValues {
    private final List<Param> params;
    private final Map<String, Object> values = new LinkedHashMap<>();

    public ParamValues(List<Param> params) {
        this.params = List.copyOf(params);
        for (Param p : params) values.put(p.key(), p.defaultValue());
    }

    /** Values from a map of key to text or object (SciJava inputs, command line). Unknown keys fail. */
    public static ParamValues of(List<Param> params, Map<String, ?> given) {
        ParamValues v = new ParamValues(params);
        given.forEach(v::set);
        return v;
    }

    public ParamValues set(String key, Object value) {
        values.put(key, param(key).convert(value));
        return this;
    }

    public Param param(String key) {
        for (Param p : params) if (p.key().equals(key)) return p;
        throw new IllegalArgumentException("Unknown option '" + key + "'; known options: "
            + params.stream().map(Param::key).toList() + ".");
    }

    public List<Param> params() {
        return params;
    }

    /**
     * The value of {@code key}. An option left at its default takes the value that a chosen preset
     * (see {@link Param#presets}) gives it, so that in every front end {@code quality=Quick} alone
     * sets what Quick means, and an explicit value still wins.
     */
    public Object get(String key) {
        Param p = param(key);
        Object v = values.get(key);
        return Objects.equals(v, p.defaultValue()) ? presetValue(p, v) : v;
    }

    /** The value a chosen preset gives {@code p}, or {@code fallback} when none names it. */
    private Object presetValue(Param p, Object fallback) {
        for (Param preset : params) {
            Map<String, Object> chosen = preset.presets().get(values.get(preset.key()));
            if (chosen != null && chosen.containsKey(p.key())) return p.convert(chosen.get(p.key()));
        }
        return fallback;
    }

    public String string(String key) {
        return (String) get(key);
    }

    public double number(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public int integer(String key) {
        return ((Number) get(key)).intValue();
    }

    public boolean flag(String key) {
        return (Boolean) get(key);
    }

    /**
     * The constant chosen for an option defined by {@link Param#choice(String, Class, java.util.function.Function,
     * Enum, String)}.
     *
     * @throws IllegalArgumentException when the option is no choice of {@code type}
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        EnumLabels<?> labels = param(key).enumLabels();
        if (labels == null || labels.type() != type) {
            throw new IllegalArgumentException("Option '" + key + "' is no choice of " + type.getSimpleName() + ".");
        }
        return type.cast(labels.parse(string(key)));
    }

    /** The values as a macro option string ({@code key=value key=[with space]}), flags only when set. */
    public String toMacroOptions() {
        StringBuilder sb = new StringBuilder();
        for (Param p : params) {
            Object v = get(p.key());
            if (p.kind() == Param.Kind.BOOLEAN) {
                if ((Boolean) v) sb.append(p.key()).append(' ');
                continue;
            }
            String s = v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(v);
            sb.append(p.key()).append('=').append(s.contains(" ") || s.isEmpty() ? "[" + s + "]" : s).append(' ');
        }
        return sb.toString().trim();
    }
}
