package org.styletransfer.vgg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.styletransfer.onnx.InvalidModelException;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorData;
import org.styletransfer.vgg.VggWeights.Conv;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * Reads the convolution weights of an ONNX VGG-19 (the ONNX model zoo's vgg19, or a network
 * exported from PyTorch or built by this project). The conv layers are taken in graph order and
 * named by the pooling layers between them, which also tells VGG-19 apart from VGG-16.
 */
final class OnnxVggReader {

    private final Path file;
    private final OnnxModel model;
    private final List<Conv> layers = new ArrayList<>();
    private int pools;
    private int inBlock;

    private OnnxVggReader(Path file, OnnxModel model) {
        this.file = file;
        this.model = model;
    }

    /** Reads {@code file}; {@code override} replaces the detected input convention when not null. */
    static VggWeights read(Path file, InputConvention override) throws IOException {
        OnnxModel model;
        try {
            model = OnnxModel.read(file);
        } catch (InvalidModelException e) {
            // OnnxModel names the file too; say it only once.
            String detail = e.getMessage().replace("Cannot load model file '" + file + "': ", "");
            throw WeightFormats.error(file, "it is not a tf.js model.json, a PyTorch .pth or a valid ONNX model ("
                    + detail + ")", WeightFormats.USE_A_VGG, e);
        }
        OnnxVggReader reader = new OnnxVggReader(file, model);
        reader.collect();
        WeightFormats.checkChain(reader.layers, file);
        return new VggWeights(reader.layers, override != null ? override : detected(model),
                file + " [ONNX model; " + conventionNote(model, override) + "]");
    }

    /** Caffe-derived weights say so in their description; model-zoo files are torchvision-style. */
    private static InputConvention detected(OnnxModel model) {
        return mentionsBgr(model) ? InputConvention.caffe() : InputConvention.torchvision();
    }

    /**
     * The description says BGR/Caffe, or the weights carry Caffe's names (the model zoo's
     * Caffe2-converted vgg19 calls them conv1_1_w), which means the original Caffe convention.
     */
    private static boolean mentionsBgr(OnnxModel model) {
        String doc = model.docString().toLowerCase(Locale.ROOT);
        return doc.contains("bgr") || doc.contains("caffe") || model.initializerNames().contains("conv1_1_w");
    }

    private static String conventionNote(OnnxModel model, InputConvention override) {
        if (override != null) {
            return "input convention given by the caller";
        }
        return mentionsBgr(model)
                ? "input convention caffe (BGR, 0..255 minus mean), as its description or Caffe weight names say"
                : "input convention torchvision (RGB 0..1, ImageNet mean/std) assumed, as for ONNX model-zoo"
                + " files; its description does not mention BGR/Caffe; pass a convention to override";
    }

    // ------------------------------------------------------------ graph walk

    private void collect() {
        for (OnnxNode node : model.nodes()) {
            if (layers.size() == VggWeights.VGG19_CONVS.size()) {
                break;
            }
            String op = node.opType();
            if (op.equals("MaxPool") || op.equals("AveragePool")) {
                pools++;
                inBlock = 0;
            } else if (op.equals("Conv") && !addConv(node)) {
                break;
            }
        }
        if (layers.isEmpty()) {
            throw WeightFormats.error(file, "it has no 3x3 convolution layers with stored weights",
                    "This is not a VGG network; pick a VGG-19 ONNX file (e.g. the ONNX model zoo's vgg19)");
        }
    }

    /** Adds a conv as the next VGG-19 layer; false at the first non-3x3 conv after the VGG part. */
    private boolean addConv(OnnxNode node) {
        float[] weights = constant(node, 1).orElseThrow(() -> WeightFormats.error(file, "convolution "
                + describe(node) + " has weights computed at run time, not stored in the file",
                "Export the network with its weights as initializers"));
        long[] dims = weightDims(node);
        if (dims.length != 4 || dims[2] != 3 || dims[3] != 3) {
            if (!layers.isEmpty()) {
                return false;
            }
            throw WeightFormats.error(file, "its first convolution has weights " + Arrays.toString(dims)
                    + ", VGG starts with a 3x3 convolution", "This is not a VGG network; pick a VGG-19 ONNX file");
        }
        inBlock++;
        String name = "conv" + (pools + 1) + "_" + inBlock;
        String expected = VggWeights.VGG19_CONVS.get(layers.size());
        if (!name.equals(expected)) {
            throw WeightFormats.error(file, "its convolution " + describe(node) + " sits where " + name
                    + " would be, but VGG-19's next layer is " + expected
                    + " (the pooling layers are placed differently: VGG-16 or another network?)",
                    "Use a VGG-19 model");
        }
        checkAttributes(node, name);
        int out = (int) dims[0];
        float[] bias = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()
                ? constant(node, 2).orElse(new float[out]) : new float[out];
        layers.add(new Conv(name, (int) dims[1], out, weights, bias));
        return true;
    }

    /** VGG convolutions are stride 1, pad 1, undilated, ungrouped. */
    private void checkAttributes(OnnxNode node, String name) {
        boolean ok = allEqual(node, "strides", 1) && allEqual(node, "dilations", 1) && allEqual(node, "group", 1);
        String autoPad = node.attribute("auto_pad").map(OnnxAttribute::stringValue).orElse("NOTSET");
        boolean padded = autoPad.startsWith("SAME") || autoPad.equals("NOTSET") && allEqual(node, "pads", 1);
        if (!ok || !padded) {
            throw WeightFormats.error(file, name + " (" + describe(node) + ") is not a stride-1, pad-1 convolution"
                    + " (attributes " + node.attributes() + ")", "This is not a standard VGG-19; use an unmodified one");
        }
    }

    private static boolean allEqual(OnnxNode node, String attribute, long value) {
        Optional<OnnxAttribute> a = node.attribute(attribute);
        if (a.isEmpty()) {
            return !attribute.equals("pads"); // ONNX defaults: stride 1, dilation 1, group 1, but pad 0
        }
        long[] values = a.get().ints();
        if (values == null || values.length == 0) {
            return a.get().intValue() == value;
        }
        return Arrays.stream(values).allMatch(v -> v == value);
    }

    private long[] weightDims(OnnxNode node) {
        return model.constant(node.inputs().get(1)).map(TensorData::dims).orElse(new long[0]);
    }

    private Optional<float[]> constant(OnnxNode node, int input) {
        if (node.inputs().size() <= input) {
            return Optional.empty();
        }
        Optional<TensorData> tensor = model.constant(node.inputs().get(input));
        try {
            return tensor.map(TensorData::floats);
        } catch (IllegalStateException e) {
            throw WeightFormats.error(file, "the weights of convolution " + describe(node) + " cannot be read ("
                    + e.getMessage() + ")", "Use a float32 ONNX model with its weights inside the file", e);
        }
    }

    private static String describe(OnnxNode node) {
        return node.name().isEmpty() ? "reading " + node.inputs().get(0) : "'" + node.name() + "'";
    }
}
