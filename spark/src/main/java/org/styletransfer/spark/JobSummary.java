package org.styletransfer.spark;

import com.google.gson.GsonBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a job did: its inputs and outputs, every task with its executor, provider, time and
 * failure, and the totals. Written as JSON ({@code summary.json}) and as a readable table.
 *
 * @param command  the command that ran
 * @param master   Spark's master URL
 * @param inputs   the inputs found
 * @param outputs  the outputs that are complete after the job
 * @param tasks    each task's outcome (inputs complete before the job appear as skipped)
 * @param failures one line per failed input: its name and the message
 * @param frames   frames stylised by this run
 * @param seconds  the job's wall-clock time
 */
public record JobSummary(String command, String master, List<String> inputs, List<String> outputs,
                         List<TaskOutcome> tasks, List<String> failures, long frames, double seconds) {

    /** Frames stylised per second of wall-clock time. */
    public double framesPerSecond() {
        return seconds > 0 ? frames / seconds : 0;
    }

    /** The summary as pretty-printed JSON. */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(this);
    }

    /** The tasks as a table, then the totals and the failures. */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        String row = "%-36s %7s %-8s %-10s %8s %-24s %s%n";
        b.append(String.format(Locale.ROOT, row, "task", "frames", "status", "provider", "seconds", "executor", "message"));
        for (TaskOutcome t : tasks) {
            b.append(String.format(Locale.ROOT, row, t.task(), t.frames(), t.status(), t.provider(),
                String.format(Locale.ROOT, "%.2f", t.seconds()), t.executor(), t.message()));
        }
        b.append(String.format(Locale.ROOT, "%d inputs, %d outputs complete, %d failed; %d frames in %.1f s (%.2f frames/s)%n",
            inputs.size(), outputs.size(), failures.size(), frames, seconds, framesPerSecond()));
        for (String f : failures) b.append("FAILED ").append(f).append(System.lineSeparator());
        return b.toString();
    }

    /** The failures of {@code tasks}, one line per failed input. */
    static List<String> failures(List<TaskOutcome> tasks) {
        List<String> out = new ArrayList<>();
        for (TaskOutcome t : tasks) {
            String line = t.input() + ": " + t.message();
            if (t.status() == TaskOutcome.Status.FAILED && !out.contains(line)) out.add(line);
        }
        return out;
    }
}
