package org.styletransfer.bench;

import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.image.ColorImage;
import org.styletransfer.util.Json;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * PyTorch's L-BFGS on exactly the problem our time-to-quality case solves: the same VGG weights,
 * layers, normalised losses, weights, images and start. The problem is written to a folder
 * ({@link #write}) and solved by {@code bench/src/main/python/gatys_ttq_torch.py}, which times every
 * loss evaluation; its trace is then read against our target.
 */
final class GatysTtqPeer {
    private final String python;
    private final Path script;
    private final int threads;
    private final PrintStream err;

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
            StringJoiner layers = new StringJoiner(",\n  ", "[\n  ", "\n ]");
            for (int i = 0; i <= deepest; i++) {
                VggWeights.Conv c = weights.layers().get(i);
                floats(folder.resolve(c.name() + "_W.f32"), c.weights());
                floats(folder.resolve(c.name() + "_b.f32"), c.bias());
                layers.add(String.format(Locale.ROOT, "{\"name\": \"%s\", \"relu\": \"%s\", \"in\": %d, \"out\": %d, "
                    + "\"pool_after\": %b}", c.name(), VggLayerNames.reluName(c.name()), c.in(), c.out(),
                    VggLayerNames.poolAfter(i)));
            }
            floats(folder.resolve("content.f32"), content.data());
            floats(folder.resolve("style.f32"), style.data());
            floats(folder.resolve("start.f32"), start.data());
            VggWeights.InputConvention cv = weights.convention();
            String json = String.format(Locale.ROOT, "{\"width\": %d, \"height\": %d, \"style_width\": %d, "
                    + "\"style_height\": %d,\n \"layers\": %s,\n \"convention\": {\"bgr\": %b, \"scale\": %s, "
                    + "\"mean\": %s, \"std\": %s},\n \"content_layers\": %s, \"style_layers\": %s, "
                    + "\"style_layer_weights\": %s,\n \"content_weight\": %s, \"style_weight\": %s, \"tv_weight\": %s, "
                    + "\"pooling\": \"%s\", \"history\": %d}\n", content.width(), content.height(), style.width(),
                style.height(), layers, cv.bgr(), num(cv.scale()), nums(cv.mean()), nums(cv.std()),
                strings(spec.contentLayers()), strings(spec.styleLayers()), nums(spec.styleLayerWeights()),
                num(settings.contentWeight()), num(settings.styleWeight()), num(settings.tvWeight()), spec.pooling(),
                settings.lbfgsMemory());
            Files.writeString(folder.resolve("problem.json"), json);
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
        Map<String, Object> o = Json.parseObject(lines[lines.length - 1].trim());
        List<?> trace = (List<?>) o.get("trace");
        double[] times = new double[trace.size()];
        double[] losses = new double[trace.size()];
        for (int i = 0; i < trace.size(); i++) {
            List<?> e = (List<?>) trace.get(i);
            times[i] = ((Number) e.get(0)).doubleValue();
            losses[i] = ((Number) e.get(1)).doubleValue();
        }
        return new Run(number(o, "start_loss"), (int) number(o, "iterations"), (int) number(o, "evaluations"),
            number(o, "seconds"), times, losses);
    }

    private static double number(Map<String, Object> o, String key) {
        if (!(o.get(key) instanceof Number n)) throw new IllegalStateException("the PyTorch run printed no " + key);
        return n.doubleValue();
    }

    private static void floats(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static String nums(double[] v) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (double d : v) j.add(num(d));
        return j.toString();
    }

    private static String strings(List<String> v) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (String s : v) j.add('"' + s + '"');
        return j.toString();
    }
}
