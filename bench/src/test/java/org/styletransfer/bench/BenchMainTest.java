package org.styletransfer.bench;

import org.junit.jupiter.api.Test;
import org.styletransfer.cli.Main;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.Param;
import org.styletransfer.testutil.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchMainTest {
    /** What one in-process run printed and returned. */
    record Outcome(int status, String out, String err) {
    }

    static Outcome main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void benchPrintsOneBenchLinePerCase() {
        SharedData.model(SharedData.CANDY);
        Outcome o = main("bench", "--sizes", "64x64,48x32", "--warmup", "0", "--runs", "1",
            "--matmul", "64", "--matmul_runs", "1", "--provider", "CPU", "--sgemm_peer", "none");
        assertEquals(Main.OK, o.status(), o.err());
        List<String> bench = o.out().lines().filter(l -> l.startsWith("BENCH ")).toList();
        assertEquals(2, bench.size(), o.out());
        Pattern line = Pattern.compile("BENCH case=candy_64x64_cpu ms=[0-9.]+ gflops=[0-9.]+ peak_gflops=[0-9.]+ sgemm_gflops=([0-9.]+|NA) mem_mb=[0-9]+");
        assertTrue(line.matcher(bench.get(0)).matches(), bench.get(0));
        assertTrue(bench.get(1).startsWith("BENCH case=candy_48x32_cpu "), bench.get(1));
        // The PyTorch peer takes 15 s or more: SgemmPeakTest covers its output; here only that NA says why.
        assertTrue(o.out().contains("# sgemm peak (PyTorch torch.mm): NA, disabled with --sgemm_peer none"), o.out());
    }

    @Test
    void benchTakesTheStyleOptionsAndItsOwnProvider() {
        Outcome help = main("bench", "--help");
        assertEquals(Main.OK, help.status(), help.err());
        for (var p : FastStyleSpec.spec().params()) {
            // A flag may stand alone: picocli lists it as --key[=<boolean>] (as CliTest expects).
            String option = "--" + p.key() + (p.kind() == Param.Kind.BOOLEAN ? "[=" : "=");
            assertEquals(1, Pattern.compile(Pattern.quote(option)).matcher(help.out()).results().count(), p.key());
        }
        assertTrue(help.out().contains("--provider=CPU|CUDA"), "the benchmark's own --provider:\n" + help.out());
        Outcome auto = main("bench", "--provider", "Auto");
        assertEquals(Main.USER_ERROR, auto.status());
        assertTrue(auto.err().contains("'Auto' is not CPU or CUDA"), auto.err());
    }

    @Test
    void runCountsOutOfRangeAreUserErrors() {
        Outcome runs = main("bench", "--runs", "0");
        assertEquals(Main.USER_ERROR, runs.status());
        assertEquals("Error: --runs must be at least 1, not 0.", runs.err().trim());
        Outcome warmup = main("bench", "--warmup", "-5");
        assertEquals(Main.USER_ERROR, warmup.status());
        assertEquals("Error: --warmup must be at least 0, not -5.", warmup.err().trim());
    }

    @Test
    void anUnknownBenchmarkIsAUserError() {
        Outcome o = main("benchh");
        assertEquals(Main.USER_ERROR, o.status());
        assertEquals("Error: Unknown command 'benchh'; use bench, bench-universal, universal-quality, bench-gatys, gatys-examples or help (--help shows the "
            + "usage).", o.err().trim());
    }
}
