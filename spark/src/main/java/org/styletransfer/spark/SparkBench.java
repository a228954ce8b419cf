package org.styletransfer.spark;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import org.styletransfer.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code spark-stylize bench --frames 2000 --size 256}: frames per second of one stack through the
 * plain command line ({@code stylize}, one ONNX Runtime thread and all of them) and through the
 * Spark job with {@code local[1]} and {@code local[2]}, in one JVM on the same input; prints BENCH
 * lines with the overhead (local[1] against the one-thread command line) and the scaling (local[2]
 * against local[1]).
 */
@Command(name = "spark-stylize bench", showDefaultValues = true, mixinStandardHelpOptions = true)
public final class SparkBench implements Callable<Integer> {
    @Option(names = "--frames", defaultValue = "2000", description = "Frames of the stack.")
    int frames;
    @Option(names = "--size", defaultValue = "256", description = "Frame width and height.")
    int size;
    @Option(names = "--chunk", defaultValue = "50", description = "Frames per Spark task.")
    int chunk;
    @Option(names = "--model", defaultValue = "candy", description = "Fast style network.")
    String model;
    @Option(names = "--repeat", defaultValue = "1", description = "Runs of each mode, alternating; the best counts"
        + " (on a shared machine the best run is the least disturbed one).")
    int repeat;
    @Option(names = "--work", defaultValue = "target/spark-bench", description = "Folder for the input and outputs.")
    Path work;

    /** Runs the benchmark. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBench()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(work);
        Path input = Files.createDirectories(work.resolve("in")).resolve("stack.tif");
        new FileSaver(movingStack(frames, size)).saveAsTiffStack(input.toString());
        // Untimed: JIT and the model session, which every run below then shares, as executors do.
        stylize(input, work.resolve("warm.tif"), "1");
        double cli1 = 0;
        double cliAll = 0;
        double local1 = 0;
        double local2 = 0;
        double job1 = 0;
        double job2 = 0;
        for (int r = 0; r < repeat; r++) {
            cli1 = Math.max(cli1, fps(() -> stylize(input, work.resolve("cli-1.tif"), "1")));
            local1 = Math.max(local1, fps(() -> spark(input.getParent(), fresh(work.resolve("local1")), "local[1]")));
            job1 = Math.max(job1, jobFps(work.resolve("local1")));
            local2 = Math.max(local2, fps(() -> spark(input.getParent(), fresh(work.resolve("local2")), "local[2]")));
            job2 = Math.max(job2, jobFps(work.resolve("local2")));
            cliAll = Math.max(cliAll, fps(() -> stylize(input, work.resolve("cli-all.tif"), "0")));
        }
        String what = String.format(Locale.ROOT, "frames=%d size=%dx%d model=%s chunk=%d", frames, size, size, model, chunk);
        bench(what, "cli threads=1", cli1);
        bench(what, "cli threads=all", cliAll);
        bench(what, "spark local[1]", local1);
        bench(what, "spark local[2]", local2);
        // The job alone, from the input scan to the summary: what remains of the overhead once
        // Spark's start (a fixed few seconds) is spread over a long run.
        bench(what, "spark local[1] job only", job1);
        bench(what, "spark local[2] job only", job2);
        System.out.printf(Locale.ROOT, "BENCH spark %s overhead_local1_vs_cli1=%.1f%% overhead_job1_vs_cli1=%.1f%%"
                + " scaling_local2_vs_local1=%.2fx scaling_job2_vs_job1=%.2fx local2_vs_cli_all=%.2fx%n", what,
            100 * (cli1 / local1 - 1), 100 * (cli1 / job1 - 1), local2 / local1, job2 / job1, local2 / cliAll);
        return 0;
    }

    private double fps(Runnable run) {
        long start = System.nanoTime();
        run.run();
        return frames / ((System.nanoTime() - start) / 1e9);
    }

    /** Frames per second of the job itself, from its summary.json. */
    private double jobFps(Path output) throws IOException {
        com.google.gson.JsonObject summary = com.google.gson.JsonParser.parseString(
            Files.readString(output.resolve("summary.json"))).getAsJsonObject();
        return frames / summary.get("seconds").getAsDouble();
    }

    /** {@code dir} emptied, so that the job redoes everything instead of skipping an earlier run's outputs. */
    private static Path fresh(Path dir) {
        try {
            Outputs.deleteTree(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    private static void bench(String what, String mode, double fps) {
        System.out.printf(Locale.ROOT, "BENCH spark %s mode=%s fps=%.2f%n", what, mode, fps);
    }

    private void stylize(Path input, Path output, String threads) {
        check(Main.run(new String[] {"stylize", input.toString(), output.toString(), "--model", model, "--threads", threads},
            quiet(), System.err), "stylize");
    }

    private void spark(Path inputs, Path output, String master) {
        check(SparkStylize.run(new String[] {"--master", master, "--input", inputs.toString(), "--output", output.toString(),
            "--model", model, "--chunk", String.valueOf(chunk)}, quiet(), quiet()), master);
    }

    private static void check(int status, String what) {
        if (status != 0) throw new IllegalStateException(what + " failed with status " + status);
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    /** A deterministic moving texture: smooth bands drifting by (2, 1) pixels per frame. */
    static ImagePlus movingStack(int frames, int size) {
        ImageStack stack = new ImageStack(size, size);
        for (int t = 0; t < frames; t++) {
            int[] rgb = new int[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double u = (x - 2.0 * t) / 9.0;
                    double v = (y - 1.0 * t) / 13.0;
                    int r = (int) (127 + 120 * Math.sin(u) * Math.cos(v));
                    int g = (int) (127 + 120 * Math.sin(u + v));
                    int b = (int) (127 + 120 * Math.cos(u * 0.7 - v));
                    rgb[y * size + x] = (r << 16) | (g << 8) | b;
                }
            }
            stack.addSlice(new ColorProcessor(size, size, rgb));
        }
        ImagePlus imp = new ImagePlus("bench", stack);
        imp.setDimensions(1, 1, frames);
        return imp;
    }
}
