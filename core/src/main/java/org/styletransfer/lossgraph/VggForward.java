package org.styletransfer.lossgraph;

import org.styletransfer.vgg.VggLayerNames;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.Conv;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * The VGG forward pass written into a graph, up to a given layer, keeping the name of every
 * intermediate value the backward pass needs: each conv's input, each ReLU output and each
 * pooling output. Channel counts come from the weights, never from VGG's nominal widths.
 */
final class VggForward {

    private final GraphWriter g;
    private final VggWeights weights;
    private final Pooling pooling;
    private final List<String> convWeights = new ArrayList<>();
    private final List<String> relus = new ArrayList<>();
    private final Map<Integer, String> pools = new HashMap<>();
    /** Max pooling's Indices output, by the conv before the pooling (max pooling only). */
    private final Map<Integer, String> poolIndices = new HashMap<>();
    /** False for a pass that is never differentiated: max pooling then has no Indices output. */
    private final boolean backward;
    private String netInput;

    private VggForward(GraphWriter g, VggWeights weights, Pooling pooling, boolean backward) {
        this.g = g;
        this.weights = weights;
        this.pooling = pooling;
        this.backward = backward;
    }

    /**
     * Writes the input convention and conv1_1 .. conv {@code deepest} (each with its ReLU) applied
     * to {@code image}, an RGB 0..255 [1,3,H,W] value.
     */
    static VggForward write(GraphWriter g, VggWeights weights, Pooling pooling, int deepest, String image) {
        return write(g, weights, pooling, deepest, image, true, null);
    }

    /**
     * As {@link #write}, max pooling, for a pass that is only evaluated (features, statistics,
     * universal style transfer): without the Indices output ONNX Runtime keeps the pooling in its
     * blocked layout, which saves two layout conversions per pooling and most of its time.
     */
    static VggForward forwardOnly(GraphWriter g, VggWeights weights, int deepest, String image) {
        return write(g, weights, Pooling.MAX, deepest, image, false, null);
    }

    /**
     * As {@link #forwardOnly(GraphWriter, VggWeights, int, String)}, the deepest ReLU's output
     * named {@code deepestName}: a graph output of that name then needs no Identity node, which
     * copies the whole tensor on every run (17 ms of a 3-level universal 512x512 frame).
     */
    static VggForward forwardOnly(GraphWriter g, VggWeights weights, int deepest, String image, String deepestName) {
        return write(g, weights, Pooling.MAX, deepest, image, false, deepestName);
    }

    private static VggForward write(GraphWriter g, VggWeights weights, Pooling pooling, int deepest, String image,
                                    boolean backward, String deepestName) {
        checkChannels(weights, deepest);
        VggForward net = new VggForward(g, weights, pooling, backward);
        net.netInput = net.convention(image);
        String x = net.netInput;
        for (int i = 0; i <= deepest; i++) {
            x = net.layer(i, x, i == deepest && deepestName != null ? deepestName : VggLayerNames.reluName(i));
            if (i < deepest && VggLayerNames.poolAfter(i)) {
                x = net.pool(i, x);
            }
        }
        return net;
    }

    /**
     * The 2x2 pooling after conv {@code i}. Max pooling also outputs where each window's maximum
     * is, for its backward pass: one MaxPool gives both.
     */
    private String pool(int i, String x) {
        String base = "pool" + VggLayerNames.block(i);
        String pooled;
        if (pooling == Pooling.MAX && !backward) {
            pooled = g.op("MaxPool", base, List.of(x), OnnxAttribute.ofInts("kernel_shape", 2, 2),
                OnnxAttribute.ofInts("strides", 2, 2));
        } else if (pooling == Pooling.MAX) {
            MaxPooled max = maxPool(g, base, x);
            pooled = max.values();
            poolIndices.put(i, max.indices());
        } else {
            pooled = g.pool2x2(base, x, false);
        }
        pools.put(i, pooled);
        return pooled;
    }

    /** A 2x2 max pooling's output and, for its backward pass, the flat index of each maximum. */
    record MaxPooled(String values, String indices) {
    }

    /**
     * 2x2, stride 2 max pooling with its Indices output. (A separate index-only MaxPool beside ONNX
     * Runtime's blocked-layout one measured no faster: the indices need the plain layout anyway.)
     */
    static MaxPooled maxPool(GraphWriter g, String base, String x) {
        MaxPooled out = new MaxPooled(g.fresh(base), g.fresh(base + "_indices"));
        g.builder().node(OnnxNode.of("MaxPool", List.of(x), List.of(out.values(), out.indices()),
                OnnxAttribute.ofInts("kernel_shape", 2, 2), OnnxAttribute.ofInts("strides", 2, 2)));
        return out;
    }

