package org.styletransfer.spark;

import java.io.Serializable;

/**
 * One Spark task: planes {@code first} (inclusive) to {@code end} (exclusive, 0-based) of one
 * input, computed from {@code from} so that the warm-up planes {@code from..first-1} prime the
 * temporal smoothing without being written.
 */
public record WorkItem(InputFile input, int from, int first, int end) implements Serializable {
    /** Planes written. */
    public int frames() {
        return end - first;
    }

    /** How the summary names the task: the input, and the planes when the input is chunked. */
    public String label() {
        return input.chunked() ? input.name() + " [" + (first + 1) + "-" + end + "]" : input.name();
    }
}
