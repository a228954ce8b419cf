package org.styletransfer.universal;

import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.InvalidModelException;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A decoder: an ONNX network turning the VGG-19 features of one encoder level back into an image,
 * checked against the VGG weights it is to be used with. The contract ({@link DecoderArchitecture}):
 * one input {@value DecoderArchitecture#INPUT} [1,C,h,w] (C the level's channels), one output
 * {@value DecoderArchitecture#OUTPUT} [1,3,h*2^(k-1),w*2^(k-1)] RGB 0..255; metadata
 * {@value DecoderArchitecture#KIND_KEY}={@value DecoderArchitecture#KIND}, {@value DecoderArchitecture#LEVEL_KEY}
 * and, optionally, {@value DecoderArchitecture#FINGERPRINT_KEY} ({@link VggWeights#fingerprint(int)}).
 *
 * @param level the encoder level, e.g. "relu3_1"
 * @param file  where it was read from
 * @param model the network
 */
public record Decoder(String level, Path file, OnnxModel model) {

    /**
     * Reads {@code file} and checks that it decodes {@code level} of {@code weights}.
     *
     * @throws StyleTransferException with a one-line message naming the file and the mismatch
     */
    public static Decoder load(Path file, String level, VggWeights weights) {
        OnnxModel model = read(file);
        String name = file.getFileName().toString();
        Map<String, String> meta = model.metadata();
        String kind = meta.getOrDefault(DecoderArchitecture.KIND_KEY, DecoderArchitecture.KIND);
        if (!kind.equals(DecoderArchitecture.KIND)) throw mismatch(name, "is a '" + kind + "' model, not a decoder");
        String own = meta.getOrDefault(DecoderArchitecture.LEVEL_KEY, level);
        if (!own.equals(level)) throw mismatch(name, "decodes " + own + ", not " + level);
        int channels = weights.layers().get(VggLayerNames.convIndex(level)).out();
        TensorInfo in = model.inputs().stream().filter(i -> !model.initializerNames().contains(i.name()))
            .findFirst().orElseThrow(() -> mismatch(name, "has no input"));
        long c = in.hasShape() && in.dims().length == 4 ? in.dims()[1] : -1;
        if (!in.name().equals(DecoderArchitecture.INPUT) || c != channels) {
            throw mismatch(name, "takes '" + in.name() + "' with " + c + " channels, but " + level + " of the VGG"
                + " weights has " + channels + " ('" + DecoderArchitecture.INPUT + "' [1," + channels + ",h,w])");
        }
        if (model.outputs().stream().noneMatch(o -> o.name().equals(DecoderArchitecture.OUTPUT))) {
            throw mismatch(name, "has no output '" + DecoderArchitecture.OUTPUT + "'");
        }
        String print = meta.get(DecoderArchitecture.FINGERPRINT_KEY);
        if (print != null && !print.equalsIgnoreCase(weights.fingerprint(VggLayerNames.convIndex(level)))) {
            throw mismatch(name, "was trained on other VGG-19 weights than " + weights.source());
        }
        return new Decoder(level, file, model);
    }

    private static OnnxModel read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StyleTransferException("Decoder " + file + " does not exist.");
        }
        try {
            return OnnxModel.read(file);
        } catch (IOException | InvalidModelException e) {
            throw new StyleTransferException("Decoder " + file.getFileName() + " is not a readable ONNX model: "
                + e.getMessage());
        }
    }

    private static StyleTransferException mismatch(String name, String what) {
        return new StyleTransferException("Decoder " + name + " does not fit: it " + what
            + ". Use the decoders made for these VGG-19 weights.");
    }

    /** How the decoder was made, from its metadata, or "". */
    public String description() {
        return model.metadata().getOrDefault(DecoderArchitecture.DESCRIPTION_KEY, "");
    }
}