    /**
     * Checks that the weights reach conv {@code deepest} and that their channel counts chain up.
     *
     * @throws IllegalArgumentException naming the missing layer or the mismatch
     */
    static void checkChannels(VggWeights weights, int deepest) {
        if (deepest >= weights.layers().size()) {
            throw new IllegalArgumentException("layer " + VggLayerNames.reluName(deepest) + " needs "
                    + VggWeights.VGG19_CONVS.get(deepest) + ", but the weights (" + weights.source() + ") stop at "
                    + weights.layerNames().get(weights.layers().size() - 1));
        }
        int channels = 3;
        for (int i = 0; i <= deepest; i++) {
            Conv conv = weights.layers().get(i);
            if (conv.in() != channels) {
                throw new IllegalArgumentException(conv.name() + " takes " + conv.in() + " channels, but its input has "
                        + channels);
            }
            channels = conv.out();
        }
    }

    /** (rgbOrBgr(x) * scale - mean) / std, written as x' * a - b. */
    private String convention(String image) {
        InputConvention c = weights.convention();
        String x = c.bgr() ? reverseChannels("image_bgr", image) : image;
        return g.sub("net_input", g.mul("image_scaled", x, g.constant(channelDims(), scales(c))),
                g.constant(channelDims(), offsets(c)));
    }

    /** Backward of the input convention: gradient w.r.t. the net input to the RGB image's. */
    String conventionBackward(String gradNetInput) {
        InputConvention c = weights.convention();
        String scaled = g.mul("grad_image_vgg", gradNetInput, g.constant(channelDims(), scales(c)));
        return c.bgr() ? reverseChannels("grad_image_rgb", scaled) : scaled;
    }

    private String reverseChannels(String base, String x) {
        return g.slice(base, x, new long[] {-1}, new long[] {Long.MIN_VALUE}, new long[] {1}, new long[] {-1});
    }

    private static long[] channelDims() {
        return new long[] {1, 3, 1, 1};
    }

    private static float[] scales(InputConvention c) {
        float[] a = new float[3];
        for (int ch = 0; ch < 3; ch++) {
            a[ch] = (float) (c.scale() / c.std()[ch]);
        }
        return a;
    }

    private static float[] offsets(InputConvention c) {
        float[] b = new float[3];
        for (int ch = 0; ch < 3; ch++) {
            b[ch] = (float) (c.mean()[ch] / c.std()[ch]);
        }
        return b;
    }

    private String layer(int i, String x, String name) {
        Conv conv = weights.layers().get(i);
        String w = g.floats(conv.name() + "_W", new long[] {conv.out(), conv.in(), 3, 3}, conv.weights());
        String b = g.floats(conv.name() + "_b", new long[] {conv.out()}, conv.bias());
        convWeights.add(w);
        String relu = g.op("Relu", name, g.conv3x3(conv.name(), x, w, b));
        relus.add(relu);
        return relu;
    }

    /**
     * Gradient w.r.t. the input of conv {@code i} from the gradient w.r.t. its output: a plain
     * Conv with the kernel's in/out swapped and flipped in both spatial axes. The kernel is
     * derived inside the graph from the forward weights: ONNX Runtime folds it once at load,
     * and the file holds each kernel once. (ConvTranspose computes the same but runs 1.5-4x
     * slower per FLOP on ONNX Runtime's CPU provider.) The first conv is the exception: its
     * gradient has the image's 3 channels, which ONNX Runtime's blocked-layout Conv pads to a
     * whole block (16 on AVX-512) and converts to and from its layout around; ConvTranspose with
     * the forward kernel took 3.1 ms of a 256x256 loss-graph run where those took 5.3.
     */
    String convBackward(int i, String gradOutput) {
        Conv conv = weights.layers().get(i);
        if (i == 0) {
            return g.op("ConvTranspose", "grad_" + conv.name() + "_in", List.of(gradOutput, convWeights.get(i)),
                OnnxAttribute.ofInts("kernel_shape", 3, 3), OnnxAttribute.ofInts("pads", 1, 1, 1, 1));
        }
        String swapped = g.op("Transpose", conv.name() + "_W_t", List.of(convWeights.get(i)),
                OnnxAttribute.ofInts("perm", 1, 0, 2, 3));
        String flipped = g.slice(conv.name() + "_W_flip", swapped, new long[] {-1, -1},
                new long[] {Long.MIN_VALUE, Long.MIN_VALUE}, new long[] {2, 3}, new long[] {-1, -1});
        return g.conv3x3("grad_" + conv.name() + "_in", gradOutput, flipped, null);
    }

    /** Gradient through ReLU {@code i}: passes where its output is positive. */
    String reluBackward(int i, String gradOutput) {
        return g.mul("grad_" + VggLayerNames.reluName(i) + "_pre", gradOutput,
                g.positive(VggLayerNames.reluName(i) + "_on", relus.get(i)));
    }

    /**
     * A gradient flowing down to a ReLU output.
     *
     * @param value      the gradient
     * @param reluPassed true when the ReLU's own backward pass is already applied, i.e. this is
     *                   the gradient w.r.t. the conv output before the ReLU
     */
    record Gradient(String value, boolean reluPassed) {
    }

