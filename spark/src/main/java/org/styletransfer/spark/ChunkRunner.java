package org.styletransfer.spark;

import ij.ImagePlus;
import ij.io.FileSaver;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.io.MediaIO;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Runs one task on an executor: reads its planes, runs the command on them as the command line
 * would, and writes what it is responsible for. Models are opened through the engine's
 * process-wide session cache, so each executor JVM opens each ONNX Runtime session once and every
 * later task on it reuses that session.
 *
 * <p>A problem with the input or the options (the plugin's {@link StyleTransferException}, a
 * rejected value) is the task's result, marked failed with its message: retrying cannot help, and
 * the other inputs go on. Anything else is thrown, so that Spark retries the task.</p>
 */
public final class ChunkRunner {
    private ChunkRunner() {
    }

    /** Runs {@code item}; skips it when an earlier run wrote all of it. */
    public static TaskOutcome run(WorkItem item, JobSettings job) {
        long start = System.nanoTime();
        Path output = Paths.get(job.output());
        if (complete(item, output)) return outcome(item, TaskOutcome.Status.SKIPPED, "", "", "", start);
        try {
            JobCommand command = JobCommand.named(job.command());
            ParamValues values = command.values(withThreads(job.given()));
            ImagePlus source = MediaIO.open(Paths.get(item.input().path()), true);
            ImagePlus planes = Planes.range(source, item.from(), item.end(), item.input().axis());
            StyleResult result = command.runner().run(planes, values);
            if (!result.complete()) throw new StyleTransferException(item.input().name() + ": " + result.stopNote());
            write(item, job, output, result.image());
            return outcome(item, TaskOutcome.Status.DONE, result.provider(), "", result.image().getTitle(), start);
        } catch (StyleTransferException | IllegalArgumentException e) {
            return outcome(item, TaskOutcome.Status.FAILED, "", e.getMessage(), "", start);
        }
    }

    /** True when every file the task writes exists (and so is complete: see {@link Outputs}). */
    static boolean complete(WorkItem item, Path output) {
        if (Files.exists(Outputs.result(output, item.input()))) return true;
        if (!item.input().chunked()) return false;
        Path parts = Outputs.parts(output, item.input());
        return IntStream.range(item.first(), item.end()).allMatch(k -> Files.exists(Outputs.plane(parts, k)));
    }

    /**
     * The options with ONNX Runtime's threads following the task's cores ({@code spark.task.cpus}),
     * unless the user chose a thread count.
     */
    static Map<String, Object> withThreads(Map<String, Object> given) {
        TaskContext task = TaskContext.get();
        if (given.containsKey(FastStyleSpec.THREADS) || task == null) return given;
        Map<String, Object> values = new LinkedHashMap<>(given);
        values.put(FastStyleSpec.THREADS, task.cpus());
        return values;
    }

    /** Writes the task's planes (chunked inputs) or the whole output, each under a temporary name first. */
    private static void write(WorkItem item, JobSettings job, Path output, ImagePlus result) {
        if (!item.input().chunked()) {
            failOnceAt(item, job, item.first());
            Outputs.writeAtomically(Outputs.result(output, item.input()), temp -> MediaIO.save(result, temp));
            return;
        }
        Path parts = Outputs.parts(output, item.input());
        if (item.first() == 0) Outputs.writeTextOnce(parts.resolve(Outputs.TITLE), result.getTitle());
        for (int k = item.first(); k < item.end(); k++) {
            failOnceAt(item, job, k);
            Path file = Outputs.plane(parts, k);
            if (Files.exists(file)) continue; // an earlier attempt wrote it, complete
            ImagePlus plane = new ImagePlus(result.getTitle(), result.getStack().getProcessor(k - item.from() + 1));
            plane.setCalibration(result.getCalibration());
            Outputs.writeAtomically(file, temp -> saveTiff(plane, temp));
        }
    }

    private static void saveTiff(ImagePlus plane, Path path) {
        if (!new FileSaver(plane).saveAsTiff(path.toString())) {
            throw new StyleTransferException("Cannot write " + path + ": is the disk full or the folder read-only?");
        }
    }

    /**
     * The retry test's fault: the first attempt of the task that writes plane {@code k} (0-based)
     * of the input named in {@code failOnce} ("name:plane", 1-based) fails there.
     */
    private static void failOnceAt(WorkItem item, JobSettings job, int k) {
        TaskContext task = TaskContext.get();
        String here = item.input().name() + ":" + (k + 1);
        if (here.equals(job.failOnce()) && task != null && task.attemptNumber() == 0) {
            throw new IllegalStateException("Injected failure at " + here + " (first attempt)");
        }
    }

    private static TaskOutcome outcome(WorkItem item, TaskOutcome.Status status, String provider, String message,
                                       String title, long start) {
        TaskContext task = TaskContext.get();
        return new TaskOutcome(item.label(), item.input().name(), item.frames(), status, provider,
            (System.nanoTime() - start) / 1e9, message, executor(), task == null ? 0 : task.attemptNumber(), title);
    }

    /** The executor, as the summary names it: Spark's id and the JVM's process id. */
    private static String executor() {
        SparkEnv env = SparkEnv.get();
        String id = env == null ? "local" : env.executorId();
        return id + " (pid " + ProcessHandle.current().pid() + ")";
    }
}
