package org.styletransfer.lossgraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.train.DecoderArchitecture.Conv;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

/**
 * Exports the graphs of a {@link DecoderArchitecture}: the inference model, and the training
 * graph whose backward pass (written out, as for {@link GatysGraphs}) gives the gradient w.r.t.
 * every decoder weight in the same run as the loss.
 */
public final class DecoderGraphs {

    /** Changes whenever the exported graphs change. */
    public static final String EXPORTER_VERSION = "3";

    private DecoderGraphs() {
    }

    /**
     * The inference model of {@code a} with {@code weights} as initializers: input "features"
     * [1,C,h,w], output "image" [1,3,H,W]; {@code metadata} is stored as the model's metadata_props.
     */
    public static OnnxModel inference(DecoderArchitecture a, float[] weights, Map<String, String> metadata) {
        a.checkLength(weights);
        GraphWriter g = new GraphWriter(EXPORTER_VERSION);
        String features = g.input(TensorInfo.floatTensor(DecoderArchitecture.INPUT, 1, a.inputChannels(), -1, -1)
                .withDimParams(null, null, "h", "w"));
        DecoderNet net = DecoderNet.write(g, a, features, new DecoderNet.Parameters() {
            @Override
            public String kernel(int index, Conv conv) {
                return g.floats("dec" + index + "_W", new long[] {conv.out(), conv.in(), 3, 3},
                        java.util.Arrays.copyOfRange(weights, conv.offset(), conv.biasOffset()));
            }

            @Override
            public String bias(int index, Conv conv) {
                return g.floats("dec" + index + "_b", new long[] {conv.out()},
                        java.util.Arrays.copyOfRange(weights, conv.biasOffset(), conv.biasOffset() + conv.out()));
            }
        });
        g.output(net.output(), TensorInfo.floatTensor(DecoderArchitecture.OUTPUT, 1, 3, -1, -1)
                .withDimParams(null, null, "H", "W"));
        g.builder().docString(a + ": VGG-19 " + a.level() + " features to an RGB 0..255 image");
        new TreeMap<>(metadata).forEach(g.builder()::metadata);
        return g.build();
    }

    /**
     * The encoder a decoder inverts: input "image" [1,3,H,W] RGB 0..255, output "features", the
     * ReLU output at {@code level} (max pooling), as the training graph computes it.
     */
    public static OnnxModel encoder(VggWeights vgg, String level) {
        int deepest = VggLayerNames.convIndex(level);
        VggForward.checkChannels(vgg, deepest);
        GraphWriter g = new GraphWriter(EXPORTER_VERSION);
        String image = g.input(GatysGraphs.imageInfo("image", 3));
        VggForward net = VggForward.forwardOnly(g, vgg, deepest, image);
        g.output(net.relu(deepest), GatysGraphs.featureInfo("features", vgg, level));
        g.builder().docString("VGG-19 encoder up to " + level + " of " + vgg.source());
        return g.build();
    }

