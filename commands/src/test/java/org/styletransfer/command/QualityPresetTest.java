package org.styletransfer.command;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code quality=Quick|Balanced|Best}: what each sets, and that an explicit option wins. */
class QualityPresetTest {
    private static ParamValues given(Map<String, ?> options) {
        return ParamValues.of(NeuralStyleSpec.spec().params(), options);
    }

    @Test
    void balancedIsTheDefaultsSoOlderMacrosReplayUnchanged() {
        ParamValues none = given(Map.of());
        ParamValues balanced = given(Map.of(NeuralStyleSpec.QUALITY, "Balanced"));
        assertEquals(none.toMacroOptions(), balanced.toMacroOptions());
        assertEquals(100, none.integer(NeuralStyleSpec.ITERATIONS));
        assertEquals(NeuralStyleSpec.DEFAULT_MAX_SIZE, none.integer(NeuralStyleSpec.MAX_SIZE));
    }

    @Test
    void aPresetSetsIterationsSizeAndLevels() {
        ParamValues quick = given(Map.of(NeuralStyleSpec.QUALITY, "quick"));
        assertEquals(40, quick.integer(NeuralStyleSpec.ITERATIONS));
        assertEquals(256, quick.integer(NeuralStyleSpec.MAX_SIZE));
        ParamValues best = given(Map.of(NeuralStyleSpec.QUALITY, "Best"));
        assertEquals(3, best.integer(NeuralStyleSpec.LEVELS));
        assertEquals(1024, best.integer(NeuralStyleSpec.MAX_SIZE));
        assertTrue(best.toMacroOptions().contains("iterations=300 "), best.toMacroOptions());
    }

    @Test
    void anAdvancedOptionOverridesThePreset() {
        ParamValues v = given(Map.of(NeuralStyleSpec.QUALITY, "Quick", NeuralStyleSpec.ITERATIONS, "7"));
        assertEquals(7, v.integer(NeuralStyleSpec.ITERATIONS));
        assertEquals(256, v.integer(NeuralStyleSpec.MAX_SIZE));
    }

    @Test
    void anUnknownPresetNamesTheChoices() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> given(Map.of(NeuralStyleSpec.QUALITY, "Fastest")));
        assertEquals("'Fastest' is not a valid quality; choose one of [Quick, Balanced, Best].", e.getMessage());
    }
}
