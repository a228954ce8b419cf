package org.styletransfer.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

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
                ModelsSpec.spec())) {
            List<String> keys = spec.params().stream().map(Param::key).toList();
            for (String a : keys) {
                for (String b : keys) {
                    assertFalse(!a.equals(b) && a.endsWith(b), spec.title() + ": '" + a + "' ends with '" + b + "'");
                }
            }
        }
    }
}
