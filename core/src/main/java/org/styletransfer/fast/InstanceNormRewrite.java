package org.styletransfer.fast;

import org.styletransfer.onnx.InvalidModelException;
import org.styletransfer.onnx.NameScope;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorData;
import org.styletransfer.onnx.TensorInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the InstanceNormalization layers of a fast style network tileable.
 *
 * <p>InstanceNormalization normalises each channel with the mean and variance of the image it
 * sees. When a large image is processed in tiles, every tile gets its own statistics and the
 * tiles no longer match at their borders (visible seams). The cure is to compute the statistics
 * once, on the whole (possibly downscaled) image, and to feed the same statistics to every tile.
 * This class produces the two models needed for that:
 * <ul>
 *   <li>{@link #statsModel()}: the original model that additionally outputs, for every
 *       InstanceNormalization layer k, the per-channel mean and variance of its input;</li>
 *   <li>{@link #fixedStatsModel()}: the model with every InstanceNormalization replaced by the
 *       same formula using statistics given as extra graph inputs.</li>
 * </ul>
 * Stats outputs and inputs share names ({@link #meanNames()}, {@link #varNames()}) and have shape
 * [1, C, 1, 1].
 */
public final class InstanceNormRewrite {

    private static final String OP = "InstanceNormalization";
    private static final float DEFAULT_EPSILON = 1e-5f;
    /** From opset 18 on, ReduceMean takes its axes as an input instead of an attribute. */
    private static final int AXES_AS_INPUT_OPSET = 18;

    private final byte[] original;
    private final int opset;
    private final List<Layer> layers;

    /** One normalisation layer and the names of its statistics. */
    private sealed interface Layer permits NodeLayer, DecomposedLayer {
        String mean();

        String var();

        int channels();
    }

    /** An InstanceNormalization node, at {@code nodeIndex} of the original model. */
    private record NodeLayer(int nodeIndex, OnnxNode node, String mean, String var, int channels)
            implements Layer {

        String x() {
            return node.inputs().get(0);
        }

        float epsilon() {
            return node.attribute("epsilon").map(OnnxAttribute::floatValue).orElse(DEFAULT_EPSILON);
        }
    }

    /** Instance normalisation spelled out in primitive operators; see {@link DecomposedInstanceNorm}. */
    private record DecomposedLayer(DecomposedInstanceNorm.Match match, String mean, String var)
            implements Layer {

        @Override
        public int channels() {
            return match.channels();
        }
    }

    private InstanceNormRewrite(byte[] original, int opset, List<Layer> layers) {
        this.original = original;
        this.opset = opset;
        this.layers = List.copyOf(layers);
    }

    /**
     * Analyses {@code model} (a snapshot is taken; later edits of {@code model} do not matter).
     * Besides InstanceNormalization nodes, instance normalisation written out as
     * ReduceMean/Sub/Mul/ReduceMean (as in ONNX.js-compatible exports) is recognised too.
     *
     * @return empty when the model has no instance normalisation
     */
    public static Optional<InstanceNormRewrite> of(OnnxModel model) {
        List<OnnxNode> nodes = model.nodes();
        NameScope names = NameScope.of(model);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxNode node = nodes.get(i);
            if (node.opType().equals(OP) && node.isDefaultDomain() && node.inputs().size() == 3) {
                int k = layers.size();
                layers.add(new NodeLayer(i, node, meanName(names, k), varName(names, k),
                        channels(model, node)));
            }
        }
        for (DecomposedInstanceNorm.Match match : DecomposedInstanceNorm.find(model)) {
            int k = layers.size();
            layers.add(new DecomposedLayer(match, meanName(names, k), varName(names, k)));
        }
        return layers.isEmpty() ? Optional.empty()
                : Optional.of(new InstanceNormRewrite(model.toBytes(), model.opsetVersion(), layers));
    }

    private static String meanName(NameScope names, int layer) {
        return names.fresh("instance_norm_" + layer + "_mean");
    }

    private static String varName(NameScope names, int layer) {
        return names.fresh("instance_norm_" + layer + "_var");
    }

    /** Channel count from the scale tensor when it is constant, else from declared shapes. */
    private static int channels(OnnxModel model, OnnxNode node) {
        Optional<TensorData> scale = model.constant(node.inputs().get(1));
        if (scale.isPresent() && scale.get().dims().length == 1) {
            return (int) scale.get().dims()[0];
        }
        String x = node.inputs().get(0);
        List<TensorInfo> declared = new ArrayList<>(model.valueInfos());
        declared.addAll(model.inputs());
        for (TensorInfo info : declared) {
            if (info.name().equals(x) && info.dims().length > 1 && info.dims()[1] > 0) {
                return (int) info.dims()[1];
            }
        }
        return -1;
    }

    /** Number of InstanceNormalization layers. */
    public int layerCount() {
        return layers.size();
    }

    /** Names of the per-layer mean outputs/inputs (InstanceNormalization nodes first, in node
     *  order, then decomposed layers). */
    public List<String> meanNames() {
        return layers.stream().map(Layer::mean).toList();
    }

    /** Names of the per-layer variance outputs/inputs, in the order of {@link #meanNames()}. */
    public List<String> varNames() {
        return layers.stream().map(Layer::var).toList();
    }

    /** Channel count of layer {@code layer}, or -1 when it is not known without running the model. */
    public int channelCount(int layer) {
        return layers.get(layer).channels();
    }

    /**
     * The original model with extra outputs mean_k = ReduceMean(x_k over H, W) and
     * var_k = ReduceMean((x_k - mean_k)^2 over H, W), each [1, C, 1, 1], after the original
     * outputs. The variance is the biased one, as InstanceNormalization uses.
     */
    public byte[] statsModel() {
        OnnxModel model = snapshot();
        NameScope names = scopeFor(model);
        String axes = axesInitializer(model, names);
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            if (layer instanceof NodeLayer node) {
                addStatsNodes(model, names, node, k, axes);
            } else if (layer instanceof DecomposedLayer decomposed) {
                // The model computes the statistics already; just give them the public names.
                model.addNode(OnnxNode.of("Identity", layer.mean(), decomposed.match().meanValue()));
                model.addNode(OnnxNode.of("Identity", layer.var(), decomposed.match().varValue()));
            }
            model.addOutput(statsInfo(layer.mean(), layer));
            model.addOutput(statsInfo(layer.var(), layer));
        }
        return model.toBytes();
    }

    private void addStatsNodes(OnnxModel model, NameScope names, NodeLayer layer, int k, String axes) {
        String centred = names.fresh("instance_norm_" + k + "_centred");
        String squared = names.fresh("instance_norm_" + k + "_squared");
        model.addNode(reduceMean(layer.x(), layer.mean(), axes));
        model.addNode(OnnxNode.of("Sub", centred, layer.x(), layer.mean()));
        model.addNode(OnnxNode.of("Mul", squared, centred, centred));
        model.addNode(reduceMean(squared, layer.var(), axes));
    }

    /**
     * The model with every InstanceNormalization(x, scale, B) replaced by
     * {@code (x - mean_k) * (scale / sqrt(var_k + epsilon)) + B} (evaluated as
     * {@code x * f + (B - mean_k * f)}), where mean_k and var_k are new
     * graph inputs [1, C, 1, 1] named as in {@link #meanNames()} / {@link #varNames()}. The
     * outputs are unchanged; with the statistics from {@link #statsModel()} on the same image it
     * computes the same result as the original.
     */
    public byte[] fixedStatsModel() {
        OnnxModel model = snapshot();
        NameScope names = scopeFor(model);
        // [-1, 1, 1] turns scale and B ([C]) into [C, 1, 1], which broadcasts against NCHW;
        // a Reshape works whether they are initializers or computed values, at any opset >= 5.
        String shape = names.fresh("instance_norm_c11_shape");
        if (layers.stream().anyMatch(layer -> layer instanceof NodeLayer)) {
            model.addInt64Initializer(shape, new long[] {3}, new long[] {-1, 1, 1});
        }
        // Back to front, so that the node indices of earlier layers stay valid.
        for (int k = layers.size() - 1; k >= 0; k--) {
            if (layers.get(k) instanceof NodeLayer layer) {
                model.removeNode(layer.nodeIndex());
                model.insertNodes(layer.nodeIndex(), fixedNodes(model, names, layer, k, shape));
            }
        }
        for (Layer layer : layers) {
            if (layer instanceof DecomposedLayer decomposed) {
                model.replaceInputReferences(decomposed.match().meanValue(), layer.mean());
                model.replaceInputReferences(decomposed.match().varValue(), layer.var());
            }
        }
        // Drops the ReduceMean chains the redirected statistics came from.
        model.removeUnusedNodes();
        for (Layer layer : layers) {
            model.addInput(statsInfo(layer.mean(), layer));
            model.addInput(statsInfo(layer.var(), layer));
        }
        return model.toBytes();
    }

    private static List<OnnxNode> fixedNodes(OnnxModel model, NameScope names, NodeLayer layer, int k,
            String shape) {
        String prefix = "instance_norm_" + k + "_";
        String epsilon = names.fresh(prefix + "epsilon");
        model.addInitializer(TensorData.scalar(epsilon, layer.epsilon()));
        String scale = names.fresh(prefix + "scale_c11");
        String bias = names.fresh(prefix + "bias_c11");
        String varEps = names.fresh(prefix + "var_eps");
        String std = names.fresh(prefix + "std");
        String invStd = names.fresh(prefix + "inv_std");
        String factor = names.fresh(prefix + "factor");
        String meanScaled = names.fresh(prefix + "mean_scaled");
        String shift = names.fresh(prefix + "shift");
        String scaled = names.fresh(prefix + "scaled");
        List<String> in = layer.node().inputs();
        // y = x * f + (B - mean * f) with f = (1 / sqrt(var + eps)) * scale: the same formula,
        // in the same order of float operations, as ONNX Runtime's CPU InstanceNormalization
        // kernel. On the CPU provider the output was then bit-identical to the original in tests;
        // that matters because style networks amplify one-ulp differences to ~1e-3 over ~15 layers.
        List<OnnxNode> nodes = List.of(
                OnnxNode.of("Reshape", scale, in.get(1), shape),
                OnnxNode.of("Reshape", bias, in.get(2), shape),
                OnnxNode.of("Add", varEps, layer.var(), epsilon),
                OnnxNode.of("Sqrt", std, varEps),
                OnnxNode.of("Reciprocal", invStd, std),
                OnnxNode.of("Mul", factor, invStd, scale),
                OnnxNode.of("Mul", meanScaled, layer.mean(), factor),
                OnnxNode.of("Sub", shift, bias, meanScaled),
                OnnxNode.of("Mul", scaled, layer.x(), factor),
                OnnxNode.of("Add", layer.node().outputs().get(0), scaled, shift));
        List<OnnxNode> named = new ArrayList<>();
        for (OnnxNode node : nodes) {
            named.add(node.withName(names.fresh(prefix + node.opType())));
        }
        return named;
    }

    private static OnnxNode reduceMean(String input, String output, String axes) {
        OnnxAttribute keepDims = OnnxAttribute.ofInt("keepdims", 1);
        if (axes == null) {
            return OnnxNode.of("ReduceMean", List.of(input), List.of(output),
                    OnnxAttribute.ofInts("axes", 2, 3), keepDims);
        }
        return OnnxNode.of("ReduceMean", List.of(input, axes), List.of(output), keepDims);
    }

    /** The [2, 3] axes initializer for opset 18+, or null when axes are an attribute. */
    private String axesInitializer(OnnxModel model, NameScope names) {
        if (opset < AXES_AS_INPUT_OPSET) {
            return null;
        }
        String axes = names.fresh("instance_norm_axes_hw");
        model.addInt64Initializer(axes, new long[] {2}, new long[] {2, 3});
        return axes;
    }

    private static TensorInfo statsInfo(String name, Layer layer) {
        return TensorInfo.floatTensor(name, 1, layer.channels(), 1, 1);
    }

    private OnnxModel snapshot() {
        try {
            return OnnxModel.parse(original);
        } catch (InvalidModelException e) {
            throw new IllegalStateException("a model that parsed once no longer parses", e);
        }
    }

    /** Names in the model plus the stats names, which are not in it yet. */
    private NameScope scopeFor(OnnxModel model) {
        NameScope names = NameScope.of(model);
        for (Layer layer : layers) {
            names.reserve(layer.mean());
            names.reserve(layer.var());
        }
        return names;
    }
}
