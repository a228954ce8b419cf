package org.styletransfer.bench;

import org.styletransfer.onnx.ElementType;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorData;
import org.styletransfer.onnx.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts the floating-point operations of one forward pass of an image network: 2 x the
 * multiply-adds of every Conv and ConvTranspose (the usual convention; elementwise work such as
 * normalisation and activations is left out because it is a few percent and memory bound).
 *
 * <p>Shapes are propagated from an input of the given height and width through the operators
 * that image-to-image networks use (convolutions, padding, resizing, normalisation, activations,
 * elementwise arithmetic, and the small Shape/Gather/Concat computations exporters emit to size a
 * Resize). An operator it does not know fails with a message naming it, rather than giving a
 * silently wrong count.</p>
 */
public final class FlopCounter {
    private final Map<String, long[]> shapes = new HashMap<>();
    /** Values of small constant tensors (shapes, pads, scales), as doubles, by value name. */
    private final Map<String, double[]> values = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();

    /** One convolution and its cost. */
    public record Layer(String node, String op, long[] input, long[] output, long[] weight, long macs) {
        /** 2 x multiply-adds. */
        public long flops() {
            return 2 * macs;
        }

        @Override
        public String toString() {
            return op + " " + node + " " + Arrays.toString(input) + " -> " + Arrays.toString(output)
                + " weight " + Arrays.toString(weight) + ": " + macs + " MAC";
        }
    }

    /** The count for one input size. */
    public record Count(long flops, List<Layer> layers, long[] outputShape) {
    }

    private FlopCounter() {
    }

    /**
     * Counts the FLOPs of {@code model} on one {@code height} x {@code width} image (batch 1; the
     * channel count is the model's own, 3 when it is not declared).
     *
     * @throws IllegalArgumentException when the model uses an operator whose output shape this
     *                                  class cannot work out, or has no image input
     */
    public static Count count(OnnxModel model, long height, long width) {
        FlopCounter c = new FlopCounter();
        c.seed(model, height, width);
        for (OnnxNode node : model.nodes()) c.visit(node);
        long total = c.layers.stream().mapToLong(Layer::flops).sum();
        String out = model.outputs().get(0).name();
        return new Count(total, List.copyOf(c.layers), c.shapes.getOrDefault(out, new long[0]).clone());
    }

    /**
     * FLOPs for a {@code height} x {@code width} frame. A fixed-size model processes such a frame
     * tile by tile, so its count at its own size is scaled by the frame's area.
     */
    public static double perFrame(OnnxModel model, long height, long width) {
        long[] declared = imageInput(model).dims();
        long h = declared.length == 4 ? declared[2] : -1;
        long w = declared.length == 4 ? declared[3] : -1;
        if (h > 0 && w > 0 && (h != height || w != width)) {
            return count(model, h, w).flops() * ((double) height * width) / ((double) h * w);
        }
        return count(model, height, width).flops();
    }

    private static TensorInfo imageInput(OnnxModel model) {
        List<TensorInfo> inputs = model.inputs();
        if (inputs.isEmpty()) throw new IllegalArgumentException("the model has no input to feed an image to");
        return inputs.get(0);
    }

    private void seed(OnnxModel model, long height, long width) {
        for (TensorData t : model.initializers()) define(t);
        TensorInfo in = imageInput(model);
        long[] d = in.dims();
        long n = d.length == 4 && d[0] > 0 ? d[0] : 1;
        long ch = d.length == 4 && d[1] > 0 ? d[1] : 3;
        shapes.put(in.name(), new long[] {n, ch, height, width});
    }

