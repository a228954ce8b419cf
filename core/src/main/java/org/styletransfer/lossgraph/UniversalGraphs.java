package org.styletransfer.lossgraph;

import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorData;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graphs of universal style transfer (Li et al. 2017, WCT; Huang and Belongie 2017, AdaIN),
 * written from the VGG-19 weights with the same forward pass as the loss graphs
 * ({@link VggForward}, max pooling), so that a decoder trained on those features fits them.
 *
 * <ul>
 *   <li>{@link #statistics}: the mean and covariance of the features at several encoder levels, in one
 *   run (style pictures; the content's whole-image statistics).</li>
 *   <li>{@link #level}: one coarse-to-fine step as an image-to-image network: encode to a level, apply
 *   the feature transform given as inputs (a C x C matrix and a shift, a 1x1 convolution), decode.
 *   The transform is an input rather than a constant so that one OrtSession serves every image.</li>
 *   <li>{@link #job}: the same steps in two halves, for images that go through whole (one encoder
 *   pass gives both their statistics and the features to transform), every level's in one graph.</li>
 * </ul>
 */
public final class UniversalGraphs {
    /** Input of the statistics and level graphs: RGB 0..255, [1,3,H,W]. */
    public static final String IMAGE = "content";
    /** Level graph input: the feature transform's matrix as a 1x1 convolution kernel [C,C,1,1]. */
    public static final String TRANSFORM = "transform";
    /** Level graph input: the feature transform's shift [C]. */
    public static final String SHIFT = "shift";
    /** Level graph output: the decoded image, RGB 0..255 (unclamped). */
    public static final String STYLISED = "stylised";
    /** Stem of the job graph's encoder outputs, the features before the transform. */
    private static final String ENCODED = "encoded";
    /** Level graph output without a decoder: the transformed features. */
    public static final String FEATURES = "transformed";

    private static final String VERSION = "3";

    private UniversalGraphs() {
    }

    /** Output name of the mean of {@code level}'s features, [C]. */
    public static String meanName(String level) {
        return "mean_" + level;
    }

    /** Output name of the covariance of {@code level}'s features, [C,C], divided by the pixel count. */
    public static String covarianceName(String level) {
        return "cov_" + level;
    }

    /**
     * Input {@value #IMAGE}; for each of {@code levels} (e.g. "relu3_1") the outputs
     * {@link #meanName} and {@link #covarianceName}. The covariance is of the centred features
     * (centred inside the graph, in float32: E[xx'] - mm' would cancel catastrophically).
     */
    public static OnnxModel statistics(VggWeights w, List<String> levels) {
        GraphWriter g = new GraphWriter(VERSION);
        VggForward net = VggForward.forwardOnly(g, w, deepest(levels), g.input(GatysGraphs.imageInfo(IMAGE, 3)));
        for (String level : levels) moments(g, net, level);
        g.builder().docString("Feature means and covariances at " + levels + " of " + w.source())
            .metadata("exporter.version", VERSION);
        return g.build();
    }

    /**
     * The graph of a job's images that go through whole: for each of {@code levels}, two
     * independent parts, all in one graph so that one OrtSession, and so one memory arena, serves
     * the whole job (an arena for each part kept every part's peak at once):
     * <ul>
     *   <li>the encoder: input {@link #imageName} to output {@link #encodedName}, the features,
     *   with their {@link #meanName} and {@link #covarianceName}, from one encoder pass;</li>
     *   <li>the decoding: inputs {@link #featuresName} (the encoder's features), {@link #transformName}
     *   and {@link #shiftName} (the transform), then the level's decoder: output {@link #stylisedName}.</li>
     * </ul>
     * A run feeds one part with an image's values and every other part with {@link #idleInputs}:
     * ONNX Runtime refuses a run with an input missing, and those few pixels cost next to nothing.
     *
     * @param decoders one per level, in the order of {@code levels}, checked to fit these weights
     */
    public static OnnxModel job(VggWeights w, List<String> levels, List<OnnxModel> decoders, String decoderIn,
                                String decoderOut) {
        GraphWriter g = new GraphWriter(VERSION);
        for (int k = 0; k < levels.size(); k++) {
            String level = levels.get(k);
            int i = VggLayerNames.convIndex(level);
            VggForward net = VggForward.forwardOnly(g, w, i, g.input(sized(imageName(level), 3, level, "image")),
                encodedName(level));
            moments(g, net, level);
            g.output(net.relu(i), sized(encodedName(level), net.channels(i), level, "features"));
            String features = g.input(sized(featuresName(level), net.channels(i), level, "decoded"));
            String transformed = transformed(g, level, features, net.channels(i), transformName(level), shiftName(level));
            g.output(append(g, decoders.get(k), decoderIn, decoderOut, transformed),
                sized(stylisedName(level), 3, level, "stylised"));
            withOpset(g, decoders.get(k));
        }
        g.builder().docString("Universal style transfer of whole images at " + levels + " of " + w.source())
            .metadata("exporter.version", VERSION);
        return g.build();
    }

    /** {@link #job} input of {@code level}'s encoder: RGB 0..255 [1,3,H,W]. */
    public static String imageName(String level) {
        return IMAGE + "_" + level;
    }

    /** {@link #job} output of {@code level}'s encoder: the features [1,C,h,w]. */
    public static String encodedName(String level) {
        return ENCODED + "_" + level;
    }

    /** {@link #job} input of {@code level}'s decoding: the features to transform and decode. */
    public static String featuresName(String level) {
        return "features_" + level;
    }

    /** {@link #job} input of {@code level}'s decoding: the transform's matrix as a 1x1 kernel [C,C,1,1]. */
    public static String transformName(String level) {
        return TRANSFORM + "_" + level;
    }

    /** {@link #job} input of {@code level}'s decoding: the transform's shift [C]. */
    public static String shiftName(String level) {
        return SHIFT + "_" + level;
    }

    /** {@link #job} output of {@code level}'s decoding: the image, RGB 0..255 (unclamped). */
    public static String stylisedName(String level) {
        return STYLISED + "_" + level;
    }

    /**
     * The shapes to feed the {@link #job} parts that a run does not use: for each of {@code levels}
     * the encoder's image and the decoding's inputs, a few pixels each (4 feature pixels a side).
     */
    public static Map<String, long[]> idleInputs(VggWeights w, List<String> levels) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String level : levels) {
            int i = VggLayerNames.convIndex(level);
            int c = w.layers().get(i).out();
            long side = 4L << VggLayerNames.poolsBefore(i);
            shapes.put(imageName(level), new long[] {1, 3, side, side});
            shapes.put(featuresName(level), new long[] {1, c, 4, 4});
            shapes.put(transformName(level), new long[] {c, c, 1, 1});
            shapes.put(shiftName(level), new long[] {c});
        }
        return shapes;
    }

    /** A [1,channels,h,w] float value with height and width of its own (each part's sizes are independent). */
    private static TensorInfo sized(String name, int channels, String level, String what) {
        return TensorInfo.floatTensor(name, 1, channels, -1, -1)
            .withDimParams(null, null, "h_" + what + "_" + level, "w_" + what + "_" + level);
    }

    /** Outputs the mean and covariance of {@code level}'s features (centred in float32 inside the graph). */
    private static void moments(GraphWriter g, VggForward net, String level) {
        int i = VggLayerNames.convIndex(level);
        int c = net.channels(i);
        String flat = g.op("Reshape", level + "_flat", net.relu(i), g.longs(c, -1));
        String mean = g.op("ReduceMean", level + "_mean", List.of(flat), OnnxAttribute.ofInts("axes", 1));
        String centred = g.sub(level + "_centred", flat, mean);
        String outer = g.op("MatMul", level + "_outer", centred,
            g.op("Transpose", level + "_centred_t", List.of(centred), OnnxAttribute.ofInts("perm", 1, 0)));
        String count = g.op("Cast", level + "_count",
            List.of(g.op("Gather", level + "_n", List.of(g.op("Shape", level + "_shape", flat), g.longs(1)))),
            OnnxAttribute.ofInt("to", 1));
        g.output(g.op("Reshape", level + "_mean_vec", mean, g.longs(c)), TensorInfo.floatTensor(meanName(level), c));
        g.output(g.div(level + "_cov", outer, count), TensorInfo.floatTensor(covarianceName(level), c, c));
    }

    /**
     * Encoder to {@code level}, the transform {@code y = T x + s} (inputs {@value #TRANSFORM} and
     * {@value #SHIFT}), then {@code decoder} (its input {@code decoderIn} fed by the transformed
     * features, its output {@code decoderOut} published as {@value #STYLISED}). With a null decoder
     * the output is the transformed features, {@value #FEATURES}.
     *
     * @param decoder a decoder checked to fit these weights and this level, or null
     */
    public static OnnxModel level(VggWeights w, String level, OnnxModel decoder, String decoderIn, String decoderOut) {
        GraphWriter g = new GraphWriter(VERSION);
        String image = g.input(GatysGraphs.imageInfo(IMAGE, 3));
        int i = VggLayerNames.convIndex(level);
        VggForward net = VggForward.forwardOnly(g, w, i, image);
        int c = net.channels(i);
        if (decoder == null) {
            g.output(transformed(g, level, net.relu(i), c, TRANSFORM, SHIFT), GatysGraphs.featureInfo(FEATURES, w, level));
        } else {
            g.output(append(g, decoder, decoderIn, decoderOut, transformed(g, level, net.relu(i), c, TRANSFORM, SHIFT)),
                GatysGraphs.imageInfo(STYLISED, 3));
            withOpset(g, decoder);
        }
        g.builder().docString("Universal style transfer step at " + level + " of " + w.source())
            .metadata("exporter.version", VERSION);
        return g.build();
    }

    /** The transform inputs and the 1x1 convolution applying them to {@code features} ({@code c} channels). */
    private static String transformed(GraphWriter g, String level, String features, int c, String transformIn,
                                      String shiftIn) {
        String transform = g.input(TensorInfo.floatTensor(transformIn, c, c, 1, 1));
        String shift = g.input(TensorInfo.floatTensor(shiftIn, c));
        return g.op("Conv", "transformed_" + level, List.of(features, transform, shift),
            OnnxAttribute.ofInts("kernel_shape", 1, 1));
    }

    /** The decoder's opset when it is newer than the encoder's. */
    private static GraphWriter withOpset(GraphWriter g, OnnxModel decoder) {
        long opset = decoder.opsetVersion();
        if (opset > GraphWriter.OPSET) g.builder().opsetImport("", opset);
        return g;
    }

    /**
     * Copies {@code decoder}'s initializers and nodes into {@code g}, every name prefixed so that
     * none clashes with the encoder's, its input {@code decoderIn} wired to {@code features};
     * returns the name its output {@code decoderOut} has in {@code g}.
     */
    private static String append(GraphWriter g, OnnxModel decoder, String decoderIn, String decoderOut,
                                 String features) {
        String prefix = g.fresh("decoder") + "/";
        for (TensorData t : decoder.initializers()) g.builder().initializer(renamed(t, prefix + t.name()));
        for (OnnxNode n : decoder.nodes()) {
            List<String> in = new ArrayList<>();
            for (String s : n.inputs()) in.add(s.isEmpty() ? s : s.equals(decoderIn) ? features : prefix + s);
            List<String> out = n.outputs().stream().map(s -> s.isEmpty() ? s : prefix + s).toList();
            OnnxNode copy = OnnxNode.of(n.opType(), in, out, n.attributes().toArray(OnnxAttribute[]::new))
                .withDomain(n.domain());
            g.builder().node(n.name().isEmpty() ? copy : copy.withName(prefix + n.name()));
        }
        return prefix + decoderOut;
    }

    private static TensorData renamed(TensorData t, String name) {
        return switch (t.elementType()) {
            case FLOAT -> TensorData.ofFloats(name, t.dims(), t.floats());
            case INT64 -> TensorData.ofLongs(name, t.dims(), t.longs());
            default -> throw new IllegalArgumentException("decoder initializer " + t.name() + " has type "
                + t.elementType() + "; decoders hold float32 and int64 tensors only");
        };
    }

    private static int deepest(List<String> levels) {
        if (levels.isEmpty()) throw new IllegalArgumentException("no encoder level given");
        return levels.stream().mapToInt(VggLayerNames::convIndex).max().getAsInt();
    }
}
