package org.styletransfer.fast;

import org.styletransfer.image.ColorImage;

import java.util.List;

/**
 * Fast style transfer of one image with a weighted blend of networks: each network runs once
 * (tiled as it needs), the results are averaged with their weights, and the blend is mixed with the
 * original by the style strength.
 */
public final class FastStylizer {
    private final List<StyleNetwork> networks;
    private final double[] weights;
    private final double strength;
    private final int tileSize;
    private final int overlap;

    /**
     * @param networks the networks to run
     * @param weights  one weight per network, at least one positive (normalised to sum 1)
     * @param strength 1 = fully stylised, 0 = the original
     * @param tileSize tile edge, or 0 for automatic
     * @param overlap  overlap between tiles in pixels
     */
    public FastStylizer(List<StyleNetwork> networks, double[] weights, double strength, int tileSize, int overlap) {
        if (networks.isEmpty() || networks.size() != weights.length) {
            throw new IllegalArgumentException("need one weight per network");
        }
        double sum = 0;
        for (double w : weights) sum += w;
        if (!(sum > 0)) throw new IllegalArgumentException("the blend weights must add up to more than 0");
        this.networks = List.copyOf(networks);
        this.weights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) this.weights[i] = weights[i] / sum;
        this.strength = strength;
        this.tileSize = tileSize;
        this.overlap = overlap;
    }

    /** Tiles run for one {@code width x height} image, summed over the networks (for progress). */
    public int tilesPerImage(int width, int height) {
        int n = 0;
        for (int i = 0; i < networks.size(); i++) if (weights[i] > 0) n += networks.get(i).grid(width, height, tileSize, overlap).count();
        return n;
    }

    /** Stylises {@code img} (not modified); {@code tick} runs before every tile and may throw to cancel. */
    public ColorImage apply(ColorImage img, Runnable tick) {
        float[] out = new float[img.data().length];
        for (int i = 0; i < networks.size(); i++) {
            if (weights[i] == 0) continue;
            StyleNetwork net = networks.get(i);
            float[] styled = net.stylize(img, net.grid(img.width(), img.height(), tileSize, overlap), tick).data();
            float w = (float) weights[i];
            for (int p = 0; p < out.length; p++) out[p] += w * styled[p];
        }
        if (strength < 1) {
            float s = (float) strength;
            float[] src = img.data();
            for (int p = 0; p < out.length; p++) out[p] = s * out[p] + (1 - s) * src[p];
        }
        return new ColorImage(img.width(), img.height(), out);
    }
}