    private void define(TensorData t) {
        shapes.put(t.name(), t.dims());
        // Only small tensors can be shapes, pads or scales; weights are never needed as values.
        if (t.elementCount() < 0 || t.elementCount() > 64) return;
        if (t.elementType() == ElementType.INT64) values.put(t.name(), Arrays.stream(t.longs()).asDoubleStream().toArray());
        if (t.elementType() == ElementType.FLOAT) values.put(t.name(), toDoubles(t.floats()));
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    // ------------------------------------------------------------------ dispatch

    private void visit(OnnxNode node) {
        String op = node.opType();
        switch (op) {
            case "Conv" -> conv(node);
            case "ConvTranspose" -> convTranspose(node);
            case "MaxPool", "AveragePool", "LpPool" -> pool(node);
            case "Pad" -> pad(node);
            case "Resize", "Upsample" -> resize(node);
            case "Constant" -> constant(node);
            case "Shape" -> shapeOf(node);
            case "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Where", "Equal", "Less",
                 "Greater", "PRelu" -> broadcast(node);
            case "Reshape" -> reshape(node);
            case "Transpose" -> transpose(node);
            case "Concat" -> concat(node);
            case "Gather" -> gather(node);
            case "Unsqueeze" -> unsqueeze(node);
            case "Squeeze" -> squeeze(node);
            case "Slice" -> slice(node);
            case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin" -> reduce(node);
            case "GlobalAveragePool", "GlobalMaxPool" -> globalPool(node);
            default -> {
                if (!Unary.OPS.contains(op)) {
                    throw new IllegalArgumentException("cannot count FLOPs: operator " + op + " (node '"
                        + node.name() + "') is not supported by the FLOP counter");
                }
                sameAsInput(node);
            }
        }
    }

    /** Operators whose output has the shape (and, for Identity/Cast, the value) of input 0. */
    private static final class Unary {
        static final java.util.Set<String> OPS = java.util.Set.of("Relu", "LeakyRelu", "Tanh", "Sigmoid", "Elu",
            "Selu", "Softplus", "HardSigmoid", "Clip", "Identity", "Cast", "Dropout", "Sqrt", "Exp", "Log",
            "Neg", "Abs", "Reciprocal", "Floor", "Ceil", "Round", "Erf", "InstanceNormalization",
            "BatchNormalization", "LpNormalization", "Softmax", "Not");
    }

    // ------------------------------------------------------------------ convolutions

    private void conv(OnnxNode node) {
        long[] x = shape(node, 0);
        long[] w = shape(node, 1);
        long[] kernel = ints(node, "kernel_shape", Arrays.copyOfRange(w, 2, w.length));
        long[] out = spatial(node, x, w[0], kernel, false);
        long group = integer(node, "group", 1);
        long macs = out[0] * w[0] * (x[1] / group) * product(kernel) * product(Arrays.copyOfRange(out, 2, out.length));
        record(node, x, out, w, macs);
    }

    private void convTranspose(OnnxNode node) {
        long[] x = shape(node, 0);
        long[] w = shape(node, 1);
        long group = integer(node, "group", 1);
        long[] kernel = ints(node, "kernel_shape", Arrays.copyOfRange(w, 2, w.length));
        int dims = kernel.length;
        long[] strides = ints(node, "strides", filled(dims, 1));
        long[] dil = ints(node, "dilations", filled(dims, 1));
        long[] pads = ints(node, "pads", filled(2 * dims, 0));
        long[] outPad = ints(node, "output_padding", filled(dims, 0));
        long[] outShape = ints(node, "output_shape", null);
        String autoPad = string(node, "auto_pad", "NOTSET");
        long[] out = new long[2 + dims];
        out[0] = x[0];
        out[1] = w[1] * group;
        for (int i = 0; i < dims; i++) {
            out[2 + i] = outShape != null ? outShape[outShape.length - dims + i]
                : ConvGeometry.convTransposeOut(x[2 + i], kernel[i], strides[i], dil[i], pads[i], pads[dims + i],
                    outPad[i], autoPad);
        }
        // Every input pixel is scattered through the whole kernel to every output channel of its group.
        long macs = x[0] * x[1] * (w[1]) * product(kernel) * product(Arrays.copyOfRange(x, 2, x.length));
        record(node, x, out, w, macs);
    }

    private void pool(OnnxNode node) {
        long[] x = shape(node, 0);
        put(node, spatial(node, x, x[1], ints(node, "kernel_shape", null), integer(node, "ceil_mode", 0) == 1));
    }

    private void globalPool(OnnxNode node) {
        long[] out = shape(node, 0).clone();
        for (int i = 2; i < out.length; i++) out[i] = 1;
        put(node, out);
    }

    /** Output shape of a sliding window (Conv or pooling) with {@code channels} output channels. */
    private long[] spatial(OnnxNode node, long[] x, long channels, long[] kernel, boolean ceilMode) {
        int dims = kernel.length;
        long[] strides = ints(node, "strides", filled(dims, 1));
        long[] dil = ints(node, "dilations", filled(dims, 1));
        long[] pads = ints(node, "pads", filled(2 * dims, 0));
        String autoPad = string(node, "auto_pad", "NOTSET");
        long[] out = new long[2 + dims];
        out[0] = x[0];
        out[1] = channels;
        for (int i = 0; i < dims; i++) {
            out[2 + i] = ConvGeometry.convOut(x[2 + i], kernel[i], strides[i], dil[i], pads[i], pads[dims + i],
                autoPad, ceilMode);
        }
        return out;
    }

    private void record(OnnxNode node, long[] x, long[] out, long[] w, long macs) {
        put(node, out);
        layers.add(new Layer(node.name().isEmpty() ? node.outputs().get(0) : node.name(), node.opType(),
            x.clone(), out.clone(), w.clone(), macs));
    }

    // ------------------------------------------------------------------ resizing

    private void pad(OnnxNode node) {
        long[] x = shape(node, 0);
        double[] pads = node.inputs().size() > 1 && !node.inputs().get(1).isEmpty()
            ? value(node, 1) : toDoubles(ints(node, "pads", null));
        long[] out = x.clone();
        for (int i = 0; i < x.length; i++) out[i] = x[i] + (long) pads[i] + (long) pads[x.length + i];
        put(node, out);
    }

    private void resize(OnnxNode node) {
        long[] x = shape(node, 0);
        List<String> in = node.inputs();
        long[] out = x.clone();
        Optional<double[]> sizes = in.size() > 3 ? optionalValue(in.get(3)) : Optional.empty();
        if (sizes.isPresent() && sizes.get().length == x.length) {
            for (int i = 0; i < x.length; i++) out[i] = (long) sizes.get()[i];
        } else {
            double[] scales = scales(node);
            for (int i = 0; i < x.length; i++) out[i] = (long) Math.floor(x[i] * scales[i]);
        }
        put(node, out);
    }

    /** Scales of Upsample (attribute, or input 1) or Resize (input 1 before opset 11, input 2 after). */
    private double[] scales(OnnxNode node) {
        Optional<OnnxAttribute> attr = node.attribute("scales");
        if (attr.isPresent()) return toDoubles(attr.get().floats());
        List<String> in = node.inputs();
        for (int i = in.size() - 1; i >= 1; i--) {
            Optional<double[]> v = optionalValue(in.get(i));
            // roi (input 1 of Resize-11+) has 2 x rank entries; scales have rank entries.
            if (v.isPresent() && v.get().length == shape(node, 0).length && (i == 2 || in.size() == 2)) return v.get();
        }
        throw new IllegalArgumentException("cannot count FLOPs: the scales of " + node.opType() + " '"
            + node.name() + "' are computed at run time");
    }

    // ------------------------------------------------------------------ shape arithmetic

    private void constant(OnnxNode node) {
        Optional<OnnxAttribute> v = node.attribute("value");
        if (v.isPresent()) {
            TensorData t = v.get().tensor();
            String out = node.outputs().get(0);
            shapes.put(out, t.dims());
            if (t.elementCount() >= 0 && t.elementCount() <= 64) {
                if (t.elementType() == ElementType.INT64) values.put(out, Arrays.stream(t.longs()).asDoubleStream().toArray());
                if (t.elementType() == ElementType.FLOAT) values.put(out, toDoubles(t.floats()));
            }
            return;
        }
        Optional<OnnxAttribute> ints = node.attribute("value_ints");
        if (ints.isPresent()) putValue(node, new long[] {ints.get().ints().length}, toDoubles(ints.get().ints()));
        Optional<OnnxAttribute> f = node.attribute("value_floats");
        if (f.isPresent()) putValue(node, new long[] {f.get().floats().length}, toDoubles(f.get().floats()));
        node.attribute("value_int").ifPresent(a -> putValue(node, new long[0], new double[] {a.intValue()}));
        node.attribute("value_float").ifPresent(a -> putValue(node, new long[0], new double[] {a.floatValue()}));
    }

    private void shapeOf(OnnxNode node) {
        long[] x = shape(node, 0);
        putValue(node, new long[] {x.length}, toDoubles(x));
    }

    private void broadcast(OnnxNode node) {
        List<long[]> in = new ArrayList<>();
        for (int i = 0; i < node.inputs().size(); i++) in.add(shape(node, i));
        int rank = in.stream().mapToInt(s -> s.length).max().orElse(0);
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        for (long[] s : in) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                out[o] = Math.max(out[o], s[i]);
            }
        }
        put(node, out);
        arithmetic(node).ifPresent(v -> values.put(node.outputs().get(0), v));
    }

    /** Evaluates elementwise arithmetic on known small constants (e.g. a shape times 2). */
    private Optional<double[]> arithmetic(OnnxNode node) {
        if (node.inputs().size() != 2) return Optional.empty();
        Optional<double[]> a = optionalValue(node.inputs().get(0));
        Optional<double[]> b = optionalValue(node.inputs().get(1));
        if (a.isEmpty() || b.isEmpty()) return Optional.empty();
        int n = Math.max(a.get().length, b.get().length);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double p = a.get()[a.get().length == 1 ? 0 : i];
            double q = b.get()[b.get().length == 1 ? 0 : i];
            r[i] = switch (node.opType()) {
                case "Add" -> p + q;
                case "Sub" -> p - q;
                case "Mul" -> p * q;
                case "Div" -> p / q;
                default -> Double.NaN;
            };
        }
        return Arrays.stream(r).anyMatch(Double::isNaN) ? Optional.empty() : Optional.of(r);
    }

    private void reshape(OnnxNode node) {
        long[] x = shape(node, 0);
        double[] target = value(node, 1);
        long[] out = new long[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            out[i] = target[i] == 0 ? x[i] : (long) target[i];
            if (out[i] == -1) infer = i;
            else known *= out[i];
        }
        if (infer >= 0) out[infer] = product(x) / known;
        put(node, out);
        optionalValue(node.inputs().get(0)).ifPresent(v -> values.put(node.outputs().get(0), v));
    }

    private void transpose(OnnxNode node) {
        long[] x = shape(node, 0);
        long[] perm = ints(node, "perm", null);
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[perm == null ? x.length - 1 - i : (int) perm[i]];
        put(node, out);
    }

    private void concat(OnnxNode node) {
        long[] first = shape(node, 0);
        int axis = axis(integer(node, "axis", 0), first.length);
        long[] out = first.clone();
        out[axis] = 0;
        List<Double> joined = new ArrayList<>();
        boolean allKnown = true;
        for (int i = 0; i < node.inputs().size(); i++) {
            out[axis] += shape(node, i)[axis];
            Optional<double[]> v = optionalValue(node.inputs().get(i));
            if (v.isEmpty()) allKnown = false;
            else for (double d : v.get()) joined.add(d);
        }
        put(node, out);
        if (allKnown) values.put(node.outputs().get(0), joined.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private void gather(OnnxNode node) {
        long[] x = shape(node, 0);
        long[] idx = shape(node, 1);
        int axis = axis(integer(node, "axis", 0), x.length);
        long[] out = new long[x.length - 1 + idx.length];
        System.arraycopy(x, 0, out, 0, axis);
        System.arraycopy(idx, 0, out, axis, idx.length);
        System.arraycopy(x, axis + 1, out, axis + idx.length, x.length - axis - 1);
        put(node, out);
        Optional<double[]> data = optionalValue(node.inputs().get(0));
        Optional<double[]> at = optionalValue(node.inputs().get(1));
        if (data.isPresent() && at.isPresent() && x.length == 1) {
            double[] r = new double[at.get().length];
            for (int i = 0; i < r.length; i++) r[i] = data.get()[(int) axis((long) at.get()[i], data.get().length)];
            values.put(node.outputs().get(0), r);
        }
    }

    private void unsqueeze(OnnxNode node) {
        long[] x = shape(node, 0);
        long[] axes = node.inputs().size() > 1 ? toLongs(value(node, 1)) : ints(node, "axes", null);
        int rank = x.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) inserted[axis(a, rank)] = true;
        long[] out = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) out[i] = inserted[i] ? 1 : x[j++];
        put(node, out);
        copyValue(node);
    }

    private void squeeze(OnnxNode node) {
        long[] x = shape(node, 0);
        long[] axes = node.inputs().size() > 1 ? toLongs(value(node, 1)) : ints(node, "axes", null);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            boolean drop = axes == null ? x[i] == 1 : contains(axes, i, x.length);
            if (!drop) out.add(x[i]);
        }
        put(node, out.stream().mapToLong(Long::longValue).toArray());
        copyValue(node);
    }

    private void slice(OnnxNode node) {
        long[] x = shape(node, 0);
        long[] starts = node.inputs().size() > 1 ? toLongs(value(node, 1)) : ints(node, "starts", null);
        long[] ends = node.inputs().size() > 2 ? toLongs(value(node, 2)) : ints(node, "ends", null);
        long[] axes = node.inputs().size() > 3 && !node.inputs().get(3).isEmpty() ? toLongs(value(node, 3))
            : ints(node, "axes", null);
        long[] steps = node.inputs().size() > 4 && !node.inputs().get(4).isEmpty() ? toLongs(value(node, 4)) : null;
        long[] out = x.clone();
        for (int i = 0; i < starts.length; i++) {
            int a = axes == null ? i : axis(axes[i], x.length);
            long step = steps == null ? 1 : steps[i];
            long s = clampIndex(starts[i], x[a]);
            long e = clampIndex(ends[i], x[a]);
            out[a] = Math.max(0, -Math.floorDiv(-(e - s), step));
        }
        put(node, out);
    }

    private void reduce(OnnxNode node) {
        long[] x = shape(node, 0);
        long[] axes = node.inputs().size() > 1 ? toLongs(value(node, 1)) : ints(node, "axes", null);
        boolean keep = integer(node, "keepdims", 1) == 1;
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            boolean reduced = axes == null || contains(axes, i, x.length);
            if (!reduced) out.add(x[i]);
            else if (keep) out.add(1L);
        }
        put(node, out.stream().mapToLong(Long::longValue).toArray());
    }

    private void sameAsInput(OnnxNode node) {
        put(node, shape(node, 0));
        if (node.opType().equals("Identity") || node.opType().equals("Cast")) copyValue(node);
    }

    // ------------------------------------------------------------------ helpers

    private void put(OnnxNode node, long[] shape) {
        for (String out : node.outputs()) if (!out.isEmpty()) shapes.put(out, shape.clone());
    }

    private void putValue(OnnxNode node, long[] shape, double[] v) {
        put(node, shape);
        values.put(node.outputs().get(0), v);
    }

    private void copyValue(OnnxNode node) {
        optionalValue(node.inputs().get(0)).ifPresent(v -> values.put(node.outputs().get(0), v));
    }

    private long[] shape(OnnxNode node, int input) {
        String name = node.inputs().get(input);
        long[] s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("cannot count FLOPs: the shape of '" + name + "' (input " + input
                + " of " + node.opType() + " '" + node.name() + "') is unknown");
        }
        return s;
    }

    private double[] value(OnnxNode node, int input) {
        return optionalValue(node.inputs().get(input)).orElseThrow(() -> new IllegalArgumentException(
            "cannot count FLOPs: input " + input + " of " + node.opType() + " '" + node.name()
                + "' is computed at run time"));
    }

    private Optional<double[]> optionalValue(String name) {
        return name.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(name));
    }

    private static long[] ints(OnnxNode node, String name, long[] fallback) {
        return node.attribute(name).map(OnnxAttribute::ints).filter(a -> a.length > 0).orElse(fallback);
    }

    private static long integer(OnnxNode node, String name, long fallback) {
        return node.attribute(name).map(OnnxAttribute::intValue).orElse(fallback);
    }

    private static String string(OnnxNode node, String name, String fallback) {
        return node.attribute(name).map(OnnxAttribute::stringValue).orElse(fallback);
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    private static long product(long[] a) {
        long p = 1;
        for (long v : a) p *= v;
        return p;
    }

    private static double[] toDoubles(long[] a) {
        return a == null ? null : Arrays.stream(a).asDoubleStream().toArray();
    }

    private static long[] toLongs(double[] a) {
        return Arrays.stream(a).mapToLong(d -> (long) d).toArray();
    }

    private static int axis(long a, int rank) {
        return (int) (a < 0 ? a + rank : a);
    }

    private static boolean contains(long[] axes, int i, int rank) {
        for (long a : axes) if (axis(a, rank) == i) return true;
        return false;
    }

    private static long clampIndex(long i, long dim) {
        long j = i < 0 ? i + dim : i;
        return Math.max(0, Math.min(dim, j));
    }
}
