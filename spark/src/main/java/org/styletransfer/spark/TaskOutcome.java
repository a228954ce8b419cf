package org.styletransfer.spark;

import java.io.Serializable;

/**
 * What one task did, for the job summary.
 *
 * @param task     {@link WorkItem#label()}
 * @param input    the input's name
 * @param frames   planes the task is responsible for
 * @param status   done, skipped (complete from an earlier run) or failed (bad input)
 * @param provider where the models ran ("CPU", "CUDA", "CUDA, then CPU (...)"); empty when nothing ran
 * @param seconds  the task's time on its executor
 * @param message  why it failed; empty otherwise
 * @param executor the executor (host and id) that did it
 * @param attempt  Spark's attempt number (0 for the first)
 * @param title    the result image's title, which names the files of image-sequence outputs
 */
public record TaskOutcome(String task, String input, int frames, Status status, String provider, double seconds,
                          String message, String executor, int attempt, String title) implements Serializable {
    /** How a task ended. */
    public enum Status { DONE, SKIPPED, FAILED }
}
