package org.styletransfer.ij;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages that fit on a laptop screen and say each thing once. */
class UserMessagesTest {
    @Test
    void longMessagesAreWrappedAtSpaces() {
        String message = "candy.onnx is not a complete ONNX model. The file is probably truncated or corrupt:"
            + " download or export it again from the publisher's page or choose another model in the list.";
        String readable = UserMessages.readable(message);
        assertTrue(readable.lines().allMatch(l -> l.length() <= UserMessages.LINE), readable);
        assertEquals(message, readable.replace('\n', ' '));
    }

    @Test
    void adviceGivenTwiceIsShownOnce() {
        assertEquals("It ended early. Download it again.",
            UserMessages.withoutRepeats("It ended early. Download it again. Download it again."));
    }

    @Test
    void aWordLongerThanALineStaysWhole() {
        String path = "/a/very/long/path/".repeat(8) + "x.onnx";
        assertEquals("Cannot read\n" + path, UserMessages.wrap("Cannot read " + path, 40));
    }
}
