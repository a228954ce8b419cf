package org.styletransfer.testutil;

import org.styletransfer.image.ColorImage;
import org.styletransfer.vgg.VggWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A narrow random-weight VGG (conv1_1 .. conv3_2, 8 to 16 channels) and synthetic images, for fast
 * optimisation and graph tests: it runs in milliseconds, and its Gram matrices still see texture.
 */
public final class TinyVgg {
    private TinyVgg() {
    }

    /** Channels 3 -> 8, 8, 12, 12, 16, 16; He-initialised weights, small positive biases. */
    public static VggWeights weights(long seed) {
        int[] widths = {8, 8, 12, 12, 16, 16};
        Random r = new Random(seed);
        List<VggWeights.Conv> convs = new ArrayList<>();
        int in = 3;
        for (int i = 0; i < widths.length; i++) {
            int out = widths[i];
            float[] w = new float[out * in * 9];
            // The first layer sees 0..255 minus a mean: scale it down so activations stay O(1..100).
            double std = Math.sqrt(2.0 / (in * 9)) * (i == 0 ? 0.02 : 1);
            for (int k = 0; k < w.length; k++) w[k] = (float) (r.nextGaussian() * std);
            float[] b = new float[out];
            for (int k = 0; k < out; k++) b[k] = (float) (0.1 * r.nextDouble());
            convs.add(new VggWeights.Conv(VggWeights.VGG19_CONVS.get(i), in, out, w, b));
            in = out;
        }
        return new VggWeights(convs, VggWeights.InputConvention.caffe(), "tiny random VGG seed " + seed);
    }

    /** Smooth colour gradients with a bright disc: a stand-in photograph. */
    public static ColorImage content(int w, int h) {
        return TestImages.painted(w, h, (x, y, rgb) -> {
            double disc = Math.hypot(x - w * 0.6, y - h * 0.4) < h * 0.25 ? 80 : 0;
            rgb[0] = (float) (40 + 150.0 * x / w + disc * 0.5);
            rgb[1] = (float) (60 + 120.0 * y / h + disc);
            rgb[2] = (float) (200 - 120.0 * x / w);
        });
    }

    /** Diagonal coloured stripes with noise: a stand-in painting. */
    public static ColorImage style(int w, int h, long seed) {
        Random r = new Random(seed);
        return TestImages.painted(w, h, (x, y, rgb) -> {
            boolean stripe = ((x + 2 * y) / 5) % 2 == 0;
            rgb[0] = (float) ((stripe ? 220 : 30) + 20 * r.nextGaussian());
            rgb[1] = (float) ((stripe ? 60 : 180) + 20 * r.nextGaussian());
            rgb[2] = (float) ((stripe ? 40 : 230) + 20 * r.nextGaussian());
        });
    }
}
