package org.styletransfer.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.styletransfer.cli.Cli;
import org.styletransfer.cli.HelpOption;
import org.styletransfer.cli.Main;
import org.styletransfer.cli.ParamOptions;
import org.styletransfer.cli.UsageException;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.models.ModelLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spark-stylize --input <folder|list.txt> --output <folder> --command fast --model candy ...}:
 * runs a plugin command on many images, stacks, videos and image sequences on Apache Spark, locally
 * ({@code --master local[2]}) or on a cluster ({@code spark-submit --master spark://...}). The
 * command's options are generated from its {@code CommandSpec}, as for {@code stylize}.
 *
 * <p>Exit status: 0 when every input succeeded, 1 when some failed (the summary says which and
 * why), 2 for a problem with the command line.</p>
 */
@Command(name = "spark-stylize", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Stylise every image, stack, video and image sequence of a folder (or list file) on Apache Spark."
        + " The options after --command are those of that command (see --command NAME --help).")
public final class SparkStylize implements Callable<Integer> {
    /** Local masters without a retry count get this many attempts per task, as clusters have by default. */
    static final int LOCAL_ATTEMPTS = 4;
    private static final Pattern LOCAL = Pattern.compile("local\\[([0-9*]+)]");

    @Option(names = "--master", description = "Spark master: local[N] (N cores of this machine), spark://host:7077, yarn..."
        + " Default: spark-submit's, else local[*].")
    String master;
    @Option(names = "--input", required = true, description = "Folder of images, stacks (TIFF), videos (AVI) and"
        + " image-sequence folders, or a text file listing them (one a line).")
    Path input;
    @Option(names = "--output", required = true, description = "Output folder (shared by every executor): one output per"
        + " input, same name and format; summary.json and summary.txt.")
    Path output;
    @Option(names = "--command", defaultValue = "fast", description = "The command to run: ${COMPLETION-CANDIDATES}.",
        completionCandidates = CommandNames.class)
    String command;
    @Option(names = "--chunk", defaultValue = "50", description = "Frames per task for stacks, videos and sequences.")
    int chunk;
    @Option(names = "--warmup", defaultValue = "8", description = "Frames a chunk computes before its first, unwritten,"
        + " when the options make frames depend on earlier ones (temporal_coherence, temporal_weight).")
    int warmup;
    @Option(names = "--fail_once", hidden = true, defaultValue = "", description = "Tests: name:frame fails on its first attempt.")
    String failOnce;
    @Mixin
    HelpOption help;
    @Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private SparkStylize(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The names of the commands, for {@code --help}. */
    static final class CommandNames extends java.util.ArrayList<String> {
        CommandNames() {
            super(JobCommand.ALL.keySet());
        }
    }

    /** Entry point (the launcher script and spark-submit); exits with the status of {@link #run}. */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the job of {@code args} and returns its exit status, for tests and scripts. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new SparkStylize(out, err));
        // The options of the command named on the command line, generated from its spec: known before parsing.
        JobCommand chosen = JobCommand.ALL.getOrDefault(commandName(args), JobCommand.ALL.get("fast"));
        ParamOptions.addTo(cl.getCommandSpec(), chosen.spec().get().params());
        return Cli.execute(cl, args, out, err);
    }

    /** The value of {@code --command} in {@code args} ("fast" when absent). */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--command=")) return args[i].substring("--command=".length());
            if (args[i].equals("--command") && i + 1 < args.length) return args[i + 1];
        }
        return "fast";
    }

    @Override
    public Integer call() {
        JobSettings job = settings();
        try (JavaSparkContext sc = new JavaSparkContext(conf(master))) {
            JobSummary summary = StylizeJob.run(sc, job, input, err);
            out.print(summary.toTable());
            out.println("Summary: " + output.resolve("summary.json"));
            return summary.failures().isEmpty() ? Main.OK : Main.FAILED;
        }
    }

    /** The job's settings, its command's options checked here before Spark starts. */
    private JobSettings settings() {
        JobCommand cmd = JobCommand.named(command);
        Map<String, Object> given = new LinkedHashMap<>(ParamOptions.given(spec.commandLine().getParseResult()));
        if (given.containsKey(FastStyleSpec.OUTPUT_FOLDER)) {
            throw new UsageException("--output_folder is the plugin's own output; with Spark use --output <folder>.");
        }
        if (chunk < 1) throw new UsageException("--chunk must be at least 1 frame.");
        ParamValues values = cmd.values(given);
        boolean temporal = cmd.temporal().test(values);
        boolean all = JobCommand.allPlanes(values);
        return new JobSettings(command, given, output.toAbsolutePath().toString(), chunk,
            temporal ? Math.max(0, warmup) : 0, all, failOnce);
    }

    /**
     * Spark's configuration: the master (a local one with retries), no console progress bar (the
     * job prints its own line), and the model folder for the executors when the driver has one.
     */
    static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setAppName("style-transfer").set("spark.ui.showConsoleProgress", "false");
        if (master != null) conf.setMaster(withRetries(master));
        else if (!conf.contains("spark.master")) conf.setMaster(withRetries("local[*]"));
        String models = System.getProperty(ModelLocator.MODELS_PROPERTY, System.getenv(ModelLocator.MODELS_VARIABLE));
        if (models != null && !models.isBlank()) conf.setExecutorEnv(ModelLocator.MODELS_VARIABLE, models);
        return conf;
    }

    /**
     * {@code local[N]} as {@code local[N,4]}: Spark's local mode otherwise gives a task one attempt,
     * so a transient failure would end the job where a cluster would retry it.
     */
    static String withRetries(String master) {
        Matcher m = LOCAL.matcher(master.strip());
        return m.matches() ? "local[" + m.group(1) + "," + LOCAL_ATTEMPTS + "]" : master;
    }
}