    /**
     * Gradient through the pooling after conv {@code i}, from the gradient w.r.t. its output to
     * the gradient w.r.t. ReLU {@code i}'s output (average pooling) or input (max pooling). Max
     * pooling routes each window's gradient to a position holding the window's maximum, which is
     * positive exactly when the pooled value is: so ReLU {@code i}'s backward mask is applied on
     * the pooled grid, a quarter of the full-size Greater, Cast and Mul it would otherwise cost.
     * Needs even H and W at that depth.
     */
    Gradient poolBackward(int i, String gradPooled, GraphTarget target) {
        if (!backward) throw new IllegalStateException("a forward-only VGG pass has no backward pass");
        String base = "grad_pool" + VggLayerNames.block(i);
        if (pooling == Pooling.AVERAGE) {
            return new Gradient(averagePoolBackward(g, base, gradPooled), false);
        }
        String masked = g.mul(base + "_masked", gradPooled, g.positive(base + "_on", pools.get(i)));
        return new Gradient(maxPoolBackward(g, base, relus.get(i), poolIndices.get(i), masked, target), true);
    }

    /** Each pooled gradient, divided by 4, to every position of its 2x2 window (nearest x2 upsampling). */
    static String averagePoolBackward(GraphWriter g, String base, String gradPooled) {
        String quarter = g.mul(base + "_quarter", gradPooled, g.scalar(0.25));
        return g.op("Resize", base, List.of(quarter, "", g.constant(new long[] {4}, 1, 1, 2, 2)),
                OnnxAttribute.ofString("mode", "nearest"),
                OnnxAttribute.ofString("coordinate_transformation_mode", "asymmetric"),
                OnnxAttribute.ofString("nearest_mode", "floor"));
    }

    /**
     * Routes each window's gradient to the first position (row-major, as PyTorch does) holding
     * the window's maximum: MaxPool's Indices output records exactly that position (ONNX Runtime
     * keeps the first of tied values), and the gradient is scattered there into zeros. Routing to
     * every tied position instead would multiply the gradient on flat regions (padding, saturated
     * pixels). An earlier formulation (strided views compared with the maximum, reassembled by
     * DepthToSpace) cost 15% of an evaluation.
     *
     * <p>The scatter is MaxUnpool on the CPU; CUDA has no MaxUnpool kernel, so there it is
     * ScatterElements into a flat zero tensor (the indices are flat over the whole input). On the
     * CPU ScatterElements and its zero fill take 31 ms per evaluation against 9 ms for MaxUnpool
     * (partial VGG-19, 256x256).
     *
     * @param input   the pooling's input, for the output shape
     * @param indices MaxPool's Indices output for {@code input}
     */
    static String maxPoolBackward(GraphWriter g, String base, String input, String indices, String grad,
                                  GraphTarget target) {
        String shape = g.op("Shape", base + "_shape", input);
        if (target == GraphTarget.CPU) {
            return g.op("MaxUnpool", base, List.of(grad, indices, shape), OnnxAttribute.ofInts("kernel_shape", 2, 2),
                    OnnxAttribute.ofInts("strides", 2, 2));
        }
        String count = g.op("Reshape", base + "_count", g.op("Size", base + "_size", input), g.longs(1));
        String flat = g.op("ScatterElements", base + "_flat", List.of(g.op("ConstantOfShape", base + "_zeros", count),
                g.op("Reshape", base + "_indices_flat", indices, g.longs(-1)),
                g.op("Reshape", base + "_grad_flat", grad, g.longs(-1))), OnnxAttribute.ofInt("axis", 0));
        return g.op("Reshape", base, flat, shape);
    }

    /**
     * Runs loss gradients taken at ReLU outputs ({@code gradients}, by conv index) back from conv
     * {@code deepest} to the RGB image: at each ReLU output the loss
     * gradients taken there are added to the one coming from above, then ReLU, conv and (between
     * blocks) pooling are undone in turn. A gradient from a max pooling has passed the ReLU
     * already (see {@link VggForward#poolBackward}), so it joins after the ReLU backward.
     */
    String imageGradient(Map<Integer, List<String>> gradients, int deepest, GraphTarget target) {
        Gradient fromAbove = null;
        for (int i = deepest; i >= 0; i--) {
            List<String> beforeRelu = new ArrayList<>(gradients.getOrDefault(i, List.of()));
            List<String> afterRelu = new ArrayList<>();
            if (fromAbove != null) {
                (fromAbove.reluPassed() ? afterRelu : beforeRelu).add(fromAbove.value());
            }
            if (!beforeRelu.isEmpty()) {
                String atRelu = g.sum("grad_" + VggLayerNames.reluName(i), beforeRelu);
                afterRelu.add(0, reluBackward(i, atRelu));
            }
            String atInput = convBackward(i, g.sum("grad_" + VggLayerNames.reluName(i) + "_pre_sum", afterRelu));
            fromAbove = i > 0 && VggLayerNames.poolAfter(i - 1) ? poolBackward(i - 1, atInput, target)
                    : new Gradient(atInput, false);
        }
        return conventionBackward(fromAbove.value());
    }

    /** The value the first conv reads: the image after the input convention. */
    String netInput() {
        return netInput;
    }

    /** Output of ReLU {@code i}. */
    String relu(int i) {
        return relus.get(i);
    }

    /** Number of output channels of conv {@code i}. */
    int channels(int i) {
        return weights.layers().get(i).out();
    }
}
