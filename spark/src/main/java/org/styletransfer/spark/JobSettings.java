package org.styletransfer.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What every task of a job needs to know, shipped to the executors with the tasks.
 *
 * @param command  the {@link JobCommand} name
 * @param given    the command's option values given on the command line, by key (Strings and boxed
 *                 numbers and booleans); executors check them with the same params as the driver
 * @param output   the output folder, seen by the driver and every executor (a shared file system)
 * @param chunk    frames per task for stacks, videos and sequences
 * @param warmup   frames a chunk computes before its first frame and does not write, so that
 *                 temporal smoothing starts from a state like the unchunked run's
 * @param allPlanes whether the command stylises every plane ({@code planes} option); otherwise each
 *                 input is one task, as only its current plane is stylised
 * @param failOnce for tests of retries: "name:frame", the task writing that frame of that input
 *                 fails on its first attempt; empty for none
 */
public record JobSettings(String command, Map<String, Object> given, String output, int chunk, int warmup,
                          boolean allPlanes, String failOnce) implements Serializable {
}
