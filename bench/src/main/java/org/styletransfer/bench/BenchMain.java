package org.styletransfer.bench;

import org.styletransfer.cli.CliArgs;
import org.styletransfer.cli.Main;
import org.styletransfer.cli.UsageException;

import java.io.PrintStream;
import java.util.List;

/**
 * The benchmarks' command line: {@code bench} (fast networks), {@code bench-gatys} (optimisation
 * speed and time to quality against the PyTorch peers) and {@code gatys-examples} (the README's
 * example pictures). Exit statuses as in {@link Main}.
 */
public final class BenchMain {
    static final String USAGE = String.join("\n",
        "Usage:",
        "  bench  [--model candy] [--provider CPU|CUDA] [--sizes 512x512,1024x1024,3840x2160]",
        "         [--tile_size 0] [--warmup N] [--runs N] [--matmul 2048] [--threads N] [--sgemm_peer sgemm_peak.py|none]",
        "         [--stack N --stack_size 512x512 --stack_compare M --stack_other_mode true]",
        "  bench-gatys [--sizes 256,512] [--warmup 2] [--runs 5] [--parts speed,ttq] [--peer gatys_torch.py|none]",
        "         [--ttq_iters 500] [--ttq_size 256] [--ttq_levels 2] [--ttq_level_iters 150] [--threads N]",
        "         [--sgemm_peer sgemm_peak.py|none]",
        "  gatys-examples [--out docs/images] [--width 512] [--iterations 150] [--levels 3]");

    private BenchMain() {
    }

    /** Entry point; exits with the status of {@link #run}. */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one benchmark and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.guarded(() -> dispatch(List.of(args), out, err), out, err);
    }

    private static int dispatch(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            out.println(USAGE);
            return args.isEmpty() ? Main.USER_ERROR : Main.OK;
        }
        CliArgs rest = CliArgs.parse(args.subList(1, args.size()));
        return switch (args.get(0)) {
            case "bench" -> BenchCommand.run(rest, out, err);
            case "bench-gatys" -> GatysBenchCommand.run(rest, out, err);
            case "gatys-examples" -> GatysExamplesCommand.run(rest, out, err);
            default -> throw new UsageException("Unknown benchmark '" + args.get(0)
                + "'; use bench, bench-gatys or gatys-examples (--help shows the usage).");
        };
    }
}
