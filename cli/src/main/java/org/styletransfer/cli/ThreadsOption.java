package org.styletransfer.cli;

import picocli.CommandLine.Option;

/** {@code --threads N}: the ONNX Runtime thread count of a run, shared by every command that runs networks. */
public final class ThreadsOption {
    @Option(order = 90, names = "--threads", paramLabel = "<n>", defaultValue = "0",
        description = "ONNX Runtime threads; 0 = ImageJ's thread setting, i.e. all cores.")
    int threads;

    /** The count asked for; 0 keeps the default. */
    public int count() {
        return threads;
    }
}
