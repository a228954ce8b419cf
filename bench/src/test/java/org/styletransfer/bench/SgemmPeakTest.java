package org.styletransfer.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The sgemm peak read from the peers' sgemm_peak.py output, and NA with a reason otherwise. */
class SgemmPeakTest {
    /** What sgemm_peak.py printed on a 2-core AMD EPYC. */
    private static final String OUTPUT = """
        threads=2 torch.mm 2048^3: median 80.0 ms  214.7 GFLOP/s (best 227.4)
        threads=2 torch.mm 4096^3: median 280.4 ms  490.2 GFLOP/s (best 499.5)
        threads=2 oneDNN 1x1 conv (gemm 4096x1024x1024): median 32.4 ms  264.8 GFLOP/s (best 276.3)
        threads=2 oneDNN 3x3 conv 256->256 @64x64: median 9.9 ms  489.7 GFLOP/s (best 495.5)
        threads=1 torch.mm 2048^3: median 68.8 ms  249.9 GFLOP/s (best 252.3)
        threads=1 torch.mm 4096^3: median 559.8 ms  245.5 GFLOP/s (best 253.0)
        threads=1 oneDNN 1x1 conv (gemm 4096x1024x1024): median 34.9 ms  246.3 GFLOP/s (best 247.7)
        """;

    @Test
    void thePeakIsTheBetterTorchMmMedianAtTheBenchmarksThreadCount() {
        SgemmPeak.Result two = SgemmPeak.parse(OUTPUT, 2);
        assertEquals(490.2, two.gflops(), 1e-9, "the convolutions are not sgemm");
        assertEquals("490.2", two.field());
        assertTrue(two.detail().startsWith("torch.mm 4096^3, 2 threads"), two.detail());
        assertEquals(249.9, SgemmPeak.parse(OUTPUT, 1).gflops(), 1e-9);
        assertEquals("80%", two.percentOf(392.16));
    }

    @Test
    void withoutAFigureTheFieldIsNaAndTheReasonIsSaid() {
        SgemmPeak.Result four = SgemmPeak.parse(OUTPUT, 4);
        assertEquals("NA", four.field());
        assertEquals("NA", four.percentOf(100));
        assertTrue(four.describe().contains("measures [1, 2] threads, not 4"), four.describe());
        assertEquals("NA", SgemmPeak.parse("Traceback ...\nModuleNotFoundError: No module named 'torch'", 2).field());
        SgemmPeak.Result absent = SgemmPeak.measure("/usr/bin/python3", Path.of("no/such/sgemm_peak.py"), 2,
            new PrintStream(OutputStream.nullOutputStream()));
        assertTrue(absent.describe().endsWith("is not there"), absent.describe());
    }
}
