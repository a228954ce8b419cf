package org.styletransfer.universal;

import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.lossgraph.UniversalGraphs;
import org.styletransfer.onnx.InvalidModelException;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A decoder: an ONNX network turning the VGG-19 features of one encoder level back into an image,
 * checked against the VGG weights it is to be used with. The contract: one input
 * {@value UniversalGraphs#DECODER_INPUT} [1,C,h,w] (C the level's channels), one output
 * {@value UniversalGraphs#DECODER_OUTPUT} [1,3,h*2^(k-1),w*2^(k-1)] RGB 0..255; metadata
 * {@value #KIND}={@value #DECODER_KIND}, {@value #LEVEL} and, optionally, {@value #FINGERPRINT}.
 *
 * @param level the encoder level, e.g. "relu3_1"
 * @param file  where it was read from
 * @param model the network
 */
public record Decoder(String level, Path file, OnnxModel model) {
    /** Metadata key of the model's kind. */
    public static final String KIND = "style_transfer.kind";
    /** The kind of a decoder. */
    public static final String DECODER_KIND = "decoder";
    /** Metadata key of the encoder level, e.g. "relu3_1". */
    public static final String LEVEL = "style_transfer.level";
    /** Metadata key of the hex SHA-256 of the VGG weights the decoder was trained on ({@link #fingerprint}). */
    public static final String FINGERPRINT = "style_transfer.vgg_fingerprint";
    /** Metadata key of how the decoder was made. */
    public static final String DESCRIPTION = "style_transfer.description";

    /**
     * Reads {@code file} and checks that it decodes {@code level} of {@code weights}.
     *
     * @throws StyleTransferException with a one-line message naming the file and the mismatch
     */
    public static Decoder load(Path file, String level, VggWeights weights) {
        OnnxModel model = read(file);
        String name = file.getFileName().toString();
        Map<String, String> meta = model.metadata();
        String kind = meta.getOrDefault(KIND, DECODER_KIND);
        if (!kind.equals(DECODER_KIND)) throw mismatch(name, "is a '" + kind + "' model, not a decoder");
        String own = meta.getOrDefault(LEVEL, level);
        if (!own.equals(level)) throw mismatch(name, "decodes " + own + ", not " + level);
        int channels = weights.layers().get(VggLayerNames.convIndex(level)).out();
        TensorInfo in = model.inputs().stream().filter(i -> !model.initializerNames().contains(i.name()))
            .findFirst().orElseThrow(() -> mismatch(name, "has no input"));
        long c = in.hasShape() && in.dims().length == 4 ? in.dims()[1] : -1;
        if (!in.name().equals(UniversalGraphs.DECODER_INPUT) || c != channels) {
            throw mismatch(name, "takes '" + in.name() + "' with " + c + " channels, but " + level + " of the VGG"
                + " weights has " + channels + " ('" + UniversalGraphs.DECODER_INPUT + "' [1," + channels + ",h,w])");
        }
        if (model.outputs().stream().noneMatch(o -> o.name().equals(UniversalGraphs.DECODER_OUTPUT))) {
            throw mismatch(name, "has no output '" + UniversalGraphs.DECODER_OUTPUT + "'");
        }
        String print = meta.get(FINGERPRINT);
        if (print != null && !print.equalsIgnoreCase(fingerprint(weights, VggLayerNames.convIndex(level)))) {
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

    /**
     * The hex SHA-256 of conv1_1 .. conv {@code deepestConv}'s weights and biases (float32, little
     * endian, layer by layer): what a decoder records of the encoder it was trained with.
     */
    public static String fingerprint(VggWeights weights, int deepestConv) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i <= deepestConv; i++) {
                VggWeights.Conv conv = weights.layers().get(i);
                sha.update(littleEndian(conv.weights()));
                sha.update(littleEndian(conv.bias()));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteBuffer littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b;
    }

    /** How the decoder was made, from its metadata, or "". */
    public String description() {
        return model.metadata().getOrDefault(DESCRIPTION, "");
    }
}
