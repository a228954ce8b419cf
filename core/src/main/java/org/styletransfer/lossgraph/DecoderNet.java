package org.styletransfer.lossgraph;

import java.util.ArrayList;
import java.util.List;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.train.DecoderArchitecture.Conv;
import org.styletransfer.train.DecoderArchitecture.Layer;
import org.styletransfer.train.DecoderArchitecture.Relu;
import org.styletransfer.train.DecoderArchitecture.Upsample;

/**
 * A decoder's forward pass written into a graph, keeping every value its backward pass needs,
 * and that backward pass: gradients w.r.t. each conv's kernel and bias from the gradient w.r.t.
 * the output image. Works on batches [N,C,h,w].
 */
final class DecoderNet {

    /** Where a conv's kernel and bias come from: initializers or slices of a parameter input. */
    interface Parameters {
        /** The kernel [out,in,3,3] of conv {@code index}. */
        String kernel(int index, Conv conv);

        /** The bias [out] of conv {@code index}. */
        String bias(int index, Conv conv);
    }

    /** One written layer: its input, its output, and for a conv its padded input and kernel. */
    private record Written(Layer layer, String input, String output, String padded, String kernel) {
    }

    /** The gradients w.r.t. one conv's kernel [out,in,3,3] and bias [out]. */
    record ConvGradient(String kernel, String bias) {
    }

    private final GraphWriter g;
    private final List<Written> written = new ArrayList<>();
    private String output;

    private DecoderNet(GraphWriter g) {
        this.g = g;
    }

    /** Writes the decoder applied to {@code features}. */
    static DecoderNet write(GraphWriter g, DecoderArchitecture a, String features, Parameters parameters) {
        DecoderNet net = new DecoderNet(g);
        String x = features;
        int convIndex = 0;
        for (Layer layer : a.layers()) {
            String input = x;
            if (layer instanceof Conv conv) {
                String padded = reflectPad(g, "dec" + convIndex + "_pad", x);
                String kernel = parameters.kernel(convIndex, conv);
                x = g.op("Conv", "dec" + convIndex, List.of(padded, kernel, parameters.bias(convIndex, conv)),
                        OnnxAttribute.ofInts("kernel_shape", 3, 3));
                net.written.add(new Written(layer, input, x, padded, kernel));
                convIndex++;
            } else {
                x = layer instanceof Relu ? g.op("Relu", "dec_relu", x) : upsample(g, "dec_up", x);
                net.written.add(new Written(layer, input, x, null, null));
            }
        }
        net.output = x;
        return net;
    }

    /** The decoded image. */
    String output() {
        return output;
    }

    private static String reflectPad(GraphWriter g, String base, String x) {
        return g.op("Pad", base, List.of(x, g.longs(0, 0, 1, 1, 0, 0, 1, 1)), OnnxAttribute.ofString("mode", "reflect"));
    }

    private static String upsample(GraphWriter g, String base, String x) {
        return g.op("Resize", base, List.of(x, "", g.constant(new long[] {4}, 1, 1, 2, 2)),
                OnnxAttribute.ofString("mode", "nearest"),
                OnnxAttribute.ofString("coordinate_transformation_mode", "asymmetric"),
                OnnxAttribute.ofString("nearest_mode", "floor"));
    }

    /**
     * Runs {@code gradImage} (d loss / d output) back through the decoder; returns the gradient
     * of every conv, in the order of the convs. The gradient w.r.t. the features is not
     * written: they are data, not trained.
     */
    List<ConvGradient> backward(String gradImage) {
        List<ConvGradient> grads = new ArrayList<>();
        String grad = gradImage;
        for (int k = written.size() - 1; k >= 0; k--) {
            Written w = written.get(k);
            if (w.layer() instanceof Conv conv) {
                grads.add(0, new ConvGradient(WeightGradients.kernel(g, w.padded(), grad, conv),
                        g.op("ReduceSum", "grad_dec_b", List.of(grad, g.longs(0, 2, 3)),
                                OnnxAttribute.ofInt("keepdims", 0))));
                if (k > 0) {
                    grad = reflectPadBackward(g, convInputGradient(w.kernel(), grad));
                }
            } else if (w.layer() instanceof Relu) {
                grad = g.mul("grad_dec_relu", grad, g.positive("dec_on", w.output()));
            } else if (w.layer() instanceof Upsample) {
                grad = upsampleBackward(g, grad);
            }
        }
        return grads;
    }

    /**
     * Gradient w.r.t. the padded input of an unpadded 3x3 conv: the "full" correlation of the
     * output gradient with the kernel flipped in both axes and in/out swapped, i.e. a Conv with
     * padding 2 (the same trick as {@link VggForward#convBackward}).
     */
    private String convInputGradient(String kernel, String grad) {
        String swapped = g.op("Transpose", "dec_W_t", List.of(kernel), OnnxAttribute.ofInts("perm", 1, 0, 2, 3));
        String flipped = g.slice("dec_W_flip", swapped, new long[] {-1, -1}, new long[] {Long.MIN_VALUE, Long.MIN_VALUE},
                new long[] {2, 3}, new long[] {-1, -1});
        return g.op("Conv", "grad_dec_padded", List.of(grad, flipped), OnnxAttribute.ofInts("kernel_shape", 3, 3),
                OnnxAttribute.ofInts("pads", 2, 2, 2, 2));
    }

    /** Nearest 2x upsampling copies each value to a 2x2 window: its gradient sums the window. */
    static String upsampleBackward(GraphWriter g, String grad) {
        String mean = g.pool2x2("grad_dec_up_mean", grad, false);
        return g.mul("grad_dec_up", mean, g.scalar(4));
    }

    /**
     * Gradient through reflection padding of 1: the border rows and columns of the padded
     * gradient are mirror copies of rows/columns 1 and n-2 of the input, so they are added back
     * there. Needs at least 4 rows and columns.
     */
    static String reflectPadBackward(GraphWriter g, String gradPadded) {
        return foldReflection(g, foldReflection(g, gradPadded, 3), 2);
    }

    private static String foldReflection(GraphWriter g, String x, long axis) {
        String centre = part(g, x, axis, 1, -1);
        String first = g.add("grad_refl_first", part(g, centre, axis, 1, 2), part(g, x, axis, 0, 1));
        String last = g.add("grad_refl_last", part(g, centre, axis, -2, -1), part(g, x, axis, -1, GraphWriter.END));
        return g.op("Concat", "grad_refl", List.of(part(g, centre, axis, 0, 1), first, part(g, centre, axis, 2, -2),
                last, part(g, centre, axis, -1, GraphWriter.END)), OnnxAttribute.ofInt("axis", axis));
    }

    private static String part(GraphWriter g, String x, long axis, long start, long end) {
        return g.slice("grad_refl_part", x, new long[] {start}, new long[] {end}, new long[] {axis}, new long[] {1});
    }
}
