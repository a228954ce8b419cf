package org.styletransfer.universal;

import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.testutil.StandInDecoders;
import org.styletransfer.testutil.TestImages;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeightsReader;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The real partial VGG-19, pictures of ../shared scaled down, and stand-in decoders. */
final class UniversalFixtures {
    private static VggWeights weights;

    private UniversalFixtures() {
    }

    static synchronized VggWeights vgg() {
        if (weights == null) {
            weights = VggWeightsReader.read(SharedData.model("vgg19_keras_tfjs_partial").resolve("model.json"));
        }
        return weights;
    }

    /** A picture scaled to {@code width} (aspect kept), RGB 0..255. */
    static ColorImage picture(Path file, int width) throws IOException {
        return TestImages.read(file, width);
    }

    static ColorImage content(String name, int width) throws IOException {
        return picture(SharedData.contentImage(name), width);
    }

    static ColorImage style(String name, int width) throws IOException {
        return picture(SharedData.styleImage(name), width);
    }

    /** Stand-in decoders for every level of the partial VGG-19, deepest first. */
    static List<Decoder> decoders(int levels) {
        Path folder = StandInDecoders.write(Paths.get("target", "stand-in-decoders"), vgg());
        List<Decoder> all = new ArrayList<>();
        for (String level : List.of("relu3_1", "relu2_1", "relu1_1").subList(0, levels)) {
            all.add(Decoder.load(folder.resolve("decoder_" + level + ".onnx"), level, vgg()));
        }
        return all;
    }
}
