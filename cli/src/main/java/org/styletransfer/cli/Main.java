package org.styletransfer.cli;


import org.styletransfer.engine.StyleTransferException;

import java.io.PrintStream;
import java.util.List;

/**
 * Command line front end: {@code stylize} and {@code models} (the benchmarks have their own,
 * {@code org.styletransfer.bench.BenchMain}). It uses the same
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
        return guarded(() -> dispatch(List.of(args), out, err), out, err);
    }

    /** A subcommand's body, which may throw the user errors that {@link #guarded} reports. */
    public interface Body {
        int run();
    }

    /**
     * Runs {@code body} and turns its exceptions into an exit status: one line on {@code err} for
     * a user error, the stack trace for anything unexpected.
     */
    public static int guarded(Body body, PrintStream out, PrintStream err) {
        try {
            return body.run();
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
            case "models" -> ModelsSubcommand.run(rest, out);
            default -> throw new UsageException("Unknown command '" + args.get(0)
                + "'; use stylize or models (--help shows the usage).");
        };
    }
}
