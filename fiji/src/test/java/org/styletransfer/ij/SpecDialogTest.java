package org.styletransfer.ij;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code GenericDialog} built by {@link SpecDialog}, in macro mode and as shown to users.
 * The dialog needs a display, so {@link SpecDialogProbe} runs it in a child JVM under xvfb-run;
 * all scenarios share that one JVM to keep the test quick.
 */
class SpecDialogTest {
    private static final String FULL =
        "model=mosaic model_file=[] blend_with=[] strength=0.5 planes=[Current plane] provider=CPU tile_size=128 tile_overlap=32 temporal_coherence=0 output_folder=[] threads=0 selection_edge=3 annotations_from=Automatic";
    private static List<String> lines;

    @BeforeAll
    static void runProbe() {
        ImageJProcess.assumeXvfb();
        String output = ImageJProcess.mainOnTestClassPath(SpecDialogProbe.class, List.of(
            FULL,
            "strength=0.25",
            "model=CANDY provider=cpu",
            "strength=2",
            "planes=[Some planes]",
            "tile_size=abc",
            "ignore_selection"), Duration.ofSeconds(60)).assertOk().output();
        lines = output.lines().toList();
    }

    private static String defaultsWith(String key, Object value) {
        ParamValues v = FastStyleSpec.spec().defaults();
        if (key != null) v.set(key, value);
        return v.toMacroOptions();
    }

    /** Lines of the probe's output from the n-th scenario on (each scenario prints OPTIONS/EMPTY then RECORDED). */
    private static List<String> scenario(int n) {
        int seen = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("RECORDED ") && ++seen == n) {
                int start = i;
                while (start > 0 && !lines.get(start - 1).startsWith("RECORDED ")) start--;
                return lines.subList(start, i + 1);
            }
        }
        throw new AssertionError("scenario " + n + " missing in:\n" + String.join("\n", lines));
    }

    private static String last(List<String> scenario, String prefix) {
        return scenario.stream().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
            .map(l -> l.substring(prefix.length())).orElse(null);
    }

    @Test
    void macroOptionsAreReadIntoTheSpecValues() {
        assertEquals(FULL, last(scenario(0), "OPTIONS "));
    }

    @Test
    void recordedKeysAreTheSpecKeysSoRecordedLinesReplay() {
        // Replaying the full line with the Recorder on records it again, key for key.
        assertEquals(FULL, last(scenario(0), "RECORDED "));
    }

    @Test
    void missingOptionsKeepTheirDefaults() {
        assertEquals(defaultsWith(FastStyleSpec.STRENGTH, 0.25), last(scenario(1), "OPTIONS "));
    }

    @Test
    void choicesAreMatchedIgnoringCase() {
        String options = last(scenario(2), "OPTIONS ");
        assertTrue(options.startsWith("model=candy ") && options.contains(" provider=CPU "), options);
    }

    @Test
    void outOfRangeNumberIsReportedWithTheParamMessage() {
        List<String> s = scenario(3);
        assertTrue(s.contains("EMPTY"), String.join("\n", s));
        assertTrue(s.stream().anyMatch(l -> l.endsWith("strength must be between 0 and 1, not 2.")), String.join("\n", s));
    }

    @Test
    void unknownChoiceIsReportedWithTheAllowedValues() {
        List<String> s = scenario(4);
        assertTrue(s.contains("EMPTY"), String.join("\n", s));
        assertTrue(s.stream().anyMatch(l -> l.contains("'Some planes' is not a valid planes; choose one of [Current plane, All planes, As displayed (RGB)]")),
            String.join("\n", s));
    }

    @Test
    void textInANumberFieldIsReported() {
        List<String> s = scenario(5);
        assertTrue(s.contains("EMPTY"), String.join("\n", s));
        // Checked before GenericDialog parses it: its own "Macro Error" dialog would block a -batch run.
        assertTrue(s.stream().anyMatch(l -> l.endsWith("'abc' is not a number for tile_size.")), String.join("\n", s));
        assertTrue(s.stream().noneMatch(l -> l.contains("Numeric value expected")), String.join("\n", s));
    }

    @Test
    void aFlagIsTrueWhenItsKeyIsGiven() {
        assertEquals(defaultsWith(FastStyleSpec.IGNORE_SELECTION, true), last(scenario(6), "OPTIONS "));
    }

    @Test
    void dialogShowsWordsAndDefaultsWithTheAdvancedOptionsLast() {
        List<String> fields = lines.stream().filter(l -> l.startsWith("FIELD ")).toList();
        ParamValues d = FastStyleSpec.spec().defaults();
        assertEquals(List.of(
            "FIELD Style network=" + d.string(FastStyleSpec.MODEL),
            "FIELD Model file (.onnx, optional)=",
            "FIELD Blend with (optional)=",
            "FIELD Strength=1.00",
            "FIELD Planes=All planes",
            "FIELD Temporal coherence=0.00",
            "FIELD Output folder (optional)=",
            "FIELD Ignore the selection=false",
            "FIELD Soft edge (px)=0",
            "FIELD Protect annotations=false",
            "FIELD Flatten the overlay into the result=false",
            "FIELD Run on=Auto",
            "FIELD Tile size (px, 0 = automatic)=0",
            "FIELD Tile overlap (px)=64",
            "FIELD Threads (0 = automatic)=0",
            "FIELD Annotations from=Automatic"), fields);
    }
}
