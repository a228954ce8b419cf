package org.styletransfer.testutil;

import org.styletransfer.onnx.ModelBuilder;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Untrained decoders that honour the decoder contract (input "features" [1,C,h,w], output "image"
 * upsampled to the encoder's input size, the metadata): a fixed random 1x1 convolution to RGB
 * around mid-grey, then nearest upsampling. They test everything around decoding (statistics,
 * tiles, commands, checks) without a trained network.
 */
public final class StandInDecoders {
    private StandInDecoders() {
    }

    /** Writes decoder_&lt;level&gt;.onnx for relu1_1, relu2_1 and relu3_1 of {@code w} into {@code folder}. */
    public static Path write(Path folder, VggWeights w) {
        try {
            Files.createDirectories(folder);
            for (String level : List.of("relu1_1", "relu2_1", "relu3_1")) {
                model(w, level, level).write(folder.resolve("decoder_" + level + ".onnx"));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A decoder of {@code level}'s channels whose metadata says {@code claimedLevel}. */
    public static OnnxModel model(VggWeights w, String level, String claimedLevel) {
        int i = VggLayerNames.convIndex(level);
        int c = w.layers().get(i).out();
        float scale = (float) (1 << VggLayerNames.poolsBefore(i));
        SplittableRandom random = new SplittableRandom(level.hashCode());
        float[] kernel = new float[3 * c];
        // Features reach a few hundred: a small mixing keeps the image mostly in 0..255.
        for (int k = 0; k < kernel.length; k++) kernel[k] = (float) ((random.nextDouble() - 0.3) * 2.0 / c);
        ModelBuilder b = OnnxModel.builder(17)
            .input(TensorInfo.floatTensor(DecoderArchitecture.INPUT, 1, c, -1, -1).withDimParams(null, null, "h", "w"))
            .output(TensorInfo.floatTensor(DecoderArchitecture.OUTPUT, 1, 3, -1, -1).withDimParams(null, null, "H", "W"))
            .floatInitializer("mix", new long[] {3, c, 1, 1}, kernel)
            .floatInitializer("grey", new long[] {3}, new float[] {100, 110, 120})
            .floatInitializer("scales", new long[] {4}, new float[] {1, 1, scale, scale})
            .node(OnnxNode.of("Conv", List.of(DecoderArchitecture.INPUT, "mix", "grey"), List.of("rgb"),
                OnnxAttribute.ofInts("kernel_shape", 1, 1)))
            .node(OnnxNode.of("Resize", List.of("rgb", "", "scales"), List.of(DecoderArchitecture.OUTPUT),
                OnnxAttribute.ofString("mode", "nearest")))
            .metadata(DecoderArchitecture.KIND_KEY, DecoderArchitecture.KIND)
            .metadata(DecoderArchitecture.LEVEL_KEY, claimedLevel)
            .metadata(DecoderArchitecture.FINGERPRINT_KEY, w.fingerprint(i))
            .metadata(DecoderArchitecture.DESCRIPTION_KEY, "stand-in for tests: random 1x1 convolution, nearest upsampling");
        return b.build();
    }
}
