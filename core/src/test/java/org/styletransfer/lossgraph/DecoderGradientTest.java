package org.styletransfer.lossgraph;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.styletransfer.lossgraph.ReferenceGatys.Map3;
import org.styletransfer.testutil.OrtRun;
import org.styletransfer.testutil.OrtRun.Tensor;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.train.DecoderArchitecture.Conv;
import org.styletransfer.train.DecoderArchitecture.Layer;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * Checks the weight gradients of {@link DecoderGraphs#training} against central finite
 * differences of an independent float64 Java implementation of the same loss (reflection
 * padding, 3x3 convs, ReLU, nearest 2x upsampling, VGG encoder with max pooling), on a small
 * random encoder (4-4-6-6-8 channels) and its decoder, a batch of two 16x16 crops. Every weight
 * and bias is differentiated (step 1e-5 in float64, as in {@link GatysGradientTest}); the whole
 * gradient must match in relative L2 error &lt; 1e-3. Cases: each level (relu1_1: conv only;
 * relu2_1: conv, ReLU, upsampling; relu3_1: all, two poolings in the encoder), pixel loss alone and
 * with the feature loss, and the CUDA form of the graph.
 */
class DecoderGradientTest {

    private static final int N = 2;
    private static final int H = 16;
    private static final int W = 16;
    private static final double STEP = 1e-5;
    private static final int[] CHANNELS = {3, 4, 4, 6, 6, 8};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String level : List.of("relu1_1", "relu2_1", "relu3_1")) {
            cases.add(Arguments.of(level, 0.0, GraphTarget.CPU));
            cases.add(Arguments.of(level, 0.5, GraphTarget.CPU));
        }
        cases.add(Arguments.of("relu3_1", 0.5, GraphTarget.CUDA));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, feature weight {1}, {2} graph")
    @MethodSource("cases")
    void weightGradientMatchesFiniteDifferences(String level, double lambda, GraphTarget target) throws Exception {
        VggWeights vgg = TestWeights.random(7, InputConvention.caffe(), CHANNELS);
        int[] widths = java.util.Arrays.copyOfRange(CHANNELS, 1, CHANNELS.length);
        DecoderArchitecture a = DecoderArchitecture.forWidths(level, widths);
        float[] weights = a.initialWeights(3);
        double[] images = GatysGradientTest.randomImage(5, N * H, W);
        Map<String, Tensor> out;
        try (OrtRun run = new OrtRun(DecoderGraphs.training(a, vgg, target), 1)) {
            out = run.run(Map.of("images", Tensor.of(GatysGradientTest.floats(images), N, 3, H, W),
                    "weights", Tensor.of(weights, weights.length), "feature_weight", Tensor.scalar(lambda)));
        }
        Reference reference = new Reference(a, vgg, images, lambda);
        double[] x = new double[weights.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = weights[k];
        }
        double[] losses = reference.losses(x);
        GatysGradientTest.assertClose(new double[] {losses[0]}, out.get("pixel_loss").doubles(), 1e-4, "pixel_loss");
        GatysGradientTest.assertClose(new double[] {losses[1]}, out.get("feature_loss").doubles(), 1e-4,
                "feature_loss");
        double[] fd = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double keep = x[k];
            x[k] = keep + STEP;
            double plus = reference.loss(x);
            x[k] = keep - STEP;
            double minus = reference.loss(x);
            x[k] = keep;
            fd[k] = (plus - minus) / (2 * STEP);
        }
        double[] grad = out.get("grad").doubles();
        double err = 0;
        double norm = 0;
        for (int k = 0; k < fd.length; k++) {
            err += (grad[k] - fd[k]) * (grad[k] - fd[k]);
            norm += fd[k] * fd[k];
        }
        double relative = Math.sqrt(err / norm);
        System.out.printf(Locale.ROOT, "decoder gradient %s lambda %.1f %s: %d weights, |grad| %.3e, L2 rel err %.2e%n",
                level, lambda, target, fd.length, Math.sqrt(norm), relative);
        assertTrue(norm > 0, "zero gradient tells nothing");
        assertTrue(relative < 1e-3, level + ": weight gradient relative L2 error " + relative);
    }

    /** The training loss in float64, straight from its definition. */
    private static final class Reference {
        private final DecoderArchitecture a;
        private final ReferenceGatys encoder;
        private final double[] images;
        private final double lambda;
        private final List<Map3> features = new ArrayList<>();

        Reference(DecoderArchitecture a, VggWeights vgg, double[] images, double lambda) {
            this.a = a;
            this.encoder = new ReferenceGatys(vgg, new GatysGraphSpec(List.of(a.level()), List.of(), new double[0],
                    Pooling.MAX, false));
            this.images = images;
            this.lambda = lambda;
            for (int n = 0; n < N; n++) {
                features.add(encode(image(n)));
            }
        }

        private double[] image(int n) {
            return java.util.Arrays.copyOfRange(images, n * 3 * H * W, (n + 1) * 3 * H * W);
        }

        private Map3 encode(double[] image) {
            List<Map3> relus = encoder.features(image, H, W);
            return relus.get(relus.size() - 1);
        }

        double loss(double[] weights) {
            double[] l = losses(weights);
            return l[0] + lambda * l[1];
        }

        /** Pixel and feature mean squared errors over the batch. */
        double[] losses(double[] weights) {
            double pixel = 0;
            double feature = 0;
            long pixels = 0;
            long featureCount = 0;
            for (int n = 0; n < N; n++) {
                Map3 decoded = decode(features.get(n), weights);
                pixel += squaredDistance(decoded.v(), image(n));
                pixels += decoded.v().length;
                Map3 f = features.get(n);
                feature += squaredDistance(encode(decoded.v()).v(), f.v());
                featureCount += f.v().length;
            }
            return new double[] {pixel / pixels, feature / featureCount};
        }

        private Map3 decode(Map3 features, double[] weights) {
            Map3 x = features;
            for (Layer layer : a.layers()) {
                if (layer instanceof Conv conv) {
                    x = reflectConv(x, conv, weights);
                } else if (layer instanceof DecoderArchitecture.Relu) {
                    double[] v = x.v().clone();
                    for (int k = 0; k < v.length; k++) {
                        v[k] = Math.max(0, v[k]);
                    }
                    x = new Map3(v, x.c(), x.h(), x.w());
                } else {
                    x = upsample(x);
                }
            }
            return x;
        }

        private static Map3 reflectConv(Map3 x, Conv conv, double[] weights) {
            int h = x.h();
            int w = x.w();
            double[] out = new double[conv.out() * h * w];
            for (int o = 0; o < conv.out(); o++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        double s = weights[conv.biasOffset() + o];
                        for (int i = 0; i < conv.in(); i++) {
                            for (int ky = 0; ky < 3; ky++) {
                                int sy = reflect(y + ky - 1, h);
                                for (int kx = 0; kx < 3; kx++) {
                                    s += weights[conv.offset() + ((o * conv.in() + i) * 3 + ky) * 3 + kx]
                                            * x.v()[(i * h + sy) * w + reflect(xx + kx - 1, w)];
                                }
                            }
                        }
                        out[(o * h + y) * w + xx] = s;
                    }
                }
            }
            return new Map3(out, conv.out(), h, w);
        }

        private static int reflect(int i, int n) {
            return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
        }

        private static Map3 upsample(Map3 x) {
            int h = 2 * x.h();
            int w = 2 * x.w();
            double[] out = new double[x.c() * h * w];
            for (int c = 0; c < x.c(); c++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        out[(c * h + y) * w + xx] = x.v()[(c * x.h() + y / 2) * x.w() + xx / 2];
                    }
                }
            }
            return new Map3(out, x.c(), h, w);
        }

        private static double squaredDistance(double[] p, double[] q) {
            double s = 0;
            for (int k = 0; k < p.length; k++) {
                s += (p[k] - q[k]) * (p[k] - q[k]);
            }
            return s;
        }
    }
}
