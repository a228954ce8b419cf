package org.styletransfer.lossgraph;

import java.util.ArrayList;
import java.util.List;
import org.styletransfer.onnx.OnnxAttribute;

/**
 * The Gatys loss terms written into a graph, each with its gradient. All losses are normalised by
 * their target's size so that one set of weights suits networks whose activations differ by
 * orders of magnitude (the Caffe VGG grows ~1e4 by relu3_4).
 */
final class LossTermGraphs {

    /** Floors denominators so an all-zero target or an empty mask gives a large number, not NaN. */
    private static final double TINY = 1e-30;

    /** A loss (rank-0 value) and its gradient w.r.t. the features or image it was computed from. */
    record Term(String loss, String grad) {
    }

    /** A Gram matrix with what its backward pass needs. */
    record Gram(String matrix, String features, String count) {
    }

    private final GraphWriter g;
    private final List<String> masks = new ArrayList<>();

    /** @param mask the [1,1,H,W] style mask input, or null for none */
    LossTermGraphs(GraphWriter g, String mask) {
        this.g = g;
        if (mask != null) {
            masks.add(mask);
        }
    }

    private boolean masked() {
        return !masks.isEmpty();
    }

    /** The mask at {@code pools} poolings below the image: 2x2 averages, whatever the net's pooling. */
    private String mask(int pools) {
        while (masks.size() <= pools) {
            masks.add(g.pool2x2("mask_" + masks.size(), masks.get(masks.size() - 1), false));
        }
        return masks.get(pools);
    }

    /**
     * G = Fm Fm^T / N with Fm the features [1,C,h,w] (times the mask when there is one) as
     * [1,C,h*w], and N = C*h*w, or C*sum(mask) with a mask.
     */
    Gram gram(String layer, String features, int channels, int pools) {
        String f = masked() ? g.mul(layer + "_masked", features, mask(pools)) : features;
        String flat = g.op("Reshape", layer + "_flat", f, g.longs(1, channels, -1));
        String transposed = g.op("Transpose", layer + "_flat_t", List.of(flat), OnnxAttribute.ofInts("perm", 0, 2, 1));
        String raw = g.op("MatMul", layer + "_gram_raw", flat, transposed);
        String positions = masked() ? g.sumAll(layer + "_mask_sum", mask(pools)) : positions(layer, flat);
        String count = floor(g.mul(layer + "_count", positions, g.scalar(channels)));
        return new Gram(g.div(layer + "_gram", raw, count), flat, count);
    }

    /** h*w of a [1,C,h*w] value, as float [1]. */
    private String positions(String layer, String flat) {
        String size = g.op("Shape", layer + "_hw_i64", List.of(flat), OnnxAttribute.ofInt("start", 2));
        return g.op("Cast", layer + "_hw", List.of(size), OnnxAttribute.ofInt("to", 1));
    }

    private String floor(String x) {
        return g.op("Max", x + "_floored", x, g.scalar(TINY));
    }

    /**
     * weight * ||G - A||^2 / ||A||^2, and its gradient w.r.t. the features scaled by
     * {@code styleWeight}: dL/dF = 4 weight (G - A) Fm / (||A||^2 N), times the mask.
     */
    Term style(String layer, String features, int channels, int pools, String target, double weight,
            String styleWeight) {
        Gram gram = gram(layer, features, channels, pools);
        String diff = g.sub(layer + "_gram_diff", gram.matrix(), target);
        String norm = floor(g.sumSquares(layer + "_gram_norm", target));
        String relative = g.div(layer + "_style_raw", g.sumSquares(layer + "_gram_err", diff), norm);
        String loss = g.mul(layer + "_style", relative, g.scalar(weight));
        String coef = g.div(layer + "_style_coef", g.mul(layer + "_style_w4", styleWeight, g.scalar(4 * weight)),
                g.mul(layer + "_style_den", norm, gram.count()));
        String back = g.op("MatMul", layer + "_grad_flat", g.mul(layer + "_grad_gram", diff, coef), gram.features());
        String grad = g.op("Reshape", layer + "_grad_style", back, g.op("Shape", layer + "_shape", features));
        return new Term(loss, masked() ? g.mul(layer + "_grad_style_masked", grad, mask(pools)) : grad);
    }

    /** ||F - P||^2 / ||P||^2, and its gradient 2 (F - P) / ||P||^2 scaled by {@code contentWeight}. */
    Term content(String layer, String features, String target, String contentWeight) {
        String diff = g.sub(layer + "_content_diff", features, target);
        String norm = floor(g.sumSquares(layer + "_content_norm", target));
        String loss = g.div(layer + "_content", g.sumSquares(layer + "_content_err", diff), norm);
        String coef = g.div(layer + "_content_coef", g.mul(layer + "_content_w2", contentWeight, g.scalar(2)), norm);
        return new Term(loss, g.mul(layer + "_grad_content", diff, coef));
    }

    /**
     * Total variation: the mean, over all pairs of horizontally or vertically neighbouring pixels
     * (and channels), of their squared difference; gradient scaled by {@code tvWeight}.
     */
    Term totalVariation(String image, String tvWeight) {
        String dh = neighbourDifference("tv_dx", image, 3);
        String dv = neighbourDifference("tv_dy", image, 2);
        String sum = g.add("tv_sum", g.sumSquares("tv_sum_x", dh), g.sumSquares("tv_sum_y", dv));
        String pairs = pairCount(image);
        String coef = g.div("tv_coef", g.mul("tv_w2", tvWeight, g.scalar(2)), pairs);
        // d/dx_j of sum (x_{j+1} - x_j)^2 is 2 d_{j-1} - 2 d_j: the differences shifted by one, minus themselves.
        String gx = g.sub("tv_gx", pad("tv_dx_prev", dh, 3, true), pad("tv_dx_next", dh, 3, false));
        String gy = g.sub("tv_gy", pad("tv_dy_prev", dv, 2, true), pad("tv_dy_next", dv, 2, false));
        return new Term(g.div("tv", sum, pairs), g.mul("grad_tv", g.add("tv_g", gx, gy), coef));
    }

    private String neighbourDifference(String base, String x, long axis) {
        long[] axes = {axis};
        long[] steps = {1};
        String next = g.slice(base + "_next", x, new long[] {1}, new long[] {GraphWriter.END}, axes, steps);
        String prev = g.slice(base + "_prev", x, new long[] {0}, new long[] {-1}, axes, steps);
        return g.sub(base, next, prev);
    }

    /** 3 * (H*(W-1) + (H-1)*W) neighbour pairs, as float [1]. */
    private String pairCount(String image) {
        String h = dimension("tv_h", image, 2);
        String w = dimension("tv_w", image, 3);
        String twice = g.mul("tv_2hw", g.mul("tv_hw", h, w), g.scalar(2));
        return g.mul("tv_pairs", g.sub("tv_pairs_1", twice, g.add("tv_h_plus_w", h, w)), g.scalar(3));
    }

    private String dimension(String base, String x, long axis) {
        String size = g.op("Shape", base + "_i64", List.of(x), OnnxAttribute.ofInt("start", axis),
                OnnxAttribute.ofInt("end", axis + 1));
        return g.op("Cast", base, List.of(size), OnnxAttribute.ofInt("to", 1));
    }

    /** One zero row or column before ({@code before}) or after the data along {@code axis}. */
    private String pad(String base, String x, int axis, boolean before) {
        long[] pads = new long[8];
        pads[before ? axis : axis + 4] = 1;
        return g.op("Pad", base, x, g.longs(pads));
    }
}
