package org.styletransfer.gatys;

import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.RunNotes;
import org.styletransfer.engine.SessionFallback;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.lossgraph.GatysGraphs;
import org.styletransfer.lossgraph.GraphCache;
import org.styletransfer.lossgraph.GraphTarget;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.image.ColorImage;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The two ONNX Runtime sessions of one Gatys graph spec: the forward pass that computes targets
 * and the loss-and-gradient pass the optimiser calls. Sessions are cached by {@link OnnxEngine},
 * so a second run with the same weights and spec does not export or load anything again.
 *
 * <p>One instance serves one run: its model runs go through the run's {@link SessionFallback}, so
 * when CUDA fails the failed evaluation is repeated on the CPU and the run finishes there.</p>
 */
final class LossNetwork {
    private final GatysGraphSpec spec;
    private final VggWeights weights;
    private final ModelSession targets;
    private final ModelSession loss;
    private final GraphTarget lossTarget;
    private final SessionFallback fallback;

    /** A network whose notes nobody reads (tests, benchmarks), with the engine's default threads. */
    LossNetwork(VggWeights weights, String weightsKey, GatysGraphSpec spec, Provider provider) {
        this(weights, weightsKey, spec, provider, 0, new SessionFallback(new RunNotes()));
    }

    /**
     * @param weightsKey identifies the weight values (not just their file) in the session cache
     * @param threads    ONNX Runtime threads of the run's model runs; 0 for the engine's default
     * @param fallback   the run's move from CUDA to the CPU (told in the run's notes), possibly
     *                   made already by an earlier run of the same job
     */
    LossNetwork(VggWeights weights, String weightsKey, GatysGraphSpec spec, Provider provider, int threads,
                SessionFallback fallback) {
        this.fallback = fallback;
        this.spec = spec;
        this.weights = weights;
        // Targets never need the mask: style images are not masked and content features ignore it.
        GatysGraphSpec targetSpec = spec.withStyleMask(false);
        String base = "gatys|" + GatysGraphs.EXPORTER_VERSION + "|" + weightsKey + "|";
        this.targets = OnnxEngine.shared().session(base + "targets|" + targetSpec.canonical(),
            "Gatys targets (" + weights.source() + ")", () -> cached(f -> GraphCache.targets(weights, targetSpec, f), () -> GatysGraphs.targets(weights, targetSpec)),
            provider, threads);
        // The targets session has found out where this provider runs (Auto finds no GPU, say).
        GraphTarget target = target(targets.provider());
        this.lossTarget = target;
        this.loss = OnnxEngine.shared().session(base + "loss|" + target + "|" + spec.canonical(),
            "Gatys loss (" + weights.source() + ")", () -> cached(f -> GraphCache.lossAndGradient(weights, spec, target, f),
                () -> GatysGraphs.lossAndGradient(weights, spec, target)),
            provider, threads);
    }

    /**
     * The provider the loss graph is written for, from where the run's first OrtSession opened: CUDA
     * when it runs there, as a CPU graph on CUDA would run its MaxUnpool nodes on the CPU with
     * copies at every evaluation; the CPU graph otherwise, also for Auto in the GPU build on a
     * machine without a GPU (the CUDA graph would compute the same values there, about 7% slower).
     * If CUDA fails later in the run, the CUDA graph finishes it on the CPU.
     */
    static GraphTarget target(String openedOn) {
        return "CUDA".equals(openedOn) ? GraphTarget.CUDA : GraphTarget.CPU;
    }

    /** The provider the loss graph was written for. */
    GraphTarget lossTarget() {
        return lossTarget;
    }

    /**
     * The graph's bytes from the on-disk cache ({@link ModelLocator#graphFolder()}, exported there
     * with a description the first time), or exported in memory when the cache cannot be written
     * (read-only installation, full disk): caching saves time, it is never required.
     */
    private static byte[] cached(Function<Path, Path> fromCache, Supplier<OnnxModel> export) {
        try {
            return Files.readAllBytes(fromCache.apply(ModelLocator.graphFolder()));
        } catch (IOException | UncheckedIOException e) {
            return export.get().toBytes();
        }
    }

    GatysGraphSpec spec() {
        return spec;
    }

    /**
     * The provider(s) the loss ran on: "CPU", "CUDA", or after CUDA failed e.g. "CUDA, then CPU
     * (CUDA failed at iteration 12: ...)".
     */
    String provider() {
        return fallback.provider(loss.provider());
    }

    /** Why the provider differs from the one asked for (e.g. no CUDA in this build), or "". */
    String providerNote() {
        return loss.providerNote();
    }

    /** Where the run is, for the message if CUDA fails there: iteration 0 = the level's targets. */
    void at(int level, int levels, int iteration) {
        String it = iteration == 0 ? "the targets" : "iteration " + iteration;
        fallback.at(levels > 1 ? it + " of level " + (level + 1) : it);
    }

    /** One loss-and-gradient run (the {@link Evaluator}'s). */
    void runLoss(Map<String, FloatTensor> inputs, Map<String, FloatTensor> outputs) {
        fallback.run(loss, inputs, outputs);
    }

    /** Content features ("content_&lt;layer&gt;") and Gram matrices ("gram_&lt;layer&gt;") of an image. */
    Map<String, float[]> targets(ColorImage image) {
        List<String> names = new ArrayList<>();
        spec.contentLayers().forEach(l -> names.add("content_" + l));
        spec.styleLayers().forEach(l -> names.add("gram_" + l));
        try (FloatTensor in = FloatTensor.allocate(1, 3, image.height(), image.width())) {
            in.buffer().put(0, image.data());
            return fallback.runAndCopy(targets, Map.of("image", in), names);
        }
    }

    /** Channels of a ReLU layer ("relu3_1"). */
    int channels(String layer) {
        return weights.layer("conv" + layer.substring(4)).orElseThrow().out();
    }

    /** Poolings between the image and a ReLU layer: one per block before its own. */
    static int poolsBefore(String layer) {
        return layer.charAt(4) - '1';
    }

    /**
     * An objective over padded images of one size.
     *
     * @param paddedWidth  image width (a multiple of the spec's size multiple)
     * @param content      content targets by layer, features of the padded content image
     * @param grams        Gram targets by layer
     * @param mask         padded style mask (paddedWidth * paddedHeight) when the spec has one
     */
    Evaluator evaluator(int paddedWidth, int paddedHeight, Map<String, float[]> content, Map<String, float[]> grams,
                        double contentWeight, double styleWeight, double tvWeight, float[] mask) {
        return new Evaluator(this, paddedWidth, paddedHeight, content, grams,
            new double[] {contentWeight, styleWeight, tvWeight}, mask);
    }
}
