package org.styletransfer.video;

import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.ColorImage;

import java.util.HashMap;
import java.util.Map;

/**
 * The temporal loss of video style transfer (Ruder, Dosovitskiy and Brox 2016):
 *
 * <pre>L = weight * sum_i c_i * (x_i - w_i)^2 / N</pre>
 *
 * over all N channel values, where w is the previous frame's result warped onto this frame and c
 * the consistency of that warp (per pixel, shared by the channels). Its gradient,
 * 2 * weight * c_i * (x_i - w_i) / N, is cheap enough to add in Java to the network's. On coarse
 * resolution levels the target and weights are resized to the level (and cached).
 */
public final class TemporalLoss implements NeuralStylizer.PixelLoss {
    private final ColorImage target;
    private final float[] consistency;
    private final double weight;
    private final Map<Long, Level> levels = new HashMap<>();

    /** Target and weights at one level's size. */
    private record Level(float[] target, float[] consistency) {
    }

    /**
     * @param warpedPrevious the previous result warped onto the current frame (0..255)
     * @param consistency    trust per pixel of the current frame, in [0, 1]
     * @param weight         the term's weight (0 makes it vanish)
     */
    public TemporalLoss(ColorImage warpedPrevious, float[] consistency, double weight) {
        if (consistency.length != warpedPrevious.width() * warpedPrevious.height()) {
            throw new IllegalArgumentException("one consistency weight per pixel expected");
        }
        if (weight < 0) throw new IllegalArgumentException("weight must not be negative");
        this.target = warpedPrevious;
        this.consistency = consistency;
        this.weight = weight;
    }

    @Override
    public double addTo(float[] image, int width, int height, float[] gradient) {
        Level l = level(width, height);
        int n = width * height;
        double scale = weight / (3.0 * n);
        double sum = 0;
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < n; i++) {
                int j = ch * n + i;
                double d = image[j] - l.target()[j];
                double cd = l.consistency()[i] * d;
                sum += cd * d;
                gradient[j] += (float) (2 * scale * cd);
            }
        }
        return scale * sum;
    }

    private Level level(int w, int h) {
        return levels.computeIfAbsent(((long) w << 32) | h, k -> resized(w, h));
    }

    private Level resized(int w, int h) {
        if (w == target.width() && h == target.height()) return new Level(target.data(), consistency);
        // The colour resampler resizes the weights too: put them in the first channel.
        int n = target.width() * target.height();
        float[] c3 = new float[3 * n];
        System.arraycopy(consistency, 0, c3, 0, n);
        float[] c = new float[w * h];
        System.arraycopy(new ColorImage(target.width(), target.height(), c3).resize(w, h).data(), 0, c, 0, w * h);
        return new Level(target.resize(w, h).data(), c);
    }
}