    /**
     * The training graph: a batch of crops goes through the encoder (VGG-19 up to the level, max
     * pooling), the decoder and the encoder again.
     *
     * <p>Inputs: "images" [N,3,H,W] RGB 0..255 (H and W multiples of 2^{@link
     * DecoderArchitecture#upsamplings()}, and at least 4 times that), "weights" [P] (the decoder's
     * weight vector), "feature_weight" [1] (lambda).
     *
     * <p>Outputs: "loss" = pixel_loss + lambda feature_loss, "pixel_loss" (mean squared
     * difference of output and input, 0..255 units), "feature_loss" (mean squared difference of
     * the encoder's features of output and input), all [1]; "grad" [P] = d loss / d weights;
     * "output" [N,3,H,W] the decoded images.
     */
    public static OnnxModel training(DecoderArchitecture a, VggWeights vgg, GraphTarget target) {
        int deepest = a.deepestConv();
        VggForward.checkChannels(vgg, deepest);
        if (vgg.layers().get(deepest).out() != a.inputChannels()) {
            throw new IllegalArgumentException("the " + a.level() + " decoder takes " + a.inputChannels()
                    + " channels, but the VGG weights give " + vgg.layers().get(deepest).out());
        }
        GraphWriter g = new GraphWriter(EXPORTER_VERSION);
        String images = g.input(TensorInfo.floatTensor("images", -1, 3, -1, -1).withDimParams("N", null, "H", "W"));
        String weights = g.input(TensorInfo.floatTensor("weights", a.parameterCount()));
        String lambda = g.input(TensorInfo.floatTensor("feature_weight", 1));
        String features = VggForward.forwardOnly(g, vgg, deepest, images).relu(deepest);
        DecoderNet decoder = DecoderNet.write(g, a, features, sliced(g, weights));
        VggForward again = VggForward.write(g, vgg, Pooling.MAX, deepest, decoder.output());
        MeanSquare pixel = meanSquare(g, "pixel", decoder.output(), images);
        MeanSquare feature = meanSquare(g, "feature", again.relu(deepest), features);
        String featureGrad = g.mul("feature_grad_scaled", feature.grad(), lambda);
        String throughEncoder = again.imageGradient(Map.of(deepest, List.of(featureGrad)), deepest, target);
        String gradImage = g.add("grad_output", pixel.grad(), throughEncoder);
        String loss = g.add("loss_sum", pixel.loss(), g.mul("loss_feature", feature.loss(), lambda));
        g.output(loss, TensorInfo.floatTensor("loss", 1));
        g.output(pixel.loss(), TensorInfo.floatTensor("pixel_loss", 1));
        g.output(feature.loss(), TensorInfo.floatTensor("feature_loss", 1));
        g.output(flatten(g, decoder.backward(gradImage)), TensorInfo.floatTensor("grad", a.parameterCount()));
        g.output(decoder.output(), TensorInfo.floatTensor("output", -1, 3, -1, -1).withDimParams("N", null, "H", "W"));
        g.builder().docString("training graph of the " + a + " on " + vgg.source() + " ("
                + VggLayerNames.reluName(deepest) + ")");
        return g.build();
    }

    /** Kernels and biases as slices of the weight vector input. */
    private static DecoderNet.Parameters sliced(GraphWriter g, String weights) {
        return new DecoderNet.Parameters() {
            @Override
            public String kernel(int index, Conv conv) {
                String flat = slice(g, weights, conv.offset(), conv.biasOffset());
                return g.op("Reshape", "dec" + index + "_W", flat, g.longs(conv.out(), conv.in(), 3, 3));
            }

            @Override
            public String bias(int index, Conv conv) {
                return slice(g, weights, conv.biasOffset(), conv.biasOffset() + conv.out());
            }
        };
    }

    private static String slice(GraphWriter g, String x, long start, long end) {
        return g.slice("dec_param", x, new long[] {start}, new long[] {end}, new long[] {0}, new long[] {1});
    }

    /** The gradients in weight-vector order, flattened and concatenated. */
    private static String flatten(GraphWriter g, List<DecoderNet.ConvGradient> grads) {
        List<String> parts = new ArrayList<>();
        for (DecoderNet.ConvGradient grad : grads) {
            parts.add(g.op("Reshape", "grad_flat_W", grad.kernel(), g.longs(-1)));
            parts.add(grad.bias());
        }
        return g.op("Concat", "grad_weights", parts, OnnxAttribute.ofInt("axis", 0));
    }

    /** A mean squared difference as [1] and its gradient w.r.t. the first operand. */
    private record MeanSquare(String loss, String grad) {
    }

    /** mean((x - y)^2) and 2 (x - y) / count. */
    private static MeanSquare meanSquare(GraphWriter g, String base, String x, String y) {
        String diff = g.sub(base + "_diff", x, y);
        String count = g.op("Cast", base + "_count", List.of(g.op("Size", base + "_size", diff)),
                OnnxAttribute.ofInt("to", 1));
        String loss = g.toVector(base + "_loss", g.div(base + "_mean", g.sumSquares(base + "_sq", diff), count));
        return new MeanSquare(loss, g.mul(base + "_grad", diff, g.div(base + "_coef", g.scalar(2), count)));
    }
}
