package org.styletransfer.ij;

import org.junit.jupiter.api.Test;
import org.styletransfer.command.Param;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the dialogs write into number fields whose value two decimals would change. */
class SpecDialogNumbersTest {
    @Test
    void exactNumbersHaveNoExponentAndNoTrailingZeros() {
        assertEquals("0.001", SpecDialog.exact(1e-3));
        assertEquals("0.00001", SpecDialog.exact(1e-5));
        assertEquals("10000", SpecDialog.exact(1e4));
        assertEquals("0.125", SpecDialog.exact(0.125));
    }

    @Test
    void fractionsShowTwoDecimalsUnlessThatChangesThem() {
        Param fraction = Param.number("w", 1, 0, 1e12, "a weight");
        assertEquals("1.00", SpecDialog.numberText(fraction, 1.0));
        assertEquals("0.001", SpecDialog.numberText(fraction, 1e-3));
        assertEquals("7", SpecDialog.numberText(Param.integer("n", 1, 0, 9, "a count"), 7));
    }
}
