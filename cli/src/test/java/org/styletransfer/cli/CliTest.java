package org.styletransfer.cli;

import org.junit.jupiter.api.Test;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;
import org.styletransfer.testutil.SharedData;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The picocli command lines: generated options, parsing, and how errors and help read. */
class CliTest {

    /** The stylize subcommand's parse of {@code args}, as Main would parse it. */
    private static ParseResult stylize(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "stylize";
        System.arraycopy(args, 0, line, 1, args.length);
        return Cli.parse(Main.commandLine(System.out, System.err), line).subcommand();
    }

    private static Map<String, Object> given(String... args) {
        return ParamOptions.given(stylize(args));
    }

    @Test
    void optionsReachTheParamsTypedAndOnlyWhenGiven() {
        SharedData.model(SharedData.CANDY);
        Map<String, Object> v = given("in.png", "out.png", "--model", "CANDY", "--strength", "0.8", "--tile_size=256",
            "--planes", "current plane");
        assertEquals(Map.of("model", "candy", "strength", 0.8, "tile_size", 256, "planes", "Current plane"), v,
            "choices take their canonical spelling, numbers their type");
        ParamValues values = ParamValues.of(FastStyleSpec.spec().params(), v);
        assertEquals(org.styletransfer.fast.FastStyleSettings.DEFAULT_OVERLAP, values.integer(FastStyleSpec.TILE_OVERLAP), "not given: the default");
        assertEquals(List.of("in.png", "out.png"),
            stylize("in.png", "out.png").matchedPositionals().stream().map(p -> p.getValue().toString()).toList());
    }

    @Test
    void namesMatchIgnoringCaseWithDashesAsUnderscoresAndTheLastValueWins() {
        assertEquals(Map.of("tile_size", 128, "tile_overlap", 8),
            given("a.png", "b.png", "--Tile-Size", "64", "--tile-overlap=8", "--TILE_SIZE", "128"));
        assertArrayEquals(new String[] {"--tile_size=a-b", "x--y", "--", "--not-an-option"},
            Cli.normalise(new String[] {"--tile-size=a-b", "x--y", "--", "--not-an-option"}));
    }

    @Test
    void badValuesFailWhileParsingWithTheParamsMessage() {
        ParameterException e = assertThrows(ParameterException.class, () -> stylize("a.png", "b.png", "--tile_size", "x"));
        assertEquals("'x' is not a number for tile_size.", Cli.message(e));
        e = assertThrows(ParameterException.class, () -> stylize("a.png", "b.png", "--provider", "GPU"));
        assertEquals("'GPU' is not a valid provider; choose one of [Auto, CUDA, CPU].", Cli.message(e));
        e = assertThrows(ParameterException.class, () -> stylize("a.png", "b.png", "--tile_overlap", "-1"));
        assertEquals("tile_overlap must be between 0 and 1024, not -1.", Cli.message(e));
    }

    @Test
    void unknownOptionsAndMissingArgumentsAreOneLineUserErrors() {
        MainTest.Outcome o = MainTest.main("stylize", "a.png", "b.png", "--tile_sise", "3");
        assertEquals(Main.USER_ERROR, o.status());
        assertEquals("Error: Unknown option '--tile_sise'; did you mean --tile_size or --tile_overlap? (stylize --help "
            + "shows the usage)", o.err().trim());

        o = MainTest.main("stylize", "a.png");
        assertEquals(Main.USER_ERROR, o.status());
        assertEquals("Error: Missing required parameter: '<output file>' (stylize --help shows the usage)", o.err().trim());

        o = MainTest.main("stylize", "a.png", "b.png", "--model");
        assertEquals(Main.USER_ERROR, o.status());
        assertTrue(o.err().startsWith("Error: Missing required parameter for option '--model'"), o.err());

        o = MainTest.main("models", "extra");
        assertEquals(Main.USER_ERROR, o.status());
        assertEquals("Error: Unexpected argument 'extra' (models --help shows the usage).", o.err().trim());

        o = MainTest.main("paint");
        assertEquals(Main.USER_ERROR, o.status());
        assertEquals("Error: Unknown command 'paint'; use stylize, universal, models, train-decoder or help (--help shows the usage).",
            o.err().trim());
    }

    @Test
    void helpListsEveryParamWithItsDefaultAndAllowedValues() {
        MainTest.Outcome o = MainTest.main("stylize", "--help");
        assertEquals(Main.OK, o.status(), o.err());
        String help = o.out();
        assertTrue(help.startsWith("Usage: style-transfer stylize [OPTIONS] <input image> <output file>"), help);
        for (Param p : FastStyleSpec.spec().params()) {
            // A flag's value is optional: --key[=<boolean>].
            String option = "--" + p.key() + (p.kind() == Param.Kind.BOOLEAN ? "[=" : "=");
            int at = help.indexOf(option);
            assertTrue(at >= 0, p.key() + " in\n" + help);
            String rest = help.substring(at);
            String def = String.valueOf(p.defaultValue()).replaceAll("\\.0$", "");
            String shown = def.isEmpty() || def.contains(" ") ? "\"" + def + "\"" : def;
            assertTrue(rest.contains("Default: " + shown), p.key() + " default " + shown + " in\n" + rest);
        }
        assertTrue(help.contains("Allowed values: Auto, CUDA, CPU"), help);
        assertTrue(help.contains("Allowed values: 0 to 1024"), help);
        assertTrue(help.contains("--threads"), help);
        assertEquals(help, MainTest.main("help", "stylize").out(), "help stylize is stylize --help");
    }

    @Test
    void withoutACommandTheUsageGoesToStderr() {
        MainTest.Outcome none = MainTest.main();
        assertEquals(Main.USER_ERROR, none.status());
        assertTrue(none.err().contains("stylize") && none.err().contains("models"), none.err());
        MainTest.Outcome help = MainTest.main("--help");
        assertEquals(Main.OK, help.status());
        assertTrue(help.out().startsWith("Usage: style-transfer [-h] COMMAND"), help.out());
    }

    @Test
    void anyParamBecomesAnOption() {
        // A flag, a choice and a text that no command has: the generator needs no edit for them.
        List<Param> params = List.of(
            Param.flag("use_roi", false, "Only the selection, 100% of it."),
            Param.choice("pooling", () -> List.of("max", "average"), "max", "Pooling."),
            Param.text("note", "a b", "Free text."));
        CommandSpec spec = CommandSpec.create().addPositional(
            CommandLine.Model.PositionalParamSpec.builder().arity("*").build());
        ParamOptions.addTo(spec, params);
        CommandLine cl = new CommandLine(spec);
        assertEquals(Map.of("use_roi", true), ParamOptions.given(Cli.parse(cl, "--use-roi")));
        assertEquals(Map.of("use_roi", false, "pooling", "average"),
            ParamOptions.given(Cli.parse(cl, "--use_roi", "false", "--pooling", "AVERAGE")));
        assertEquals(Map.of("use_roi", false), ParamOptions.given(Cli.parse(cl, "--use_roi=off")));
        List<String> candidates = new ArrayList<>();
        spec.findOption("--pooling").completionCandidates().forEach(candidates::add);
        assertEquals(List.of("max", "average"), candidates);
        String usage = cl.getUsageMessage();
        assertTrue(usage.contains("Only the selection, 100% of it."), usage);
        assertTrue(usage.contains("Default: \"a b\""), usage);
    }
}
