package org.styletransfer.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for a command: its usage, generated from its options, on stdout (exit 0). */
public final class HelpOption {
    @Option(order = 99, names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
