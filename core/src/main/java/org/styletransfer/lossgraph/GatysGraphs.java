package org.styletransfer.lossgraph;

import org.styletransfer.vgg.VggLayerNames;

import org.styletransfer.onnx.ElementType;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.vgg.VggWeights;

/**
 * Exports the ONNX graphs of optimisation-based style transfer (Gatys, Ecker and Bethge 2015).
 * ONNX Runtime's Java API has no automatic differentiation, so the loss graph carries its
 * backward pass written out by hand: one run gives the loss and its gradient w.r.t. the image.
 *
 * <p>Losses, for features F (ReLU outputs) and targets: Gram G = F F<sup>T</sup> / (C h w);
 * style_loss_L = w_L ||G - A_L||<sup>2</sup> / ||A_L||<sup>2</sup>; content_loss = sum over
 * content layers of ||F - P||<sup>2</sup> / ||P||<sup>2</sup>; tv_loss = mean squared difference
 * of neighbouring pixels of the 0..255 image; loss = content_weight content_loss + style_weight
 * style_loss + tv_weight tv_loss. With a style mask, features are multiplied by the mask averaged
 * down to each layer and Gram matrices divided by C times the sum of that mask.
 *
 * <p>Max-pool gradients go to the first maximum of each 2x2 window (row-major), like PyTorch.
 * Images must have H and W multiples of {@link GatysGraphSpec#sizeMultiple()}.
 */
public final class GatysGraphs {

    /** Changes whenever the exported graphs change, so that cached files are rebuilt. */
    public static final String EXPORTER_VERSION = "5";

    private static final String HEIGHT = "height";
    private static final String WIDTH = "width";

    private GatysGraphs() {
    }

    /**
     * Loss and gradient in one run.
     *
     * <p>Inputs: "image" [1,3,H,W] RGB 0..255 (the weights' input convention is applied inside);
     * "content_&lt;layer&gt;" [1,C,h,w] target features; "gram_&lt;layer&gt;" [1,C,C] target Gram
     * matrices (as {@link #targets} computes them); "content_weight", "style_weight", "tv_weight"
     * [1]; with {@code spec.styleMask()} also "mask" [1,1,H,W] in 0..1.
     *
     * <p>Outputs: "loss", "content_loss", "style_loss", "style_loss_&lt;layer&gt;" per style layer,
     * "tv_loss" (all [1]) and "grad" [1,3,H,W] = d loss / d image.
     */
    public static OnnxModel lossAndGradient(VggWeights w, GatysGraphSpec spec) {
        return lossAndGradient(w, spec, GraphTarget.CPU);
    }

    /**
     * {@link #lossAndGradient(VggWeights, GatysGraphSpec)} written for {@code target}'s provider:
     * the same values from ops that provider has kernels for (see {@link GraphTarget}).
     */
    public static OnnxModel lossAndGradient(VggWeights w, GatysGraphSpec spec, GraphTarget target) {
        return new LossGraph(w, spec, target).build();
    }

    /**
     * Forward only, for the targets: input "image" [1,3,H,W] (and "mask" [1,1,H,W] when
     * {@code spec.styleMask()}); outputs "content_&lt;layer&gt;" (the features) for each content
     * layer and "gram_&lt;layer&gt;" for each style layer, exactly as {@link #lossAndGradient}
     * expects them. Works on any image size (pooling floors odd sizes).
     */
    public static OnnxModel targets(VggWeights w, GatysGraphSpec spec) {
        VggForward.checkChannels(w, deepest(spec));
        GraphWriter g = new GraphWriter(EXPORTER_VERSION);
        String image = g.input(imageInfo("image", 3));
        String mask = spec.styleMask() ? g.input(imageInfo("mask", 1)) : null;
        VggForward net = VggForward.write(g, w, spec.pooling(), deepest(spec), image);
        LossTermGraphs terms = new LossTermGraphs(g, mask);
        for (String layer : spec.contentLayers()) {
            g.output(net.relu(VggLayerNames.convIndex(layer)), featureInfo("content_" + layer, w, layer));
        }
        for (String layer : spec.styleLayers()) {
            int i = VggLayerNames.convIndex(layer);
            LossTermGraphs.Gram gram = terms.gram(layer, net.relu(i), net.channels(i), VggLayerNames.poolsBefore(i));
            g.output(gram.matrix(), TensorInfo.floatTensor("gram_" + layer, 1, net.channels(i), net.channels(i)));
        }
        describe(g, w, spec, "Gatys targets: content features and Gram matrices");
        return g.build();
    }

    /**
     * Forward features only, max pooling: input "image" [1,3,H,W] RGB 0..255, outputs "relu1_1",
     * "relu1_2" ... for every layer the weights hold.
     */
    public static OnnxModel features(VggWeights w) {
        GraphWriter g = new GraphWriter(EXPORTER_VERSION);
        String image = g.input(imageInfo("image", 3));
        int deepest = w.layers().size() - 1;
        VggForward net = VggForward.forwardOnly(g, w, deepest, image);
        for (int i = 0; i <= deepest; i++) {
            String name = VggLayerNames.reluName(i);
            g.output(net.relu(i), featureInfo(name, w, name));
        }
        g.builder().docString("VGG features relu1_1.." + VggLayerNames.reluName(deepest) + " of " + w.source());
        return g.build();
    }

    private static int deepest(GatysGraphSpec spec) {
        return VggLayerNames.convIndex(spec.deepestLayer());
    }

    static TensorInfo imageInfo(String name, int channels) {
        return TensorInfo.of(name, ElementType.FLOAT, 1, channels, -1, -1).withDimParams(null, null, HEIGHT, WIDTH);
    }

    static TensorInfo featureInfo(String name, VggWeights w, String layer) {
        int c = w.layers().get(VggLayerNames.convIndex(layer)).out();
        return TensorInfo.floatTensor(name, 1, c, -1, -1)
                .withDimParams(null, null, "h_" + layer, "w_" + layer);
    }

    static void describe(GraphWriter g, VggWeights w, GatysGraphSpec spec, String what) {
        g.builder().docString(what + "; weights: " + w.source() + "; " + spec.canonical()
                + "; H and W must be multiples of " + spec.sizeMultiple())
                .metadata("gatys.spec", spec.canonical())
                .metadata("gatys.size_multiple", Integer.toString(spec.sizeMultiple()))
                .metadata("weights.source", w.source())
                .metadata("exporter.version", EXPORTER_VERSION);
    }
}
