package org.styletransfer.lossgraph;

import org.styletransfer.vgg.VggLayerNames;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.Conv;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * A deliberately plain float64 implementation of the Gatys forward loss, written from the loss
 * definitions and independent of the graph code: the yardstick for the exported graphs' losses,
 * targets and (by finite differences) gradients. Arrays are [C][h][w] row-major.
 */
final class ReferenceGatys {

    /** A feature map. */
    record Map3(double[] v, int c, int h, int w) {
    }

    /** Loss weights and targets: content features and Gram matrices by layer name. */
    record Targets(Map<String, double[]> content, Map<String, double[]> grams) {
    }

    private final VggWeights weights;
    private final GatysGraphSpec spec;

    ReferenceGatys(VggWeights weights, GatysGraphSpec spec) {
        this.weights = weights;
        this.spec = spec;
    }

    /** ReLU outputs of conv 0 .. deepest of the spec, for an RGB 0..255 image [3][h][w]. */
    List<Map3> features(double[] image, int h, int w) {
        int deepest = VggLayerNames.convIndex(spec.deepestLayer());
        List<Map3> relus = new ArrayList<>();
        Map3 x = convention(new Map3(image, 3, h, w));
        for (int i = 0; i <= deepest; i++) {
            if (i > 0 && VggLayerNames.poolAfter(i - 1)) {
                x = pool(x, spec.pooling() == Pooling.MAX);
            }
            x = convRelu(x, weights.layers().get(i));
            relus.add(x);
        }
        return relus;
    }

    private Map3 convention(Map3 image) {
        InputConvention c = weights.convention();
        int n = image.h() * image.w();
        double[] out = new double[3 * n];
        for (int ch = 0; ch < 3; ch++) {
            int src = c.bgr() ? 2 - ch : ch;
            for (int p = 0; p < n; p++) {
                out[ch * n + p] = (image.v()[src * n + p] * c.scale() - c.mean()[ch]) / c.std()[ch];
            }
        }
        return new Map3(out, 3, image.h(), image.w());
    }

    static Map3 convRelu(Map3 x, Conv conv) {
        int h = x.h();
        int w = x.w();
        double[] out = new double[conv.out() * h * w];
        for (int o = 0; o < conv.out(); o++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    double s = conv.bias()[o];
                    for (int i = 0; i < conv.in(); i++) {
                        for (int ky = 0; ky < 3; ky++) {
                            int sy = y + ky - 1;
                            if (sy < 0 || sy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < 3; kx++) {
                                int sx = xx + kx - 1;
                                if (sx >= 0 && sx < w) {
                                    s += conv.weights()[((o * conv.in() + i) * 3 + ky) * 3 + kx]
                                            * x.v()[(i * h + sy) * w + sx];
                                }
                            }
                        }
                    }
                    out[(o * h + y) * w + xx] = Math.max(0, s);
                }
            }
        }
        return new Map3(out, conv.out(), h, w);
    }

    static Map3 pool(Map3 x, boolean max) {
        int h = x.h() / 2;
        int w = x.w() / 2;
        double[] out = new double[x.c() * h * w];
        for (int c = 0; c < x.c(); c++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    double a = x.v()[(c * x.h() + 2 * y) * x.w() + 2 * xx];
                    double b = x.v()[(c * x.h() + 2 * y) * x.w() + 2 * xx + 1];
                    double d = x.v()[(c * x.h() + 2 * y + 1) * x.w() + 2 * xx];
                    double e = x.v()[(c * x.h() + 2 * y + 1) * x.w() + 2 * xx + 1];
                    out[(c * h + y) * w + xx] = max ? Math.max(Math.max(a, b), Math.max(d, e)) : (a + b + d + e) / 4;
                }
            }
        }
        return new Map3(out, x.c(), h, w);
    }

    /** Gram matrix F F^T / (C h w), or with a mask (already at this layer's size) Fm Fm^T / (C sum m). */
    static double[] gram(Map3 f, double[] mask) {
        int n = f.h() * f.w();
        double count = n;
        double[] fm = f.v().clone();
        if (mask != null) {
            count = 0;
            for (double m : mask) {
                count += m;
            }
            for (int c = 0; c < f.c(); c++) {
                for (int p = 0; p < n; p++) {
                    fm[c * n + p] *= mask[p];
                }
            }
        }
        double[] g = new double[f.c() * f.c()];
        for (int a = 0; a < f.c(); a++) {
            for (int b = 0; b < f.c(); b++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += fm[a * n + p] * fm[b * n + p];
                }
                g[a * f.c() + b] = s / (f.c() * count);
            }
        }
        return g;
    }

    /** The mask averaged down {@code pools} times by 2x2 windows. */
    static double[] maskAt(double[] mask, int h, int w, int pools) {
        Map3 m = new Map3(mask, 1, h, w);
        for (int k = 0; k < pools; k++) {
            m = pool(m, false);
        }
        return m.v();
    }

    /** Content features and Gram matrices of the spec's layers for one image. */
    Targets targets(double[] image, int h, int w, double[] mask) {
        List<Map3> f = features(image, h, w);
        Map<String, double[]> content = new HashMap<>();
        for (String layer : spec.contentLayers()) {
            content.put(layer, f.get(VggLayerNames.convIndex(layer)).v());
        }
        Map<String, double[]> grams = new HashMap<>();
        for (String layer : spec.styleLayers()) {
            int i = VggLayerNames.convIndex(layer);
            grams.put(layer, gram(f.get(i), mask == null ? null : maskAt(mask, h, w, VggLayerNames.poolsBefore(i))));
        }
        return new Targets(content, grams);
    }

    /** The individual losses: content, style, tv, in this order. */
    double[] losses(double[] image, int h, int w, double[] mask, Targets t) {
        List<Map3> f = features(image, h, w);
        double content = 0;
        for (String layer : spec.contentLayers()) {
            content += relativeError(f.get(VggLayerNames.convIndex(layer)).v(), t.content().get(layer));
        }
        double style = 0;
        double[] layerWeights = spec.styleLayerWeights();
        for (int s = 0; s < layerWeights.length; s++) {
            String layer = spec.styleLayers().get(s);
            int i = VggLayerNames.convIndex(layer);
            double[] m = mask == null ? null : maskAt(mask, h, w, VggLayerNames.poolsBefore(i));
            style += layerWeights[s] * relativeError(gram(f.get(i), m), t.grams().get(layer));
        }
        return new double[] {content, style, totalVariation(image, h, w)};
    }

    /** content_weight * content + style_weight * style + tv_weight * tv. */
    double loss(double[] image, int h, int w, double[] mask, Targets t, double[] lossWeights) {
        double[] l = losses(image, h, w, mask, t);
        return lossWeights[0] * l[0] + lossWeights[1] * l[1] + lossWeights[2] * l[2];
    }

    private static double relativeError(double[] x, double[] target) {
        double err = 0;
        double norm = 0;
        for (int k = 0; k < x.length; k++) {
            err += (x[k] - target[k]) * (x[k] - target[k]);
            norm += target[k] * target[k];
        }
        return err / norm;
    }

    static double totalVariation(double[] image, int h, int w) {
        double s = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = image[(c * h + y) * w + x];
                    if (x + 1 < w) {
                        double d = image[(c * h + y) * w + x + 1] - v;
                        s += d * d;
                    }
                    if (y + 1 < h) {
                        double d = image[(c * h + y + 1) * w + x] - v;
                        s += d * d;
                    }
                }
            }
        }
        return s / (3.0 * (h * (w - 1) + (h - 1) * w));
    }
}
