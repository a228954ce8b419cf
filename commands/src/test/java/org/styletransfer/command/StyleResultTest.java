package org.styletransfer.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The summary line a style command's result gives the status bar and the log. */
class StyleResultTest {
    private static StyleResult result(int planes, double seconds, String providerNote, List<String> notes) {
        return new StyleResult(null, "CPU", providerNote, notes, planes, seconds, planes, false, "");
    }

    @Test
    void aSingleImageHasNoFrameRate() {
        assertEquals(String.format("candy: 1 plane in %.1f s on CPU", 0.5), result(1, 0.5, "", List.of()).summary("candy"));
    }

    @Test
    void theProviderNoteIsANoteOfTheRunNotPartOfTheProvider() {
        String why = "CUDA is not available in this ONNX Runtime build (the CPU jar is installed); using CPU";
        String summary = result(2, 1, why, List.of("Out of memory with 768-px tiles; retried with 384-px tiles (plane 2)"))
            .summary("candy");
        assertEquals(String.format("candy: 2 planes in %.1f s (%.2f fps) on CPU. ", 1.0, 2.0) + why
            + ". Out of memory with 768-px tiles; retried with 384-px tiles (plane 2)", summary);
    }

    @Test
    void severalPlanesHaveTheirRate() {
        assertEquals(String.format("candy: 12 planes in %.1f s (%.2f fps) on CPU", 4.0, 3.0),
            result(12, 4, "", List.of()).summary("candy"));
    }
}
