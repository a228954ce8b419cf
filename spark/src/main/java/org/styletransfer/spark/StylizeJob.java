package org.styletransfer.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.styletransfer.engine.StyleTransferException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The job on the driver: finds the inputs, skips those whose output is complete, runs one Spark
 * task per work item, assembles the chunked outputs and writes the summary. Spark does the
 * scheduling, the retries of failed tasks and the recovery from lost executors.
 */
public final class StylizeJob {
    private StylizeJob() {
    }

    /** Runs the job on {@code sc}; the summary is also written to the output folder. */
    public static JobSummary run(JavaSparkContext sc, JobSettings job, Path input, java.io.PrintStream err) {
        long start = System.nanoTime();
        Path output = Paths.get(job.output());
        List<InputFile> inputs = InputScan.scan(input, output).stream().map(in -> job.allPlanes() ? in : in.whole()).toList();
        List<TaskOutcome> outcomes = new ArrayList<>();
        List<InputFile> todo = new ArrayList<>();
        for (InputFile in : inputs) {
            if (Files.exists(Outputs.result(output, in))) outcomes.add(skipped(in));
            else todo.add(in);
        }
        List<WorkItem> items = WorkPlan.tasks(todo, job.chunk(), job.warmup());
        outcomes.addAll(runTasks(sc, job, items, err));
        List<TaskOutcome> all = assemble(output, todo, outcomes);
        long frames = all.stream().filter(t -> t.status() == TaskOutcome.Status.DONE).mapToLong(TaskOutcome::frames).sum();
        List<String> done = inputs.stream().filter(in -> Files.exists(Outputs.result(output, in)))
            .map(in -> Outputs.result(output, in).toString()).toList();
        JobSummary summary = new JobSummary(job.command(), sc.master(), inputs.stream().map(InputFile::path).toList(),
            done, all, JobSummary.failures(all), frames, (System.nanoTime() - start) / 1e9);
        Outputs.writeText(output.resolve("summary.json"), summary.toJson());
        Outputs.writeText(output.resolve("summary.txt"), summary.toTable());
        return summary;
    }

    /** One Spark task per item (partition i holds item i), with the driver's progress line. */
    private static List<TaskOutcome> runTasks(JavaSparkContext sc, JobSettings job, List<WorkItem> items,
                                              java.io.PrintStream err) {
        if (items.isEmpty()) return List.of();
        DriverProgress progress = new DriverProgress(items, err);
        sc.sc().addSparkListener(progress);
        try {
            sc.setJobDescription("style transfer: " + items.size() + " tasks");
            return sc.parallelize(items, items.size()).map(item -> ChunkRunner.run(item, job)).collect();
        } finally {
            sc.sc().removeSparkListener(progress);
        }
    }

    /**
     * Assembles each chunked input all of whose tasks succeeded; an input that cannot be assembled
     * gets a failed outcome with the reason.
     */
    private static List<TaskOutcome> assemble(Path output, List<InputFile> inputs, List<TaskOutcome> outcomes) {
        List<TaskOutcome> all = new ArrayList<>(outcomes);
        for (InputFile in : inputs) {
            boolean failed = outcomes.stream().anyMatch(t -> t.input().equals(in.name()) && t.status() == TaskOutcome.Status.FAILED);
            if (failed || !in.chunked() || Files.exists(Outputs.result(output, in))) continue;
            try {
                Assembler.assemble(output, in);
            } catch (StyleTransferException e) {
                all.add(new TaskOutcome(in.name() + " (assembly)", in.name(), 0, TaskOutcome.Status.FAILED, "", 0,
                    e.getMessage(), "driver", 0, ""));
            }
        }
        return all;
    }

    private static TaskOutcome skipped(InputFile in) {
        return new TaskOutcome(in.name(), in.name(), in.planes(), TaskOutcome.Status.SKIPPED, "", 0,
            "", "driver", 0, "");
    }
}
