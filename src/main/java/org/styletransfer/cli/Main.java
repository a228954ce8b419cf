package org.styletransfer.cli;

import org.styletransfer.engine.StyleTransferException;

import java.io.PrintStream;
import java.util.List;

/**
 * Command line front end: {@code stylize}, {@code models} and {@code bench}. It uses the same
 * parameter definitions and the same {@code FastStyleCommand} as the ImageJ menu command, and
 * needs no display.
 *
 * <p>Exit status: 0 on success, 2 for a problem the user can fix (bad option, missing model or
 * image; one line on stderr, no stack trace), 1 for anything unexpected.</p>
 */
public final class Main {
    /** Success. */
    public static final int OK = 0;
    /** Unexpected failure (a bug, or the machine ran out of something). */
    public static final int FAILED = 1;
    /** A problem with what the user asked for. */
    public static final int USER_ERROR = 2;

    static final String USAGE = String.join("\n",
        "Usage:",
        "  stylize <input image> <output file> [--model candy] [--strength 1] [--planes \"All planes\"]",
        "          [--provider Auto|CUDA|CPU] [--tile_size 0] [--tile_overlap 64] [--model_file path.onnx]",
        "          [--blend_with \"mosaic:0.3\"] [--threads N]",
        "  models                     list the model catalogue and where each model is installed",
        "  bench  [--model candy] [--provider CPU|CUDA] [--sizes 512x512,1024x1024,3840x2160]",
        "         [--tile_size 0] [--warmup N] [--runs N] [--matmul 2048] [--threads N]",
        "         [--stack N --stack_size 512x512 --stack_compare M --stack_other_mode true]",
        "  bench-gatys [--sizes 256,512] [--warmup 2] [--runs 5] [--parts speed,ttq] [--peer gatys_torch.py|none]",
        "         [--ttq_iters 500] [--ttq_size 256] [--ttq_levels 2] [--ttq_level_iters 150] [--threads N]",
        "  gatys-examples [--out docs/images] [--width 512] [--iterations 150] [--levels 3]",
        "Run 'stylize --help' for the options of the style command.");

    private Main() {
    }

    /** Entry point; exits with the status of {@link #run}. */
    public static void main(String[] args) {
        // Before any AWT class loads: ImageJ then never looks for a display (servers, CI, ssh).
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one subcommand and returns the exit status instead of exiting, so that tests and
     * scripts can call it in-process.
     *
     * @param out receives results (summary lines, tables, BENCH lines)
     * @param err receives progress and error messages
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return dispatch(List.of(args), out, err);
        } catch (UsageException | StyleTransferException | IllegalArgumentException e) {
            // User errors: one line is the whole message, a stack trace would only hide it.
            err.println("Error: " + e.getMessage());
            return USER_ERROR;
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("Unexpected failure: " + e);
            e.printStackTrace(err);
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            out.println(USAGE);
            return args.isEmpty() ? USER_ERROR : OK;
        }
        CliArgs rest = CliArgs.parse(args.subList(1, args.size()));
        if (rest.options().containsKey("help") && !args.get(0).startsWith("styli")) {
            out.println(USAGE);
            return OK;
        }
        return switch (args.get(0)) {
            case "stylize", "stylise" -> StylizeCommand.run(rest, out, err);
            case "models" -> ModelsCommand.run(rest, out);
            case "bench" -> BenchCommand.run(rest, out, err);
            case "bench-gatys" -> GatysBenchCommand.run(rest, out, err);
            case "gatys-examples" -> GatysExamplesCommand.run(rest, out, err);
            default -> throw new UsageException("Unknown command '" + args.get(0)
                + "'; use stylize, models, bench, bench-gatys or gatys-examples (--help shows the usage).");
        };
    }
}
