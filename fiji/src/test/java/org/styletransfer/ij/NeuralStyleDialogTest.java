package org.styletransfer.ij;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the optimisation dialog writes into number fields whose value two decimals would change. */
class NeuralStyleDialogTest {
    @Test
    void exactNumbersHaveNoExponentAndNoTrailingZeros() {
        assertEquals("0.001", NeuralStyleDialog.exact(1e-3));
        assertEquals("0.00001", NeuralStyleDialog.exact(1e-5));
        assertEquals("10000", NeuralStyleDialog.exact(1e4));
        assertEquals("0.125", NeuralStyleDialog.exact(0.125));
    }
}
