package org.styletransfer.util;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gson held to RFC 8259, with messages that say what is wrong and where, not how to configure Gson. */
class StrictJsonTest {
    record Point(String name, int[] xy) {
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(text)).getMessage();
    }

    @Test
    void readsValidJsonIntoRecords() {
        Point p = StrictJson.read(new Gson(), "\n{\"name\": \"a \\\"b\\\" \\u00e9\", \"xy\": [1, -2], \"other\": {}}\n ",
            Point.class);
        assertEquals("a \"b\" \u00e9", p.name());
        assertEquals(List.of(1, -2), List.of(p.xy()[0], p.xy()[1]));
    }

    @Test
    void whatGsonWouldAcceptLenientlyIsAnErrorWithItsLine() {
        for (String text : List.of("{\n // a comment\n \"a\": 1}", "{'a': 1}", "{a: 1}", "{\"a\": NaN}", "{\"a\" = 1}")) {
            String m = error(text);
            assertTrue(m.startsWith("JSON: ") && m.contains(" at line "), text + " -> " + m);
            assertFalse(m.contains("setLenient") || m.contains("setStrictness") || m.contains("http"), m);
        }
        assertTrue(error("{\n \"a\": 1,\n // note\n}").contains("line 3"), error("{\n \"a\": 1,\n // note\n}"));
    }

    @Test
    void cutShortAndTrailingTextAreErrors() {
        assertTrue(error("{\"a\": [1, 2").startsWith("JSON: End of input"), error("{\"a\": [1, 2"));
        assertTrue(error("").startsWith("JSON: End of input"), error(""));
        assertTrue(error("{\"a\": 1} {\"b\": 2}").startsWith("JSON: unexpected text after the end: "),
            error("{\"a\": 1} {\"b\": 2}"));
        assertTrue(error("{\"a\": 1}\n<html>").contains("line 2"), error("{\"a\": 1}\n<html>"));
    }

    @Test
    void aStructureThatDoesNotFitNamesThePath() {
        JsonElement tree = StrictJson.parse("{\"name\": \"p\", \"xy\": {\"x\": 1}}");
        String m = assertThrows(IllegalArgumentException.class, () -> StrictJson.bind(new Gson(), tree, Point.class))
            .getMessage();
        assertTrue(m.startsWith("JSON: Expected BEGIN_ARRAY but was BEGIN_OBJECT") && m.contains("$.xy"), m);
        assertFalse(m.contains("java.lang"), m);
    }

    @Test
    void gsonsAdviceToProgrammersIsReworded() {
        assertEquals("malformed JSON at line 1 column 3 path $.",
            StrictJson.reword("Use JsonReader.setLenient(true) to accept malformed JSON at line 1 column 3 path $."));
        assertEquals("malformed JSON at line 1 column 3 path $.", StrictJson.reword("Use JsonReader.setStrictness("
            + "Strictness.LENIENT) to accept malformed JSON at line 1 column 3 path $.\nSee "
            + "https://github.com/google/gson/blob/main/Troubleshooting.md#malformed-json"));
    }
}
