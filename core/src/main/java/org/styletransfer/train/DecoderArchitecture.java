package org.styletransfer.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.styletransfer.lossgraph.DecoderGraphs;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

/**
 * The decoder that turns VGG-19 features at one level (relu1_1 ... relu5_1) back into an RGB
 * image, mirroring the encoder as in Li et al. 2017: the encoder's convs in reverse order with
 * in and out channels swapped, a ReLU after every conv but the last, and nearest 2x upsampling
 * where the encoder pools. Every 3x3 conv is preceded by reflection padding of 1 pixel.
 *
 * <p>The decoder's weights are one float vector: for each conv in order, its kernel
 * [out, in, 3, 3] (row-major) followed by its bias [out].
 *
 * <p>The inference model ({@link #inferenceModel}) has one input {@value #INPUT} [1,C,h,w] (the
 * VGG ReLU outputs of an RGB 0..255 image after the VGG weights' input convention) and one output
 * {@value #OUTPUT} [1,3,h*2^p,w*2^p], RGB in 0..255 (not clamped), p the number of poolings above
 * the level.
 */
public final class DecoderArchitecture {

    /** Name of the inference model's input. */
    public static final String INPUT = "features";
    /** Name of the inference model's output. */
    public static final String OUTPUT = "image";
    /** Metadata key: always {@value #KIND}. */
    public static final String KIND_KEY = "style_transfer.kind";
    /** Metadata value of {@value #KIND_KEY} for decoders. */
    public static final String KIND = "decoder";
    /** Metadata key: the level, e.g. relu3_1. */
    public static final String LEVEL_KEY = "style_transfer.level";
    /** Metadata key: {@link VggWeights#fingerprint(int)} of the encoder the decoder was trained for. */
    public static final String FINGERPRINT_KEY = "style_transfer.vgg_fingerprint";
    /** Metadata key: how the decoder was made (data, steps, losses, seed, quality). */
    public static final String DESCRIPTION_KEY = "style_transfer.description";
    /** The levels a decoder can be built for. */
    public static final List<String> LEVELS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");

    /** Output channels of VGG-19's convs, by conv index (the decoder mirrors these widths). */
    private static final int[] VGG19_WIDTHS = {64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512,
        512, 512};

    /** One step of the decoder, in order from features to image. */
    public sealed interface Layer permits Conv, Relu, Upsample {
    }

    /**
     * Reflection padding 1 then a 3x3 convolution with bias, stride 1.
     *
     * @param in     input channels
     * @param out    output channels
     * @param offset where its kernel starts in the weight vector; the bias follows the kernel
     */
    public record Conv(int in, int out, int offset) implements Layer {
        /** Number of kernel weights, out * in * 9. */
        public int kernelSize() {
            return out * in * 9;
        }

        /** Where the bias starts in the weight vector. */
        public int biasOffset() {
            return offset + kernelSize();
        }

        /** Kernel and bias together. */
        public int parameterCount() {
            return kernelSize() + out;
        }
    }

    /** max(x, 0). */
    public record Relu() implements Layer {
    }

    /** Nearest-neighbour 2x upsampling in both axes. */
    public record Upsample() implements Layer {
    }

    private final String level;
    private final List<Layer> layers;
    private final List<Conv> convs;
    private final int parameterCount;

    private DecoderArchitecture(String level, List<Layer> layers) {
        this.level = level;
        this.layers = Collections.unmodifiableList(layers);
        this.convs = layers.stream().filter(l -> l instanceof Conv).map(l -> (Conv) l).toList();
        this.parameterCount = convs.stream().mapToInt(Conv::parameterCount).sum();
    }

    /**
     * The decoder for {@code level}, with VGG-19's channel widths.
     *
     * @throws IllegalArgumentException when the level is not one of {@link #LEVELS}
     */
    public static DecoderArchitecture forLevel(String level) {
        return forWidths(level, VGG19_WIDTHS);
    }

    /**
     * The decoder for {@code level} of the encoder {@code vgg}, with its channel widths (VGG-19's
     * for real weights; whatever a small test network has).
     *
     * @throws IllegalArgumentException when the level is unknown or the weights stop before it
     */
    public static DecoderArchitecture forEncoder(String level, VggWeights vgg) {
        checkLevel(level);
        int deepest = VggLayerNames.convIndex(level);
        if (deepest >= vgg.layers().size()) {
            throw new IllegalArgumentException("a " + level + " decoder needs " + VggWeights.VGG19_CONVS.get(deepest)
                    + ", but the VGG weights (" + vgg.source() + ") stop at "
                    + vgg.layerNames().get(vgg.layers().size() - 1) + "; give a full VGG-19 or a shallower level");
        }
        return forWidths(level, vgg.layers().stream().mapToInt(VggWeights.Conv::out).toArray());
    }

