package org.styletransfer.bench;

import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.image.ColorImage;
import org.styletransfer.lossgraph.GatysGraphs;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far a result is from its style and from its content, as the issue defines it: the style
 * distance is the summed squared difference of Gram matrices at relu1_1 .. relu3_1 between result
 * and style, divided by the same between content and style (1 = no closer to the style than the
 * photo, 0 = the style's texture statistics); the content distance is the relative difference of
 * the relu3_2 features, |F(result) - F(content)| / |F(content)|.
 */
final class StyleDistances {
    static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1");
    static final String CONTENT_LAYER = "relu3_2";

    private final ModelSession session;
    private final VggWeights weights;

    /** What an image looks like to the measure: its Gram matrices and content features. */
    record Features(List<double[]> grams, float[] content) {
    }

    StyleDistances(VggWeights weights, int threads) {
        this.weights = weights;
        this.session = OnnxEngine.shared().session("quality-features|" + weights.fingerprint(weights.layers().size() - 1),
            "VGG-19 features", () -> GatysGraphs.features(weights).toBytes(), Provider.CPU, threads, false);
    }

    Features features(ColorImage img) {
        List<String> names = new ArrayList<>(STYLE_LAYERS);
        names.add(CONTENT_LAYER);
        Map<String, float[]> out;
        try (FloatTensor in = FloatTensor.allocate(1, 3, img.height(), img.width())) {
            in.buffer().put(0, img.data());
            out = session.runAndCopy(Map.of("image", in), names);
        }
        List<double[]> grams = new ArrayList<>();
        for (String l : STYLE_LAYERS) grams.add(gram(out.get(l), channels(l)));
        return new Features(grams, out.get(CONTENT_LAYER));
    }

    private int channels(String layer) {
        return weights.layers().get(VggLayerNames.convIndex(layer)).out();
    }

    /** F F' / N of features laid out [C][N]. */
    static double[] gram(float[] f, int c) {
        int n = f.length / c;
        double[] g = new double[c * c];
        for (int a = 0; a < c; a++) {
            for (int b = a; b < c; b++) {
                double s = 0;
                int ia = a * n;
                int ib = b * n;
                for (int p = 0; p < n; p++) s += f[ia + p] * f[ib + p];
                g[a * c + b] = s / n;
                g[b * c + a] = s / n;
            }
        }
        return g;
    }

    /** Style distance of {@code result}: Gram differences to the style over the content's. */
    static double style(Features result, Features content, Features style) {
        double num = 0;
        double den = 0;
        for (int l = 0; l < STYLE_LAYERS.size(); l++) {
            num += squared(result.grams().get(l), style.grams().get(l));
            den += squared(content.grams().get(l), style.grams().get(l));
        }
        return num / den;
    }

    /** Content distance of {@code result}: relative difference of the relu3_2 features. */
    static double content(Features result, Features content) {
        double d = 0;
        double n = 0;
        float[] a = result.content();
        float[] b = content.content();
        for (int i = 0; i < a.length; i++) {
            d += (double) (a[i] - b[i]) * (a[i] - b[i]);
            n += (double) b[i] * b[i];
        }
        return Math.sqrt(d / n);
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }
}
