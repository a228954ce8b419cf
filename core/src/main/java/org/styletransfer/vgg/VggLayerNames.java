package org.styletransfer.vgg;


/** Layer naming and block structure of VGG-19: conv index, ReLU names, where the pools are. */
public final class VggLayerNames {

    private VggLayerNames() {
    }

    /** Index in {@link VggWeights#VGG19_CONVS} of the conv feeding ReLU {@code relu} ("relu3_1" gives 4). */
    public static int convIndex(String relu) {
        int index = relu.startsWith("relu") ? VggWeights.VGG19_CONVS.indexOf("conv" + relu.substring(4)) : -1;
        if (index < 0) {
            throw new IllegalArgumentException("not a VGG-19 layer: '" + relu + "' (expected relu1_1 .. relu5_4)");
        }
        return index;
    }

    /** "relu3_1" for "conv3_1". */
    public static String reluName(String conv) {
        return "relu" + conv.substring(4);
    }

    /** "relu3_1" for conv index 4. */
    public static String reluName(int convIndex) {
        return reluName(VggWeights.VGG19_CONVS.get(convIndex));
    }

    /** The block (1..5) of conv index {@code i}. */
    public static int block(int i) {
        return VggWeights.VGG19_CONVS.get(i).charAt(4) - '0';
    }

    /** True when a pooling follows conv {@code i} (the last conv of blocks 1..4; block 5's pool is never used). */
    public static boolean poolAfter(int i) {
        return i + 1 < VggWeights.VGG19_CONVS.size() && block(i + 1) != block(i);
    }

    /** Number of poolings between the image and conv {@code i}. */
    public static int poolsBefore(int i) {
        return block(i) - 1;
    }
}
