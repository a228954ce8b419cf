package org.styletransfer.bench;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.lossgraph.Pooling;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.image.ColorImage;
import org.styletransfer.util.StrictJson;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's L-BFGS on exactly the problem our time-to-quality case solves: the same VGG weights,
 * layers, normalised losses, weights, images and start. The problem is written to a folder
 * ({@link #write}) and solved by {@code bench/src/main/python/gatys_ttq_torch.py}, which times every
 * loss evaluation; its trace is then read against our target.
 */
final class GatysTtqPeer {
    /** Keys in snake_case, as the Python script reads and writes them. */
    private static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
        .setPrettyPrinting().disableHtmlEscaping().create();

    private final String python;
    private final Path script;
    private final int threads;
    private final PrintStream err;

    /** {@code problem.json}: image sizes, the VGG layers to build, the loss and the L-BFGS history. */
    record Problem(int width, int height, int styleWidth, int styleHeight, List<Layer> layers,
                   VggWeights.InputConvention convention, List<String> contentLayers, List<String> styleLayers,
                   double[] styleLayerWeights, double contentWeight, double styleWeight, double tvWeight,
                   Pooling pooling, int history) {
    }

    /** One convolution of {@code problem.json}; its weights are in {@code <name>_W.f32} and {@code <name>_b.f32}. */
    record Layer(String name, String relu, int in, int out, boolean poolAfter) {
    }

    /** The script's last line; a field it did not print is null. */
    record Output(Double startLoss, Integer iterations, Integer evaluations, Double seconds, double[][] trace) {
    }

    /** One PyTorch run: its loss at the start, and (seconds, loss) of every evaluation. */
    record Run(double startLoss, int iterations, int evaluations, double seconds, double[] times, double[] losses) {

        /** The first evaluation whose loss is at most {@code target}, or -1. */
        int firstWithin(double target) {
            for (int i = 0; i < losses.length; i++) {
                if (losses[i] <= target) return i;
            }
            return -1;
        }

        /** The lowest loss it evaluated. */
        double bestLoss() {
            double best = Double.POSITIVE_INFINITY;
            for (double l : losses) best = Math.min(best, l);
            return best;
        }
    }

    GatysTtqPeer(String python, Path script, int threads, PrintStream err) {
        this.python = python;
        this.script = script;
        this.threads = threads;
        this.err = err;
    }

    /** Null when the script can run here, else why not. */
    String unavailable() {
        return Files.isRegularFile(script) ? null : "the same-problem PyTorch script " + script + " is not there";
    }

    /**
     * Writes the problem: {@code problem.json} and little-endian float32 files for the convolutions
     * the spec needs, the content, style and start images ([1,3,H,W], RGB 0..255).
     */
    static void write(Path folder, VggWeights weights, GatysGraphSpec spec, NeuralStyleSettings settings,
                      ColorImage content, ColorImage style, ColorImage start) {
        try {
            Files.createDirectories(folder);
            int deepest = VggLayerNames.convIndex(spec.deepestLayer());
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i <= deepest; i++) {
                VggWeights.Conv c = weights.layers().get(i);
                floats(folder.resolve(c.name() + "_W.f32"), c.weights());
                floats(folder.resolve(c.name() + "_b.f32"), c.bias());
                layers.add(new Layer(c.name(), VggLayerNames.reluName(c.name()), c.in(), c.out(), VggLayerNames.poolAfter(i)));
            }
            floats(folder.resolve("content.f32"), content.data());
            floats(folder.resolve("style.f32"), style.data());
            floats(folder.resolve("start.f32"), start.data());
            Problem problem = new Problem(content.width(), content.height(), style.width(), style.height(), layers,
                weights.convention(), spec.contentLayers(), spec.styleLayers(), spec.styleLayerWeights(),
                settings.contentWeight(), settings.styleWeight(), settings.tvWeight(), spec.pooling(),
                settings.lbfgsMemory());
            Files.writeString(folder.resolve("problem.json"), GSON.toJson(problem) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PyTorch problem to " + folder, e);
        }
    }

    /** Runs the script on a folder written by {@link #write} for {@code iterations} L-BFGS iterations. */
    Run solve(Path folder, int iterations) {
        GatysPeer.Result r = GatysPeer.exec(List.of(python, script.toString(), folder.toString(), "--iters",
            Integer.toString(iterations), "--threads", Integer.toString(threads)), 3600, err);
        if (r.status() != 0) throw new IllegalStateException("PyTorch failed (exit " + r.status() + "): " + r.output().strip());
        return parse(r.output());
    }

    /** The JSON object the script prints last. */
    static Run parse(String output) {
        String[] lines = output.strip().split("\n");
        Output o = StrictJson.read(GSON, lines[lines.length - 1].trim(), Output.class);
        double[][] trace = required(o.trace(), "trace");
        double[] times = new double[trace.length];
        double[] losses = new double[trace.length];
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].length != 2) throw new IllegalStateException("the PyTorch run printed a trace entry that is not [seconds, loss]");
            times[i] = trace[i][0];
            losses[i] = trace[i][1];
        }
        return new Run(required(o.startLoss(), "start_loss"), required(o.iterations(), "iterations"),
            required(o.evaluations(), "evaluations"), required(o.seconds(), "seconds"), times, losses);
    }

    private static <T> T required(T value, String key) {
        if (value == null) throw new IllegalStateException("the PyTorch run printed no " + key);
        return value;
    }

    private static void floats(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
    }
}
