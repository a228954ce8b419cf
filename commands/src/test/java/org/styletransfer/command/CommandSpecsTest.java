package org.styletransfer.command;

import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Provider;
import org.styletransfer.fast.FastStyleSettings;
import org.styletransfer.universal.UniversalSettings;
import org.styletransfer.gatys.InterpolationSequence;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStyleSettings.Init;
import org.styletransfer.gatys.NeuralStyleSettings.OptimizerKind;
import org.styletransfer.lossgraph.Pooling;
import org.styletransfer.video.TemporalNeuralStyle;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules every command's parameters must follow to record and replay as ImageJ macros. */
class CommandSpecsTest {

    /**
     * ImageJ's Recorder looks for "key=" anywhere in what it has recorded so far and, when found,
     * shows a modal "duplicate keyword" message that blocks the macro; a key that ends with another
     * key (later_iterations / iterations) triggers it. No key may end with another one.
     */
    @Test
    void noKeyEndsWithAnotherKey() {
        for (CommandSpec spec : List.of(FastStyleSpec.spec(), NeuralStyleSpec.spec(), InterpolationSpec.spec(),
                ModelsSpec.spec(), UniversalStyleSpec.spec())) {
            List<String> keys = spec.params().stream().map(Param::key).toList();
            for (String a : keys) {
                for (String b : keys) {
                    assertFalse(!a.equals(b) && a.endsWith(b), spec.title() + ": '" + a + "' ends with '" + b + "'");
                }
            }
        }
    }

    /**
     * The same call gives the same image from a script (the core's defaults) and from the menu, a
     * macro, SciJava or the command line (the options' defaults): every option that has a
     * counterpart in the core's settings defaults to the core's value.
     */
    @Test
    void defaultOptionsGiveTheCoresDefaultSettings() {
        assertEquals(FastStyleSettings.defaults(), FastStyleCommand.settings(FastStyleSpec.spec().defaults()));
        assertEquals(UniversalSettings.defaults(), UniversalStyleCommand.settings(UniversalStyleSpec.spec().defaults()));
        assertEquals(Provider.DEFAULT, FastStyleSpec.spec().defaults().choice(FastStyleSpec.PROVIDER, Provider.class));
        for (CommandSpec spec : List.of(NeuralStyleSpec.spec(), InterpolationSpec.spec())) {
            assertEquals(NeuralStyleSettings.defaults(), NeuralStyleCommand.settings(spec.defaults()).build(),
                spec.title());
        }
        ParamValues neural = NeuralStyleSpec.spec().defaults();
        assertEquals(TemporalNeuralStyle.Options.off().temporalWeight(), neural.number(NeuralStyleSpec.TEMPORAL_WEIGHT));
        assertEquals(TemporalNeuralStyle.Options.defaults().laterIterations(),
            neural.integer(NeuralStyleSpec.LATER_ITERATIONS));
        assertEquals(InterpolationSequence.DEFAULT_STEPS, InterpolationSpec.spec().defaults().integer(InterpolationSpec.STEPS));
    }

    /** The coarse levels' iterations were once 100 from the menu and "as many as iterations" from Java. */
    @Test
    void coarseIterationsDefaultAlike() {
        NeuralStyleSettings java = NeuralStyleSettings.builder().iterations(300).levels(3).build();
        NeuralStyleSettings menu = NeuralStyleCommand.settings(NeuralStyleSpec.spec().defaults()
            .set(NeuralStyleSpec.ITERATIONS, 300).set(NeuralStyleSpec.LEVELS, 3)).build();
        assertEquals(java.iterationsAt(0, 3), menu.iterationsAt(0, 3));
        assertEquals(NeuralStyleSettings.DEFAULT_COARSE_ITERATIONS, menu.iterationsAt(0, 3));
    }

    /** Enum options offer exactly the texts that recorded macros use, and read back as the constants. */
    @Test
    void enumOptionsOfferTheTextsMacrosRecord() {
        Map<String, List<String>> neural = Map.of(
            NeuralStyleSpec.PLANES, List.of("Current plane", "All planes", "As displayed (RGB)"),
            NeuralStyleSpec.OPTIMIZER, List.of("L-BFGS", "Adam"),
            NeuralStyleSpec.INIT, List.of("content", "noise", "image", "model", "universal", "colours"),
            NeuralStyleSpec.POOLING, List.of("max", "average"),
            NeuralStyleSpec.PROVIDER, List.of("Auto", "CUDA", "CPU"));
        ParamValues v = NeuralStyleSpec.spec().defaults();
        neural.forEach((key, texts) -> assertEquals(texts, v.param(key).choices().get(), key));
        assertEquals(List.of("List", "Download", "Import", "Remove", "Set mirror"),
            ModelsSpec.spec().defaults().param(ModelsSpec.ACTION).choices().get());
        assertEquals("All planes", FastStyleSpec.spec().defaults().string(FastStyleSpec.PLANES));

        v.set(NeuralStyleSpec.OPTIMIZER, "adam").set(NeuralStyleSpec.INIT, Init.NOISE)
            .set(NeuralStyleSpec.POOLING, "AVERAGE").set(NeuralStyleSpec.PROVIDER, "cpu");
        assertEquals(OptimizerKind.ADAM, v.choice(NeuralStyleSpec.OPTIMIZER, OptimizerKind.class));
        assertEquals("Adam", v.string(NeuralStyleSpec.OPTIMIZER), "stored as the text macros record");
        assertEquals(Init.NOISE, v.choice(NeuralStyleSpec.INIT, Init.class));
        assertEquals(Pooling.AVERAGE, v.choice(NeuralStyleSpec.POOLING, Pooling.class));
        assertEquals(Provider.CPU, v.choice(NeuralStyleSpec.PROVIDER, Provider.class));
        assertTrue(v.toMacroOptions().contains("optimizer=Adam"), v.toMacroOptions());
        assertTrue(v.toMacroOptions().contains("init=noise"), v.toMacroOptions());

        String wrongType = assertThrows(IllegalArgumentException.class,
            () -> v.choice(NeuralStyleSpec.POOLING, Provider.class)).getMessage();
        assertTrue(wrongType.contains("pooling"), wrongType);
        String badText = assertThrows(IllegalArgumentException.class,
            () -> v.set(NeuralStyleSpec.POOLING, "median")).getMessage();
        assertTrue(badText.contains("[max, average]"), badText);
    }
}
