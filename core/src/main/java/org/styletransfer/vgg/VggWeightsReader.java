package org.styletransfer.vgg;

import org.styletransfer.onnx.FileSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * Reads VGG-19 convolution weights from the files users actually have, recognised by their
 * content rather than their extension:
 * <ul>
 *   <li>a TensorFlow.js layers model of Keras' VGG19: {@code model.json} plus its shard files
 *       (or the folder holding them); Keras "caffe" input convention;</li>
 *   <li>a torchvision {@code vgg19} state_dict saved by {@code torch.save}, in the zip format
 *       (PyTorch 1.6+) or the legacy format; torchvision input convention. The pickle inside is
 *       interpreted by a restricted reader that never runs code from the file and refuses
 *       anything a state_dict does not need;</li>
 *   <li>an ONNX VGG-19; caffe convention when its description mentions BGR/Caffe, otherwise
 *       torchvision (as for the ONNX model zoo's vgg19).</li>
 * </ul>
 * A partial network (e.g. missing tf.js shards) is read up to its last complete layer; see
 * {@link #describe(VggWeights)}. Every problem is reported as a {@link StyleTransferException}
 * whose message names the file, the problem and the fix.
 *
 * <p>{@link VggWeights#source()} has the form {@code "<file> [<format>; <convention note>]"}.
 */
public final class VggWeightsReader {

    private static final int HEAD_BYTES = 64;

    private VggWeightsReader() {
    }

    /**
     * Reads the weights in {@code file}, detecting its format and input convention.
     *
     * @throws StyleTransferException if the file is missing, unreadable, corrupt, truncated,
     *     unsafe or not a VGG-19 in a supported format
     */
    public static VggWeights read(Path file) {
        return read(file, null);
    }

    /**
     * Reads the weights in {@code file} with a caller-chosen input convention, for files whose
     * convention cannot be detected (e.g. an ONNX export without a description).
     *
     * @param convention the convention to record, or null to detect it from the file
     * @throws StyleTransferException as {@link #read(Path)}
     */
    public static VggWeights read(Path file, InputConvention convention) {
        Path target = resolve(file);
        byte[] head = head(target);
        try {
            return dispatch(target, head, convention);
        } catch (IOException e) {
            throw WeightFormats.error(target, "reading it failed (" + e + ")", "Check that the file is readable", e);
        } catch (OutOfMemoryError e) {
            throw WeightFormats.error(target, "there is not enough memory to load it",
                    "Give Java more memory (Edit > Options > Memory & Threads in Fiji)");
        }
    }

    private static VggWeights dispatch(Path file, byte[] head, InputConvention convention) throws IOException {
        if (FileSignatures.startsWith(head, 'P', 'K', 3, 4)) {
            return TorchVggReader.readZip(file, convention);
        }
        if (TorchLegacyFile.matches(head)) {
            return TorchVggReader.readLegacy(file, convention);
        }
        if (head.length > 0 && (head[0] & 0xFF) == 0x80) {
            throw WeightFormats.error(file, "it is a plain Python pickle, not a PyTorch checkpoint",
                    "Save the weights with torch.save(vgg19.state_dict(), 'vgg19.pth')");
        }
        if (TfjsVggReader.looksLikeJson(head)) {
            return TfjsVggReader.read(file, Files.readString(file, StandardCharsets.UTF_8), convention);
        }
        rejectKnownOthers(file, head);
        return OnnxVggReader.read(file, convention);
    }

    /** A folder stands for the model.json inside it; missing files get a clear message. */
    private static Path resolve(Path file) {
        if (Files.isDirectory(file)) {
            Path json = file.resolve("model.json");
            if (Files.isRegularFile(json)) {
                return json;
            }
            throw WeightFormats.error(file, "it is a folder without a model.json",
                    "Pick the weights file itself (model.json, .pth or .onnx)");
        }
        if (!Files.isRegularFile(file)) {
            throw WeightFormats.error(file, "the file does not exist", "Check the path");
        }
        return file;
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEAD_BYTES);
            if (head.length == 0) {
                throw WeightFormats.error(file, "the file is empty (0 bytes)", "Download it again");
            }
            return head;
        } catch (IOException e) {
            throw WeightFormats.error(file, "it cannot be read (" + e + ")", "Check the file's permissions", e);
        }
    }

    /** Formats that users pick by mistake and that have a known conversion. */
    private static void rejectKnownOthers(Path file, byte[] head) {
        if (FileSignatures.startsWith(head, 0x89, 'H', 'D', 'F')) {
            throw WeightFormats.error(file, "it is a Keras/HDF5 .h5 file, which is not supported",
                    "Convert it with: tensorflowjs_converter --input_format keras vgg19.h5 outdir,"
                    + " then pick outdir/model.json");
        }
        if (FileSignatures.startsWith(head, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            throw WeightFormats.error(file, "it is a NumPy .npy array, not a model",
                    WeightFormats.USE_A_VGG);
        }
        if (FileSignatures.startsWith(head, 0x89, 'P', 'N', 'G') || FileSignatures.startsWith(head, 0xFF, 0xD8, 0xFF)
                || FileSignatures.startsWith(head, 'I', 'I', 42, 0) || FileSignatures.startsWith(head, 'M', 'M', 0, 42)) {
            throw WeightFormats.error(file, "it is an image, not a network",
                    "Pick the VGG-19 weights file (model.json, .pth or .onnx)");
        }
        String name = String.valueOf(file.getFileName());
        if (name.matches("group\\d+-shard\\d+of\\d+(\\.bin)?")) {
            throw WeightFormats.error(file, "it is one weight shard of a TensorFlow.js model",
                    "Pick the model.json in the same folder; the shards are read from there");
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("version https://git-lfs")) {
            throw WeightFormats.error(file, "it is a Git LFS pointer, not the model itself",
                    "Fetch the real file with 'git lfs pull' or download it directly");
        }
        if (text.stripLeading().startsWith("<")) {
            throw WeightFormats.error(file, "it is a text/HTML file (an error page saved instead of the model?)",
                    "Download the model again");
        }
    }

    // ------------------------------------------------------------ description

    /**
     * A one-line summary for users: which layers are there, which ReLU outputs can serve as style
     * or content layers, and, for a partial network, where the deeper layers are missing. E.g.
     * "VGG-19 conv1_1..conv3_4 (8 of 16 layers; deeper layers missing in model.json): usable
     * style layers relu1_1..relu3_4".
     */
    public static String describe(VggWeights weights) {
        List<String> names = weights.layerNames();
        int total = VggWeights.VGG19_CONVS.size();
        String range = names.isEmpty() ? "no layers" : names.get(0) + ".." + names.get(names.size() - 1);
        String relus = names.isEmpty() ? "none" : relu(names.get(0)) + ".." + relu(names.get(names.size() - 1));
        String count = names.size() == total ? "all " + total + " layers"
                : names.size() + " of " + total + " layers; deeper layers missing in " + fileOf(weights);
        String text = "VGG-19 " + range + " (" + count + "): usable style layers " + relus;
        if (names.size() < total && !names.isEmpty()) {
            text += " (the classic set relu1_1, relu2_1, relu3_1, relu4_1, relu5_1 needs all 16 layers)";
        }
        return text;
    }

    private static String relu(String conv) {
        return "relu" + conv.substring("conv".length());
    }

    /** The file name part of a source written by this reader ("<file> [details]"). */
    static String fileOf(VggWeights weights) {
        String source = weights.source();
        int bracket = source.indexOf(" [");
        String file = bracket < 0 ? source : source.substring(0, bracket);
        try {
            Path name = Path.of(file).getFileName();
            return name == null ? file : name.toString();
        } catch (java.nio.file.InvalidPathException e) {
            return file; // a source written by someone else; show it as it is
        }
    }
}
