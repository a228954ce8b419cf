package org.styletransfer.vgg;

import java.util.List;
import java.util.Optional;

/**
 * The convolution weights of a VGG-19 (or of its first layers, when the file is partial), in
 * ONNX/PyTorch layout, with the input convention the weights were trained with.
 *
 * @param layers     conv layers in network order, named conv1_1, conv1_2, conv2_1 ... conv5_4;
 *                   a partial network stops at its last complete layer
 * @param convention how an RGB 0..255 image must be transformed before the first layer
 * @param source     where the weights came from (file and format), for descriptions and messages
 */
public record VggWeights(List<Conv> layers, InputConvention convention, String source) {

    /** The 16 convolution layers of VGG-19 in order; pooling follows the last conv of each block. */
    public static final List<String> VGG19_CONVS = List.of(
        "conv1_1", "conv1_2",
        "conv2_1", "conv2_2",
        "conv3_1", "conv3_2", "conv3_3", "conv3_4",
        "conv4_1", "conv4_2", "conv4_3", "conv4_4",
        "conv5_1", "conv5_2", "conv5_3", "conv5_4");

    public VggWeights {
        layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).name().equals(VGG19_CONVS.get(i))) {
                throw new IllegalArgumentException("layer " + i + " is " + layers.get(i).name() + ", expected "
                    + VGG19_CONVS.get(i));
            }
        }
    }

    /** The layer with this name ("conv3_1"), if present. */
    public Optional<Conv> layer(String name) {
        return layers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Hex SHA-256 over the float32 little-endian kernel then bias of conv1_1 .. conv
     * {@code deepestConv}, in order: identifies the encoder a decoder was trained for, whatever
     * file format the weights were read from.
     *
     * @throws IllegalArgumentException when the weights stop before that conv
     */
    public String fingerprint(int deepestConv) {
        if (deepestConv < 0 || deepestConv >= layers.size()) {
            throw new IllegalArgumentException("the weights (" + source + ") stop at " + layers.size()
                + " convs; conv index " + deepestConv + " was asked for");
        }
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        for (int i = 0; i <= deepestConv; i++) {
            digest.update(littleEndian(layers.get(i).weights()));
            digest.update(littleEndian(layers.get(i).bias()));
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] littleEndian(float[] values) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    /** Names of the available layers, e.g. conv1_1 .. conv3_4 for a partial network. */
    public List<String> layerNames() {
        return layers.stream().map(Conv::name).toList();
    }

    /**
     * A 3x3, stride 1, pad 1 convolution followed by ReLU.
     *
     * @param weights [out, in, 3, 3] (OIHW), row-major
     * @param bias    [out]
     */
    public record Conv(String name, int in, int out, float[] weights, float[] bias) {
        public Conv {
            if (weights.length != out * in * 9 || bias.length != out) {
                throw new IllegalArgumentException(name + ": expected " + out * in * 9 + " weights and " + out
                    + " biases, got " + weights.length + " and " + bias.length);
            }
        }
    }

    /**
     * Pixel convention of the weights: input = (rgbOrBgr(x) * scale - mean) / std per channel, where x
     * is an RGB image in 0..255 and the channel order is swapped to BGR first when {@code bgr}.
     *
     * @param bgr   true for Caffe/Keras weights (BGR order)
     * @param scale 1 for 0..255 weights (Caffe), 1/255 for 0..1 weights (torchvision)
     * @param mean  per-channel mean in the network's own order and scale
     * @param std   per-channel standard deviation (1 for Caffe)
     */
    public record InputConvention(boolean bgr, double scale, double[] mean, double[] std) {
        /** Original VGG (Caffe) and Keras "caffe" mode: BGR, 0..255 minus the ImageNet mean. */
        public static InputConvention caffe() {
            return new InputConvention(true, 1.0, new double[] {103.939, 116.779, 123.68}, new double[] {1, 1, 1});
        }

        /** torchvision: RGB, 0..1, normalised by the ImageNet mean and std. */
        public static InputConvention torchvision() {
            return new InputConvention(false, 1 / 255.0, new double[] {0.485, 0.456, 0.406},
                new double[] {0.229, 0.224, 0.225});
        }
    }
}
