package org.styletransfer.bench;

import org.styletransfer.cli.UsageException;

import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeightsReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * VGG-19 weights for the Gatys benchmark: the real (possibly partial) file, completed to the full
 * conv1_1..conv5_1 with seeded random layers for timing (speed does not depend on the values), and
 * the analytic FLOP count of one loss-and-gradient evaluation.
 */
final class GatysWeights {
    /** Where the partial Keras VGG-19 lives in a model folder. */
    static final String PARTIAL_VGG = "vgg19_keras_tfjs_partial/model.json";
    /** Output channels of the 16 VGG-19 convolutions. */
    private static final int[] CHANNELS = {64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512};
    /** conv5_1 is the 13th convolution: the classic layer set needs 13 layers. */
    static final int FULL_LAYERS = 13;

    private GatysWeights() {
    }

    /** The weights file given with --vgg, or the partial VGG-19 from the model folders. */
    static VggWeights real(String path) {
        Path file = path == null || path.isBlank()
            ? ModelLocator.find(PARTIAL_VGG).orElseThrow(() -> new UsageException("No VGG-19 weights found: put "
                + PARTIAL_VGG + " (with its shards) into a model folder such as " + ModelLocator.userModelFolder()
                + ", or pass --vgg <model.json|.pth|.onnx>."))
            : Path.of(path);
        return VggWeightsReader.read(file);
    }

    /**
     * The first {@code count} layers: the real ones where the file has them, seeded random ones
     * (He-normal, so that activations keep their scale and never become denormal) beyond.
     */
    static VggWeights completed(VggWeights real, int count, long seed) {
        List<VggWeights.Conv> layers = new ArrayList<>(real.layers().subList(0, Math.min(count, real.layers().size())));
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = layers.size(); i < count; i++) {
            int in = i == 0 ? 3 : CHANNELS[i - 1];
            int out = CHANNELS[i];
            float[] w = new float[out * in * 9];
            double std = Math.sqrt(2.0 / (9 * in));
            for (int k = 0; k < w.length; k++) w[k] = (float) (gaussian(r) * std);
            float[] b = new float[out];
            for (int k = 0; k < b.length; k++) b[k] = (float) (0.01 * gaussian(r));
            layers.add(new VggWeights.Conv(VggWeights.VGG19_CONVS.get(i), in, out, w, b));
        }
        int realCount = Math.min(count, real.layers().size());
        String note = realCount == count ? real.source()
            : real.source() + " + " + (count - realCount) + " seeded random layers (timing only)";
        return new VggWeights(layers, real.convention(), note);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17.
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** FLOPs of one evaluation, split as flops.py prints them. */
    record Flops(double convForward, double convBackward, double gramForward, double gramBackward) {
        double total() {
            return convForward + convBackward + gramForward + gramBackward;
        }
    }

    /**
     * Analytic FLOPs (2 x multiply-adds) of one loss-and-gradient run of the exported graph on an
     * H x W image: every convolution up to the deepest used layer forward, and its input gradient
     * backward (same MACs, conv1_1 included; no weight gradients); per style layer the Gram
     * matrix F F<sup>T</sup> (C x C x hw) forward and (G - A) F backward. Element-wise work
     * (ReLU, pooling, masks, losses) is not counted. The same convention as the peers' flops.py.
     */
    static Flops flops(VggWeights w, GatysGraphSpec spec, int height, int width) {
        int deepest = VggWeights.VGG19_CONVS.indexOf("conv" + spec.deepestLayer().substring(4));
        double conv = 0;
        double gram = 0;
        long h = height;
        long wd = width;
        for (int i = 0; i <= deepest; i++) {
            String name = VggWeights.VGG19_CONVS.get(i);
            if (i > 0 && name.endsWith("_1")) {
                h /= 2;
                wd /= 2;
            }
            VggWeights.Conv c = w.layers().get(i);
            conv += 2.0 * h * wd * c.in() * c.out() * 9;
            if (spec.styleLayers().contains("relu" + name.substring(4))) gram += 2.0 * c.out() * c.out() * h * wd;
        }
        return new Flops(conv, conv, gram, gram);
    }
}
