package org.styletransfer.lossgraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.styletransfer.onnx.ModelBuilder;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorData;
import org.styletransfer.onnx.TensorInfo;

/**
 * A thin layer over {@link ModelBuilder} for writing graphs by hand: every operator call returns
 * the name of its (fresh) output value, so graph code reads like the arithmetic it encodes.
 * Constants are shared by value so that repeated small constants do not pile up.
 */
final class GraphWriter {

    /** Opset 17: Shape has start/end (15), Reduce* still take axes as attributes except ReduceSum. */
    static final int OPSET = 17;
    /** The slope of {@link #positive}'s HardSigmoid: values above its inverse give exactly 1. */
    private static final float POSITIVE_SLOPE = 1e30f;
    /** "To the end" for Slice ends. */
    static final long END = Long.MAX_VALUE;

    private final ModelBuilder builder;
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> constants = new HashMap<>();

    GraphWriter(String producerVersion) {
        builder = OnnxModel.builder(OPSET).producer("org.styletransfer.export", producerVersion);
    }

    /** The underlying builder, for doc strings and metadata. */
    ModelBuilder builder() {
        return builder;
    }

    /** Declares a graph input; its name is reserved as given. */
    String input(TensorInfo info) {
        reserve(info.name());
        builder.input(info);
        return info.name();
    }

    /** Publishes {@code value} as graph output {@code name} (an Identity when the names differ). */
    void output(String value, TensorInfo info) {
        if (!value.equals(info.name())) {
            reserve(info.name());
            builder.node(OnnxNode.of("Identity", info.name(), value));
        }
        builder.output(info);
    }

    /** {@code base} if unused, else {@code base_2}, {@code base_3} ...; the name is reserved. */
    String fresh(String base) {
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + "_" + i;
        }
        taken.add(name);
        return name;
    }

    private void reserve(String name) {
        if (!taken.add(name)) {
            throw new IllegalStateException("value name used twice: " + name);
        }
    }

    /** Adds a float initializer under a fresh name derived from {@code base}. */
    String floats(String base, long[] dims, float[] values) {
        String name = fresh(base);
        builder.initializer(TensorData.ofFloats(name, dims, values));
        return name;
    }

    /** A shared float constant of the given shape. */
    String constant(long[] dims, float... values) {
        String key = "f" + Arrays.toString(dims) + Arrays.toString(values);
        return constants.computeIfAbsent(key, k -> floats("const", dims, values));
    }

    /** A shared rank-0 float constant. */
    String scalar(double value) {
        return constant(new long[0], (float) value);
    }

    /** A shared 1-D int64 constant (shapes, axes, Slice bounds). */
    String longs(long... values) {
        String key = "i" + Arrays.toString(values);
        return constants.computeIfAbsent(key, k -> {
            String name = fresh("const_i64");
            builder.initializer(TensorData.ofLongs(name, new long[] {values.length}, values));
            return name;
        });
    }

    /** Appends a single-output node and returns its output name. */
    String op(String opType, String base, List<String> inputs, OnnxAttribute... attributes) {
        String out = fresh(base);
        builder.node(OnnxNode.of(opType, inputs, List.of(out), attributes));
        return out;
    }

    /** Single-output node without attributes. */
    String op(String opType, String base, String... inputs) {
        return op(opType, base, List.of(inputs));
    }

    String add(String base, String a, String b) {
        return op("Add", base, a, b);
    }

    String sub(String base, String a, String b) {
        return op("Sub", base, a, b);
    }

    String mul(String base, String a, String b) {
        return op("Mul", base, a, b);
    }

    String div(String base, String a, String b) {
        return op("Div", base, a, b);
    }

    /**
     * 1 where {@code x} &gt; 0, else 0, as float: a ReLU's backward mask, applied to ReLU outputs
     * (never negative). One HardSigmoid, max(0, min(1, 1e30 x)): exactly 1 for every value above
     * 1e-30, a fraction only below that, where VGG features never are. Greater then Cast, the
     * exact form, took twice as long (ONNX Runtime does not vectorise the Cast): 7.4 against 3.5 ms
     * of a 256x256 loss-graph run in its profile. A Where is about 3x slower than multiplying by a
     * mask (measured on [1,64,512,512]: 53 vs 16 ms) and Sign is not vectorised either.
     */
    String positive(String base, String x) {
        return op("HardSigmoid", base, List.of(x), OnnxAttribute.ofFloat("alpha", POSITIVE_SLOPE),
            OnnxAttribute.ofFloat("beta", 0f));
    }

    /** Sum of one or more values; a single value is returned as is. */
    String sum(String base, List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to sum for " + base);
        }
        return values.size() == 1 ? values.get(0) : op("Sum", base, values);
    }

    /** Sum of squares of all elements, as a rank-0 tensor. */
    String sumSquares(String base, String x) {
        return op("ReduceSumSquare", base, List.of(x), OnnxAttribute.ofInt("keepdims", 0));
    }

    /** Sum of all elements, as a rank-0 tensor. */
    String sumAll(String base, String x) {
        return op("ReduceSum", base, List.of(x), OnnxAttribute.ofInt("keepdims", 0));
    }

    /** Reshapes to [1], the shape of every loss output. */
    String toVector(String base, String x) {
        return op("Reshape", base, x, longs(1));
    }

    /** {@code x[..., starts:ends:steps]} on the given axes. */
    String slice(String base, String x, long[] starts, long[] ends, long[] axes, long[] steps) {
        return op("Slice", base, x, longs(starts), longs(ends), longs(axes), longs(steps));
    }

    /** 3x3, stride 1, pad 1 convolution; {@code bias} may be null. */
    String conv3x3(String base, String x, String weights, String bias) {
        List<String> inputs = new ArrayList<>(List.of(x, weights));
        if (bias != null) {
            inputs.add(bias);
        }
        return op("Conv", base, inputs, OnnxAttribute.ofInts("kernel_shape", 3, 3),
                OnnxAttribute.ofInts("pads", 1, 1, 1, 1));
    }

    /** 2x2, stride 2 max or average pooling. */
    String pool2x2(String base, String x, boolean max) {
        return op(max ? "MaxPool" : "AveragePool", base, List.of(x), OnnxAttribute.ofInts("kernel_shape", 2, 2),
                OnnxAttribute.ofInts("strides", 2, 2));
    }

    /** The finished model. */
    OnnxModel build() {
        return builder.build();
    }
}
