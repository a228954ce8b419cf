package org.styletransfer.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small random-weight ONNX models for tests anywhere in the project, written with
 * {@link ModelBuilder}. Weights are seeded, so a given seed always gives the same file. All
 * models use opset 13 and take and return float NCHW images on a 0..255 scale.
 */
public final class TestModels {

    /** Opset of the models written here. */
    public static final int OPSET = 13;
    /** Channels of the hidden layer of the image-to-image models. */
    public static final int HIDDEN_CHANNELS = 8;

    private TestModels() {
    }

    /**
     * Writes Conv 3x3 (3 to 8 channels, pad 1) [+ InstanceNormalization] + Relu + Conv 3x3
     * (8 to 3, pad 1, bias 127.5): input "input" [1, 3, height, width], output "output" of the
     * same shape, values roughly in 0..255.
     */
    public static Path imageToImage(Path file, boolean withInstanceNorm, long seed) throws IOException {
        imageToImageModel(withInstanceNorm, seed).write(file);
        return file;
    }

    /** The model of {@link #imageToImage}, in memory. */
    public static OnnxModel imageToImageModel(boolean withInstanceNorm, long seed) {
        return convNet(3, -1, withInstanceNorm, seed);
    }

    /** Like {@link #imageToImage} with InstanceNormalization, but for [1, 3, size, size] only. */
    public static Path fixedSizeImageToImage(Path file, int size, long seed) throws IOException {
        convNet(3, size, true, seed).write(file);
        return file;
    }

    /** A single-channel image model: input [1, 1, height, width], output of the same shape. */
    public static Path wrongChannels(Path file) throws IOException {
        convNet(1, -1, false, 1).write(file);
        return file;
    }

    /**
     * A model with two image inputs "a" and "b" [1, 3, height, width] and one output "sum" =
     * a + b, for code that must reject models it cannot feed.
     */
    public static Path twoInputs(Path file) throws IOException {
        long[] dims = {1, 3, -1, -1};
        OnnxModel model = OnnxModel.builder(OPSET)
                .docString("test model: two inputs")
                .input(image("a", dims))
                .input(image("b", dims))
                .node(OnnxNode.of("Add", "sum", "a", "b"))
                .output(image("sum", dims))
                .build();
        model.write(file);
        return file;
    }

    /** NCHW float image info with shared names for symbolic height and width. */
    private static TensorInfo image(String name, long... dims) {
        return TensorInfo.floatTensor(name, dims).withDimParams(null, null, "height", "width");
    }

    private static OnnxModel convNet(int channels, int size, boolean withInstanceNorm, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int hidden = HIDDEN_CHANNELS;
        long[] dims = {1, channels, size, size};
        // First layer scaled for 0..255 input, so pre-activations are of order 1 even without
        // normalisation; second layer scaled so the output spreads over tens of grey levels.
        float inputScale = (float) (1 / (128 * Math.sqrt(9.0 * channels)));
        float outputScale = (float) (60 / Math.sqrt(9.0 * hidden));
        ModelBuilder builder = OnnxModel.builder(OPSET)
                .docString("random-weight test model, seed " + seed)
                .input(image("input", dims))
                .floatInitializer("w1", new long[] {hidden, channels, 3, 3},
                        uniform(random, hidden * channels * 9, -inputScale, inputScale))
                .floatInitializer("b1", new long[] {hidden}, uniform(random, hidden, -0.1f, 0.1f))
                .floatInitializer("w2", new long[] {channels, hidden, 3, 3},
                        uniform(random, channels * hidden * 9, -outputScale, outputScale))
                .floatInitializer("b2", new long[] {channels}, filled(channels, 127.5f))
                .node(conv("conv1", "input", "w1", "b1"));
        String activated = "conv1";
        if (withInstanceNorm) {
            builder.floatInitializer("in_scale", new long[] {hidden}, uniform(random, hidden, 0.5f, 1.5f))
                    .floatInitializer("in_bias", new long[] {hidden}, uniform(random, hidden, -0.5f, 0.5f))
                    .node(OnnxNode.of("InstanceNormalization", List.of("conv1", "in_scale", "in_bias"),
                            List.of("norm1"), OnnxAttribute.ofFloat("epsilon", 1e-5f)));
            activated = "norm1";
        }
        return builder.node(OnnxNode.of("Relu", "relu1", activated))
                .node(conv("output", "relu1", "w2", "b2"))
                .output(image("output", dims))
                .build();
    }

    private static OnnxNode conv(String output, String input, String weights, String bias) {
        return OnnxNode.of("Conv", List.of(input, weights, bias), List.of(output),
                OnnxAttribute.ofInts("kernel_shape", 3, 3), OnnxAttribute.ofInts("pads", 1, 1, 1, 1));
    }

    private static float[] uniform(SplittableRandom random, int count, float low, float high) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return values;
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
