package org.styletransfer.lossgraph;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.Conv;
import org.styletransfer.vgg.VggWeights.InputConvention;

/** VGG weights for tests: small random networks, and the real partial VGG-19 read from its tf.js shards. */
final class TestWeights {

    private TestWeights() {
    }

    /**
     * Random He-initialised weights with the given channel counts: {@code channels[0]} must be 3,
     * conv i maps channels[i] to channels[i+1]. Biases are small and mixed in sign so that some
     * ReLUs are off.
     */
    static VggWeights random(long seed, InputConvention convention, int... channels) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Conv> layers = new ArrayList<>();
        for (int i = 0; i + 1 < channels.length; i++) {
            int in = channels[i];
            int out = channels[i + 1];
            float[] w = new float[out * in * 9];
            double std = Math.sqrt(2.0 / (9 * in));
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (std * gaussian(random));
            }
            float[] b = new float[out];
            for (int k = 0; k < out; k++) {
                b[k] = (float) (0.1 * gaussian(random));
            }
            layers.add(new Conv(VggWeights.VGG19_CONVS.get(i), in, out, w, b));
        }
        return new VggWeights(layers, convention, "random test weights (seed " + seed + ")");
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** conv1_1 .. conv3_4 of the real VGG-19 from the tf.js shards (HWIO kernel then bias, little-endian). */
    static VggWeights realPartial(Path folder) throws IOException {
        int[] channels = {3, 64, 64, 128, 128, 256, 256, 256, 256};
        List<Conv> layers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int in = channels[i];
            int out = channels[i + 1];
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(folder.resolve("group" + (i + 1) + "-shard1of1")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] hwio = new float[9 * in * out];
            bytes.asFloatBuffer().get(hwio);
            float[] bias = new float[out];
            bytes.position(hwio.length * 4);
            bytes.asFloatBuffer().get(bias);
            layers.add(new Conv(VggWeights.VGG19_CONVS.get(i), in, out, toOihw(hwio, in, out), bias));
        }
        return new VggWeights(layers, InputConvention.caffe(), folder + " (tf.js shards, test reader)");
    }

    private static float[] toOihw(float[] hwio, int in, int out) {
        float[] oihw = new float[hwio.length];
        for (int kh = 0; kh < 3; kh++) {
            for (int kw = 0; kw < 3; kw++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        oihw[((o * in + i) * 3 + kh) * 3 + kw] = hwio[((kh * 3 + kw) * in + i) * out + o];
                    }
                }
            }
        }
        return oihw;
    }
}
