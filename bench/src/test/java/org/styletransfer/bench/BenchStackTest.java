package org.styletransfer.bench;

import org.styletransfer.cli.Main;


import org.junit.jupiter.api.Test;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.testutil.SharedData;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench --stack N}: a virtual stack to disk, at two frame counts. */
class BenchStackTest {
    @Test
    void stackCasePrintsBenchLinesForBothFrameCounts() {
        SharedData.model(SharedData.CANDY);
        BenchMainTest.Outcome o = BenchMainTest.main("bench", "--stack", "6", "--stack_compare", "2", "--stack_size", "64x48",
            "--stack_other_mode", "true", "--matmul", "64", "--matmul_runs", "1", "--provider", "CPU",
            "--sgemm_peer", "none");
        assertEquals(Main.OK, o.status(), o.err());
        List<String> bench = o.out().lines().filter(l -> l.startsWith("BENCH ")).toList();
        assertEquals(3, bench.size(), "no size cases with --stack alone:\n" + o.out());
        Pattern line = Pattern.compile("BENCH case=stack6_64x48_cpu ms=[0-9.]+ gflops=[0-9.]+ peak_gflops=[0-9.]+ sgemm_gflops=([0-9.]+|NA) mem_mb=[0-9]+");
        assertTrue(bench.get(0).startsWith("BENCH case=stack2_64x48_cpu "), bench.get(0));
        assertTrue(line.matcher(bench.get(1)).matches(), bench.get(1));
        String other = FastStyleCommand.PIPELINED_BY_DEFAULT ? "_sequential " : "_pipelined ";
        assertTrue(bench.get(2).startsWith("BENCH case=stack2_64x48_cpu" + other), bench.get(2));
        assertTrue(o.out().contains("result_virtual=true"), o.out());
    }

    @Test
    void syntheticVideoFramesDifferAndAreNotHeld() {
        var imp = BenchCommand.SyntheticVideo.of(32, 16, 1000);
        assertEquals(1000, imp.getNFrames());
        assertTrue(imp.getStack().isVirtual());
        int[] a = (int[]) imp.getStack().getPixels(1);
        int[] b = (int[]) imp.getStack().getPixels(2);
        assertTrue(!java.util.Arrays.equals(a, b));
    }
}
