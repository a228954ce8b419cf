package org.styletransfer.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CliArgsTest {

    @Test
    void splitsPositionalArgumentsAndOptionsInAnyOrder() {
        CliArgs a = CliArgs.parse(List.of("in.png", "--model", "candy", "out.png", "--tile-size=256",
            "--Strength", "-0.5", "--planes", "All planes"));
        assertEquals(List.of("in.png", "out.png"), a.positional());
        assertEquals(Map.of("model", "candy", "tile_size", "256", "strength", "-0.5", "planes", "All planes"),
            a.options());
    }

    @Test
    void anOptionWithoutValueIsAFlag() {
        CliArgs a = CliArgs.parse(List.of("--help", "--verbose", "--threads", "2"));
        assertEquals("true", a.options().get("help"));
        assertEquals("true", a.options().get("verbose"));
        assertEquals(2, a.takeInt("threads", 0));
        assertEquals(7, a.takeInt("threads", 7), "taken options are gone");
    }

    @Test
    void badNumbersAndArgumentCountsAreUsageErrors() {
        CliArgs a = CliArgs.parse(List.of("x", "--runs", "many"));
        assertThrows(UsageException.class, () -> a.takeInt("runs", 1));
        assertThrows(UsageException.class, () -> a.expectPositional(2, "two please"));
    }
}
