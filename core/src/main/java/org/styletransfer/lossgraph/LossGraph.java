package org.styletransfer.lossgraph;

import org.styletransfer.vgg.VggLayerNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.vgg.VggWeights;

/** Writes the graph of {@link GatysGraphs#lossAndGradient}: inputs, forward, loss terms, backward, outputs. */
final class LossGraph {

    private final VggWeights w;
    private final GatysGraphSpec spec;
    private final GraphTarget target;
    private final int deepest;
    private final GraphWriter g = new GraphWriter(GatysGraphs.EXPORTER_VERSION);
    /** Loss gradients w.r.t. each ReLU output, by conv index. */
    private final Map<Integer, List<String>> gradients = new LinkedHashMap<>();
    private final Map<String, String> contentTargets = new LinkedHashMap<>();
    private final Map<String, String> gramTargets = new LinkedHashMap<>();
    private String image;
    private String contentWeight;
    private String styleWeight;
    private String tvWeight;
    private String mask;

    LossGraph(VggWeights w, GatysGraphSpec spec, GraphTarget target) {
        VggForward.checkChannels(w, VggLayerNames.convIndex(spec.deepestLayer()));
        this.w = w;
        this.spec = spec;
        this.target = target;
        this.deepest = VggLayerNames.convIndex(spec.deepestLayer());
    }

    OnnxModel build() {
        declareInputs();
        VggForward net = VggForward.write(g, w, spec.pooling(), deepest, image);
        LossTermGraphs terms = new LossTermGraphs(g, mask);
        String content = total("content_loss", contentTerms(net, terms));
        String style = total("style_loss", styleTerms(net, terms));
        LossTermGraphs.Term tv = terms.totalVariation(image, tvWeight);
        String loss = g.sum("loss_sum", List.of(g.mul("loss_content", contentWeight, content),
                g.mul("loss_style", styleWeight, style), g.mul("loss_tv", tvWeight, tv.loss())));
        String grad = g.add("grad_sum", net.imageGradient(gradients, deepest, target), tv.grad());
        g.output(loss, TensorInfo.floatTensor("loss", 1));
        g.output(content, TensorInfo.floatTensor("content_loss", 1));
        g.output(style, TensorInfo.floatTensor("style_loss", 1));
        g.output(g.toVector("tv_loss", tv.loss()), TensorInfo.floatTensor("tv_loss", 1));
        g.output(grad, GatysGraphs.imageInfo("grad", 3));
        GatysGraphs.describe(g, w, spec, "Gatys loss and its gradient w.r.t. the image, for ONNX Runtime's "
                + target + " provider");
        return g.build();
    }

    private void declareInputs() {
        image = g.input(GatysGraphs.imageInfo("image", 3));
        for (String layer : spec.contentLayers()) {
            contentTargets.put(layer, g.input(GatysGraphs.featureInfo("content_" + layer, w, layer)));
        }
        for (String layer : spec.styleLayers()) {
            int c = w.layers().get(VggLayerNames.convIndex(layer)).out();
            gramTargets.put(layer, g.input(TensorInfo.floatTensor("gram_" + layer, 1, c, c)));
        }
        contentWeight = g.input(TensorInfo.floatTensor("content_weight", 1));
        styleWeight = g.input(TensorInfo.floatTensor("style_weight", 1));
        tvWeight = g.input(TensorInfo.floatTensor("tv_weight", 1));
        mask = spec.styleMask() ? g.input(GatysGraphs.imageInfo("mask", 1)) : null;
    }

    private List<String> contentTerms(VggForward net, LossTermGraphs terms) {
        List<String> losses = new ArrayList<>();
        for (String layer : spec.contentLayers()) {
            int i = VggLayerNames.convIndex(layer);
            LossTermGraphs.Term t = terms.content(layer, net.relu(i), contentTargets.get(layer), contentWeight);
            losses.add(t.loss());
            gradients.computeIfAbsent(i, k -> new ArrayList<>()).add(t.grad());
        }
        return losses;
    }

    private List<String> styleTerms(VggForward net, LossTermGraphs terms) {
        List<String> losses = new ArrayList<>();
        double[] layerWeights = spec.styleLayerWeights();
        for (int s = 0; s < layerWeights.length; s++) {
            String layer = spec.styleLayers().get(s);
            int i = VggLayerNames.convIndex(layer);
            LossTermGraphs.Term t = terms.style(layer, net.relu(i), net.channels(i), VggLayerNames.poolsBefore(i),
                    gramTargets.get(layer), layerWeights[s], styleWeight);
            losses.add(t.loss());
            String name = "style_loss_" + layer;
            g.output(g.toVector(name, t.loss()), TensorInfo.floatTensor(name, 1));
            gradients.computeIfAbsent(i, k -> new ArrayList<>()).add(t.grad());
        }
        return losses;
    }

    /** Sum of rank-0 losses as [1]; a constant 0 when there are none. */
    private String total(String base, List<String> losses) {
        if (losses.isEmpty()) {
            return g.op("Identity", base, g.constant(new long[] {1}, 0f));
        }
        return g.toVector(base, g.sum(base + "_sum", losses));
    }
}
