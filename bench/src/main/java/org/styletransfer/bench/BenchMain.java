package org.styletransfer.bench;

import org.styletransfer.cli.Cli;
import org.styletransfer.cli.Main;
import picocli.CommandLine;

import java.io.PrintStream;

/**
 * The benchmarks' command line: {@code bench} (fast networks), {@code bench-universal}, {@code universal-quality}, {@code bench-gatys} (optimisation
 * speed and time to quality against the PyTorch peers) and {@code gatys-examples} (the README's
 * example pictures). Exit statuses as in {@link Main}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Entry point; exits with the status of {@link #run}. */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one benchmark and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.execute(commandLine(out, err), args, out, err);
    }

    /** The top-level command: {@code bench}, {@code bench-universal}, {@code universal-quality}, {@code bench-gatys}, {@code gatys-examples} and {@code help}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Cli.group("style-transfer-bench", "Benchmarks of the style transfer, and the README's example pictures.",
            BenchCommand.commandLine(out, err), new UniversalBenchCommand(out, err), new UniversalQualityCommand(out, err),
            new GatysBenchCommand(out, err), new GatysExamplesCommand(out, err));
    }
}
