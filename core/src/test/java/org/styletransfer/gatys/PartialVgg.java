package org.styletransfer.gatys;

import org.styletransfer.testutil.SharedData;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeightsReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real ImageNet VGG-19 conv1_1 .. conv3_4 from ../shared (tf.js shards). Read with the
 * project's reader; should that fail, with a minimal reader of the raw shards, so that these
 * tests keep testing the optimisation rather than the reader.
 */
final class PartialVgg {
    private static final int[] OUT = {64, 64, 128, 128, 256, 256, 256, 256};
    private static VggWeights cached;

    private PartialVgg() {
    }

    static synchronized VggWeights load() throws IOException {
        if (cached != null) return cached;
        Path dir = SharedData.model("vgg19_keras_tfjs_partial");
        try {
            cached = VggWeightsReader.read(dir.resolve("model.json"));
        } catch (RuntimeException e) {
            System.err.println("VggWeightsReader failed (" + e.getMessage() + "); reading the shards directly");
            cached = readShards(dir);
        }
        return cached;
    }

    /** Group i is the kernel [3,3,in,out] (HWIO) then the bias [out], little-endian float32. */
    static VggWeights readShards(Path dir) throws IOException {
        List<VggWeights.Conv> convs = new ArrayList<>();
        int in = 3;
        for (int g = 0; g < OUT.length; g++) {
            int out = OUT[g];
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("group" + (g + 1) + "-shard1of1")))
                .order(ByteOrder.LITTLE_ENDIAN);
            float[] w = new float[out * in * 9];
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < out; o++) w[((o * in + i) * 3 + ky) * 3 + kx] = b.getFloat();
                    }
                }
            }
            float[] bias = new float[out];
            for (int o = 0; o < out; o++) bias[o] = b.getFloat();
            convs.add(new VggWeights.Conv(VggWeights.VGG19_CONVS.get(g), in, out, w, bias));
            in = out;
        }
        return new VggWeights(convs, VggWeights.InputConvention.caffe(), dir + " (raw shards)");
    }
}
