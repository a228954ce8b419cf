package org.styletransfer.cli;

import picocli.CommandLine;

import java.io.PrintStream;

/**
 * Command line front end: {@code stylize}, {@code universal}, {@code models} and {@code train-decoder} (the benchmarks have their own,
 * {@code org.styletransfer.bench.BenchMain}). It uses the same parameter definitions and the same
 * {@code FastStyleCommand} as the ImageJ menu command, and needs no display.
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
     * @param out receives results (summary lines, tables) and help
     * @param err receives progress and error messages
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.execute(commandLine(out, err), args, out, err);
    }

    /** The top-level command: {@code stylize}, {@code universal}, {@code models}, {@code train-decoder} and {@code help}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Cli.group("style-transfer", "Neural style transfer on ONNX Runtime, without a display.",
            StylizeCommand.commandLine(out, err), UniversalSubcommand.commandLine(out, err), new ModelsSubcommand(out),
            new TrainDecoderCommand(out, err));
    }
}