    /**
     * The decoder for {@code level} of an encoder with other widths (small networks in tests).
     *
     * @param encoderWidths output channels of the encoder's convs, conv1_1 first; at least up to the level
     * @throws IllegalArgumentException when the level is not one of {@link #LEVELS}
     */
    public static DecoderArchitecture forWidths(String level, int[] encoderWidths) {
        checkLevel(level);
        List<Layer> layers = new ArrayList<>();
        int offset = 0;
        for (int i = VggLayerNames.convIndex(level); i >= 0; i--) {
            int in = encoderWidths[i];
            int out = i == 0 ? 3 : encoderWidths[i - 1];
            Conv conv = new Conv(in, out, offset);
            offset += conv.parameterCount();
            layers.add(conv);
            if (i > 0) {
                layers.add(new Relu());
                if (VggLayerNames.poolAfter(i - 1)) {
                    layers.add(new Upsample());
                }
            }
        }
        return new DecoderArchitecture(level, layers);
    }

    private static void checkLevel(String level) {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("no decoder for level '" + level + "': choose one of "
                    + String.join(", ", LEVELS));
        }
    }

    /** The level, e.g. relu3_1. */
    public String level() {
        return level;
    }

    /** Index of the deepest VGG conv the level uses (4 for relu3_1), as {@link VggWeights#fingerprint(int)} takes. */
    public int deepestConv() {
        return VggLayerNames.convIndex(level);
    }

    /** Channels of the input features. */
    public int inputChannels() {
        return convs.get(0).in();
    }

    /** How many times the decoder doubles height and width: the poolings above the level. */
    public int upsamplings() {
        return VggLayerNames.poolsBefore(deepestConv());
    }

    /** The layers from features to image. */
    public List<Layer> layers() {
        return layers;
    }

    /** The convolutions in order. */
    public List<Conv> convs() {
        return convs;
    }

    /** Length of the weight vector. */
    public int parameterCount() {
        return parameterCount;
    }

    /**
     * He-initialised kernels (normal, std sqrt(2 / (9 in)), the last conv scaled for a 0..255
     * output) and zero biases except the last, which starts at mid-grey so that early outputs
     * are in range.
     */
    public float[] initialWeights(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[parameterCount];
        for (int c = 0; c < convs.size(); c++) {
            Conv conv = convs.get(c);
            boolean last = c == convs.size() - 1;
            double std = Math.sqrt((last ? 1.0 : 2.0) / (9 * conv.in()));
            for (int k = 0; k < conv.kernelSize(); k++) {
                w[conv.offset() + k] = (float) (std * gaussian(random));
            }
            if (last) {
                java.util.Arrays.fill(w, conv.biasOffset(), conv.biasOffset() + conv.out(), 127.5f);
            }
        }
        return w;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * The inference model with these weights: input {@value #INPUT}, output {@value #OUTPUT}, the
     * given metadata (e.g. {@link #KIND_KEY}, {@link #LEVEL_KEY}, {@link #FINGERPRINT_KEY},
     * {@link #DESCRIPTION_KEY}; see {@link #metadata}).
     *
     * @throws IllegalArgumentException when the weight vector has the wrong length
     */
    public OnnxModel inferenceModel(float[] weights, Map<String, String> metadata) {
        checkLength(weights);
        return DecoderGraphs.inference(this, weights, metadata);
    }

    /** The four metadata entries a shipped decoder carries. */
    public Map<String, String> metadata(VggWeights vgg, String description) {
        return Map.of(KIND_KEY, KIND, LEVEL_KEY, level, FINGERPRINT_KEY, vgg.fingerprint(deepestConv()),
                DESCRIPTION_KEY, description);
    }

    /** @throws IllegalArgumentException when {@code weights} does not have {@link #parameterCount()} values */
    public void checkLength(float[] weights) {
        if (weights.length != parameterCount) {
            throw new IllegalArgumentException("the " + level + " decoder has " + parameterCount + " weights, got "
                    + weights.length);
        }
    }

    @Override
    public String toString() {
        return "decoder " + level + " (" + convs.size() + " convs, " + parameterCount + " weights)";
    }
}
