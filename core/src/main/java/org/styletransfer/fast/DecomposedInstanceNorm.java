package org.styletransfer.fast;

import org.styletransfer.onnx.ElementType;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds instance normalisation written out in primitive operators, as some exporters emit it
 * for runtimes without InstanceNormalization (e.g. ONNX.js-compatible PyTorch exports):
 * <pre>
 *   mean = ReduceMean(Reshape(x, [1, C, 1, -1]), axes=[3])    or ReduceMean(x, axes=[2, 3])
 *   d    = Sub(x, mean)
 *   var  = ReduceMean(Reshape(Mul(d, d), [1, C, 1, -1]), axes=[3])    (or directly, likewise)
 * </pre>
 * Only the two statistics matter for tiling: whatever follows (divide by sqrt(var + eps), scale,
 * shift) already reads them, so redirecting {@code mean} and {@code var} is enough.
 */
final class DecomposedInstanceNorm {

    /** The values holding one layer's mean and variance, and its channel count (or -1). */
    record Match(String meanValue, String varValue, int channels) {
    }

    private final OnnxModel model;
    private final Map<String, OnnxNode> producers = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();

    private DecomposedInstanceNorm(OnnxModel model, List<OnnxNode> nodes) {
        this.model = model;
        for (OnnxNode node : nodes) {
            node.outputs().forEach(output -> producers.put(output, node));
            node.inputs().forEach(input -> consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node));
        }
    }

    /** All decomposed instance normalisations in {@code model}, in node order. */
    static List<Match> find(OnnxModel model) {
        List<OnnxNode> nodes = model.nodes();
        DecomposedInstanceNorm finder = new DecomposedInstanceNorm(model, nodes);
        List<Match> matches = new ArrayList<>();
        for (OnnxNode node : nodes) {
            if (isOp(node, "Sub") && node.inputs().size() == 2) {
                finder.match(node).ifPresent(matches::add);
            }
        }
        return matches;
    }

    /** Matches {@code sub} = Sub(x, mean) followed by the variance computation. */
    private Optional<Match> match(OnnxNode sub) {
        String x = sub.inputs().get(0);
        String mean = sub.inputs().get(1);
        OptionalChannels meanChannels = spatialMean(producers.get(mean), x);
        if (!meanChannels.matched) {
            return Optional.empty();
        }
        String centred = sub.outputs().get(0);
        for (OnnxNode square : consumers.getOrDefault(centred, List.of())) {
            if (isOp(square, "Mul") && square.inputs().equals(List.of(centred, centred))) {
                Optional<String> var = varianceOf(square.outputs().get(0));
                if (var.isPresent()) {
                    return Optional.of(new Match(mean, var.get(), meanChannels.channels));
                }
            }
        }
        return Optional.empty();
    }

    /** The output of a spatial ReduceMean of {@code squared}, reading it directly or reshaped. */
    private Optional<String> varianceOf(String squared) {
        List<OnnxNode> readers = new ArrayList<>(consumers.getOrDefault(squared, List.of()));
        for (OnnxNode reader : List.copyOf(readers)) {
            if (isOp(reader, "Reshape")) {
                readers.addAll(consumers.getOrDefault(reader.outputs().get(0), List.of()));
            }
        }
        for (OnnxNode reader : readers) {
            if (spatialMean(reader, squared).matched) {
                return Optional.of(reader.outputs().get(0));
            }
        }
        return Optional.empty();
    }

    /** Channel count found while matching, -1 when unknown. */
    private record OptionalChannels(boolean matched, int channels) {
        static final OptionalChannels NO = new OptionalChannels(false, -1);
    }

    /**
     * Whether {@code node} averages {@code x} over H and W per (n, c) with keepdims: either
     * ReduceMean(x, axes=[2, 3]) or ReduceMean(Reshape(x, [N, C, 1..., -1]), axes=[last]).
     */
    private OptionalChannels spatialMean(OnnxNode node, String x) {
        if (node == null || !isOp(node, "ReduceMean") || keepDims(node) != 1) {
            return OptionalChannels.NO;
        }
        long[] axes = axes(node);
        String input = node.inputs().get(0);
        if (input.equals(x)) {
            return axesAre(axes, 4, 2, 3) ? new OptionalChannels(true, -1) : OptionalChannels.NO;
        }
        OnnxNode reshape = producers.get(input);
        if (reshape == null || !isOp(reshape, "Reshape") || !reshape.inputs().get(0).equals(x)) {
            return OptionalChannels.NO;
        }
        Optional<TensorData> shape = model.constant(reshape.inputs().get(1));
        if (shape.isEmpty() || shape.get().elementType() != ElementType.INT64) {
            return OptionalChannels.NO;
        }
        long[] target = shape.get().longs();
        return flattensSpatial(target) && axesAre(axes, target.length, target.length - 1)
                ? new OptionalChannels(true, target[1] > 0 ? (int) target[1] : -1)
                : OptionalChannels.NO;
    }

    /** [N or 0, C or 0, 1, ..., 1, -1]: keeps batch and channel, flattens the rest last. */
    private static boolean flattensSpatial(long[] target) {
        if (target.length < 3 || target[target.length - 1] != -1 || target[0] < 0 || target[1] < 0) {
            return false;
        }
        for (int i = 2; i < target.length - 1; i++) {
            if (target[i] != 1) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code axes} (possibly negative, relative to {@code rank}) are exactly {@code expected}. */
    private static boolean axesAre(long[] axes, int rank, long... expected) {
        if (axes == null || axes.length != expected.length) {
            return false;
        }
        for (int i = 0; i < axes.length; i++) {
            long axis = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (axis != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Axes from the attribute (opset < 18) or the constant second input (opset >= 18). */
    private long[] axes(OnnxNode node) {
        Optional<OnnxAttribute> attribute = node.attribute("axes");
        if (attribute.isPresent()) {
            return attribute.get().ints();
        }
        if (node.inputs().size() > 1 && !node.inputs().get(1).isEmpty()) {
            return model.constant(node.inputs().get(1))
                    .filter(t -> t.elementType() == ElementType.INT64).map(TensorData::longs).orElse(null);
        }
        return null;
    }

    private static long keepDims(OnnxNode node) {
        return node.attribute("keepdims").map(OnnxAttribute::intValue).orElse(1L);
    }

    private static boolean isOp(OnnxNode node, String opType) {
        return node.opType().equals(opType) && node.isDefaultDomain();
    }
}
