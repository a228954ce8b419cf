package org.styletransfer.util;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;

/**
 * Reads JSON files with Gson, strictly (RFC 8259) and with errors a user can act on.
 *
 * <p>Gson's own {@code fromJson} and {@code JsonParser} accept comments, single quotes, unquoted
 * words and NaN; a model file with any of these was written by hand or cut short, and is better
 * reported than guessed at. Gson's messages also name Gson's API ("Use JsonReader.setLenient(true)
 * ..."), which means nothing to a user; they are reworded here to what is wrong and where.</p>
 */
public final class StrictJson {
    private static final TypeAdapter<JsonElement> TREE = new Gson().getAdapter(JsonElement.class);

    private StrictJson() {
    }

    /**
     * Parses exactly one JSON value.
     *
     * @throws IllegalArgumentException "JSON: what at line L column C path P" for text that is not JSON
     */
    public static JsonElement parse(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setLenient(false);
        JsonElement value;
        try {
            value = TREE.read(reader);
        } catch (IOException | JsonParseException e) {
            throw error("", e);
        }
        try {
            if (reader.peek() != JsonToken.END_DOCUMENT) throw new IllegalStateException("a second value");
        } catch (IOException | RuntimeException e) {
            throw error("unexpected text after the end: ", e);
        }
        return value;
    }

    /**
     * Binds a parsed value to {@code type} with {@code gson}: absent fields stay null (or 0 for
     * primitives), unknown ones are ignored.
     *
     * @throws IllegalArgumentException "JSON: expected X but was Y at path P" when the structure does not fit
     */
    public static <T> T bind(Gson gson, JsonElement json, TypeToken<T> type) {
        try {
            return gson.fromJson(json, type);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw error("", e);
        }
    }

    /** {@link #bind(Gson, JsonElement, TypeToken)} for a class that is not generic. */
    public static <T> T bind(Gson gson, JsonElement json, Class<T> type) {
        return bind(gson, json, TypeToken.get(type));
    }

    /** {@link #parse} then {@link #bind(Gson, JsonElement, TypeToken)}. */
    public static <T> T read(Gson gson, String text, TypeToken<T> type) {
        return bind(gson, parse(text), type);
    }

    /** {@link #parse} then {@link #bind(Gson, JsonElement, Class)}. */
    public static <T> T read(Gson gson, String text, Class<T> type) {
        return read(gson, text, TypeToken.get(type));
    }

    /** The innermost message, reworded; Gson wraps its causes as "java.lang.IllegalStateException: ...". */
    private static IllegalArgumentException error(String what, Exception e) {
        Throwable cause = e;
        while (cause instanceof JsonParseException && cause.getCause() != null) cause = cause.getCause();
        return new IllegalArgumentException("JSON: " + what + reword(String.valueOf(cause.getMessage())), e);
    }

    /** Gson's message without its advice to programmers (which differs between Gson versions). */
    static String reword(String message) {
        return message
            .replaceAll("Use JsonReader\\.set\\w+\\([^)]*\\) to accept malformed JSON", "malformed JSON")
            .replaceAll("\\s*See https?://\\S+", "")
            .strip();
    }
}
