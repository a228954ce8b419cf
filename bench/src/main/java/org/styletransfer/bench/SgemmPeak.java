package org.styletransfer.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's tuned fp32 matrix-multiply rate: PyTorch's {@code torch.mm} (its BLAS sgemm) as
 * the peers' {@code sgemm_peak.py} measures it, run as a subprocess like the other peers, never
 * reimplemented. {@link MatMulPeak} is ONNX Runtime's own MatMul, which reaches only 70-80% of a
 * tuned sgemm; this figure says what the machine itself can do, so "% of peak" reads as expected.
 * The script times 2048³ and 4096³ products with 2 threads and with 1; the peak is the better
 * median of the two sizes at the benchmark's thread count. Where Python, torch or the script is
 * missing, or the thread count is not one the script measures, the figure is NA with the reason.
 */
final class SgemmPeak {
    /** The Python with torch (peers/README.md: the one on PATH may be another). */
    static final String PYTHON = "/usr/bin/python3";
    /** The script, relative to the repository root the benchmarks run in. */
    static final Path DEFAULT_SCRIPT = Path.of("../shared/peers/sgemm_peak.py");
    /** The thread counts the script measures, in order: any other is NA without running it. */
    static final List<Integer> MEASURED_THREADS = List.of(1, 2);
    /** A {@code torch.mm} line: "threads=2 torch.mm 4096^3: median 280.4 ms  490.2 GFLOP/s (best 499.5)". */
    private static final Pattern MM_LINE = Pattern.compile(
        "^threads=(\\d+) torch\\.mm (\\d+)\\^3: median [0-9.]+ ms\\s+([0-9.]+) GFLOP/s", Pattern.MULTILINE);

    /**
     * A measurement: GFLOP/s, or NaN and why not.
     *
     * @param detail what was measured ("torch.mm 4096^3, 2 threads"), or why nothing was
     */
    record Result(double gflops, String detail) {
        static Result missing(String why) {
            return new Result(Double.NaN, why);
        }

        /** The value of a {@code sgemm_gflops=} field: the rate, or NA. */
        String field() {
            return Double.isNaN(gflops) ? "NA" : String.format(Locale.ROOT, "%.1f", gflops);
        }

        /** {@code part} as a percentage of this peak ("NA" without one). */
        String percentOf(double part) {
            return Double.isNaN(gflops) || Double.isNaN(part) ? "NA"
                : String.format(Locale.ROOT, "%.0f%%", 100 * part / gflops);
        }

        /** The context line under the benchmark's header. */
        String describe() {
            return Double.isNaN(gflops) ? "# sgemm peak (PyTorch torch.mm): NA, " + detail
                : String.format(Locale.ROOT, "# sgemm peak (PyTorch torch.mm): %.1f GFLOP/s, %s", gflops, detail);
        }
    }

    private SgemmPeak() {
    }

    /**
     * Runs the script with {@code python} and reads its peak at {@code threads} threads.
     *
     * @param script the script, or null when the command line disabled it ({@code none})
     */
    static Result measure(String python, Path script, int threads, PrintStream err) {
        if (script == null) return Result.missing("disabled with --sgemm_peer none");
        // The script takes minutes: not for a thread count it does not measure.
        if (!MEASURED_THREADS.contains(threads)) return notMeasured(MEASURED_THREADS, threads);
        if (!Files.isRegularFile(script)) return Result.missing("the peer " + script + " is not there");
        GatysPeer.Result r = GatysPeer.exec(List.of(python, script.toString()), 900, err);
        if (r.status() != 0) {
            return Result.missing("the peer failed (exit " + r.status() + "): " + lastLine(r.output())
                + "; see ../shared/peers/README.md to install PyTorch");
        }
        Result peak = parse(r.output(), threads);
        return new Result(peak.gflops(), peak.detail() + "; " + OpenBlasCoreType.describe(System.getenv()));
    }

    /** The best {@code torch.mm} median rate at {@code threads} threads in the script's output. */
    static Result parse(String output, int threads) {
        if (!MEASURED_THREADS.contains(threads)) return notMeasured(MEASURED_THREADS, threads);
        Matcher m = MM_LINE.matcher(output);
        double best = Double.NaN;
        int bestSize = 0;
        TreeSet<Integer> measured = new TreeSet<>();
        while (m.find()) {
            int t = Integer.parseInt(m.group(1));
            measured.add(t);
            double gflops = Double.parseDouble(m.group(3));
            if (t == threads && (Double.isNaN(best) || gflops > best)) {
                best = gflops;
                bestSize = Integer.parseInt(m.group(2));
            }
        }
        if (Double.isNaN(best)) {
            return measured.isEmpty() ? Result.missing("the peer printed no torch.mm line") : notMeasured(measured, threads);
        }
        return new Result(best, String.format(Locale.ROOT, "torch.mm %d^3, %d thread%s (median; the better of its"
            + " sizes)", bestSize, threads, threads == 1 ? "" : "s"));
    }

    private static Result notMeasured(Collection<Integer> measured, int threads) {
        return Result.missing("the peer measures " + measured + " threads, not " + threads);
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        return (nl < 0 ? t : t.substring(nl + 1)).trim();
    }
}
