package org.styletransfer.lossgraph;

import org.styletransfer.vgg.VggLayerNames;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.styletransfer.vgg.VggWeights;

/**
 * What a Gatys loss graph computes: which VGG layers carry the content and style losses, the
 * relative weight of each style layer, the pooling between blocks and whether a style mask is
 * an input. Layer names are ReLU outputs: "relu1_1", "relu4_2" ... The record is a value: two
 * specs with equal contents are equal (arrays included), which {@link GraphCache} relies on.
 *
 * @param contentLayers     layers whose features are compared with the content target
 * @param styleLayers       layers whose Gram matrices are compared with the style targets
 * @param styleLayerWeights weight of each style layer, same order and length as {@code styleLayers}
 * @param pooling           pooling between blocks
 * @param styleMask         true to take a "mask" input that restricts the style loss
 */
public record GatysGraphSpec(List<String> contentLayers, List<String> styleLayers, double[] styleLayerWeights,
        Pooling pooling, boolean styleMask) {

    public GatysGraphSpec {
        contentLayers = List.copyOf(contentLayers);
        styleLayers = List.copyOf(styleLayers);
        styleLayerWeights = styleLayerWeights.clone();
        Objects.requireNonNull(pooling, "pooling");
        if (contentLayers.isEmpty() && styleLayers.isEmpty()) {
            throw new IllegalArgumentException("a Gatys graph needs at least one content or style layer");
        }
        if (styleLayerWeights.length != styleLayers.size()) {
            throw new IllegalArgumentException(styleLayers.size() + " style layers but " + styleLayerWeights.length
                    + " style layer weights");
        }
        for (double weight : styleLayerWeights) {
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("style layer weights must be finite: "
                        + Arrays.toString(styleLayerWeights));
            }
        }
        checkNames(contentLayers, "content");
        checkNames(styleLayers, "style");
    }

    private static void checkNames(List<String> layers, String what) {
        if (new HashSet<>(layers).size() != layers.size()) {
            throw new IllegalArgumentException(what + " layers listed twice: " + layers);
        }
        layers.forEach(VggLayerNames::convIndex);
    }

    /**
     * The classic choice for these weights: content relu4_2 and style relu1_1 .. relu5_1 when the
     * network reaches conv5_1; content relu3_2 and style relu1_1, relu2_1, relu3_1 for the partial
     * network (conv1_1 .. conv3_4). Shallower networks get their deepest layer as content and the
     * first layer of each block as style. Equal style weights, max pooling, no mask.
     */
    public static GatysGraphSpec defaults(VggWeights w) {
        List<String> available = w.layerNames();
        if (available.isEmpty()) {
            throw new IllegalArgumentException("the weights hold no layers: " + w.source());
        }
        if (available.contains("conv5_1")) {
            return equalWeights(List.of("relu4_2"), List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"));
        }
        if (available.contains("conv3_2")) {
            return equalWeights(List.of("relu3_2"), List.of("relu1_1", "relu2_1", "relu3_1"));
        }
        List<String> style = new ArrayList<>();
        for (String conv : available) {
            if (conv.endsWith("_1")) {
                style.add(VggLayerNames.reluName(conv));
            }
        }
        return equalWeights(List.of(VggLayerNames.reluName(available.get(available.size() - 1))), style);
    }

    private static GatysGraphSpec equalWeights(List<String> content, List<String> style) {
        double[] weights = new double[style.size()];
        Arrays.fill(weights, 1.0 / style.size());
        return new GatysGraphSpec(content, style, weights, Pooling.MAX, false);
    }

    /** A copy with another pooling. */
    public GatysGraphSpec withPooling(Pooling newPooling) {
        return new GatysGraphSpec(contentLayers, styleLayers, styleLayerWeights, newPooling, styleMask);
    }

    /** A copy with or without the style mask input. */
    public GatysGraphSpec withStyleMask(boolean mask) {
        return new GatysGraphSpec(contentLayers, styleLayers, styleLayerWeights, pooling, mask);
    }

    /** The style layer weights (a copy). */
    @Override
    public double[] styleLayerWeights() {
        return styleLayerWeights.clone();
    }

    /** The deepest layer used (content or style): the forward pass stops there. */
    public String deepestLayer() {
        String deepest = null;
        for (String layer : usedLayers()) {
            if (deepest == null || VggLayerNames.convIndex(layer) > VggLayerNames.convIndex(deepest)) {
                deepest = layer;
            }
        }
        return deepest;
    }

    /** Content and style layers together, without repeats. */
    public List<String> usedLayers() {
        List<String> all = new ArrayList<>(contentLayers);
        styleLayers.stream().filter(layer -> !all.contains(layer)).forEach(all::add);
        return all;
    }

    /**
     * H and W of the image must be multiples of this: 2 to the number of poolings before the
     * deepest used layer (the max-pool backward pass routes gradients through exact 2x2 windows).
     * The caller pads the image and crops the result.
     */
    public int sizeMultiple() {
        return 1 << VggLayerNames.poolsBefore(VggLayerNames.convIndex(deepestLayer()));
    }

    /** One-line canonical text of every field; equal specs give equal text (cache keys, descriptions). */
    public String canonical() {
        StringBuilder s = new StringBuilder("content=").append(String.join(",", contentLayers)).append(";style=");
        for (int i = 0; i < styleLayers.size(); i++) {
            s.append(i == 0 ? "" : ",").append(styleLayers.get(i)).append(':')
                    .append(String.format(Locale.ROOT, "%.17g", styleLayerWeights[i]));
        }
        return s.append(";pooling=").append(pooling).append(";mask=").append(styleMask).toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GatysGraphSpec that && canonical().equals(that.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return "GatysGraphSpec[" + canonical() + "]";
    }
}
