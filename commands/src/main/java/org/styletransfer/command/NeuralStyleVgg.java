package org.styletransfer.command;

import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.lossgraph.Pooling;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeightsReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The VGG-19 weights and layers of a neural style run: finds and loads the weights named by the
 * {@code vgg} option (once per file and version: a second run reuses them), and turns the
 * {@code style_layers} / {@code content_layer} options into a checked graph spec.
 */
public final class NeuralStyleVgg {
    /** The VGG-19 found in the model folders when {@code vgg} is empty (see {@link ModelLocator}). */
    public static final String DEFAULT_FILE = "vgg19_keras_tfjs_partial/model.json";
    /** The catalogue id of the VGG-19 that Plugins &gt; Style Transfer &gt; Models... downloads. */
    public static final String CATALOGUE_ID = "vgg19";

    private static Loaded cached;

    /** Weights read from a file whose size and modification time identified that version. */
    private record Loaded(Path file, long size, long modified, VggWeights weights) {
    }

    private NeuralStyleVgg() {
    }

    /**
     * The weights named by the option: a path, or (empty) the default file in the model folders.
     *
     * @throws StyleTransferException when there is no such file or it is no usable VGG-19
     */
    public static synchronized VggWeights load(String option) {
        Path file = file(option);
        long size;
        long modified;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            // VggWeightsReader words the problem for the user (missing, unreadable ...).
            return VggWeightsReader.read(file);
        }
        Loaded c = cached;
        if (c != null && c.file.equals(file) && c.size == size && c.modified == modified) return c.weights;
        VggWeights w = VggWeightsReader.read(file);
        cached = new Loaded(file, size, modified, w);
        return w;
    }

    /**
     * The weights file: the option's path; else {@link #DEFAULT_FILE}, or failing that the VGG-19
     * weights the Models... command downloaded (or imported), in the model folders.
     */
    static Path file(String option) {
        String text = option == null ? "" : option.trim();
        if (!text.isEmpty()) return Paths.get(text).toAbsolutePath().normalize();
        Optional<Path> found = ModelLocator.find(DEFAULT_FILE)
            .or(() -> ModelCatalog.get().firstInstalled(ModelEntry.VGG).map(ModelCatalog.ResolvedModel::file));
        return found.map(p -> p.toAbsolutePath().normalize())
            .orElseThrow(() -> new StyleTransferException("No VGG-19 weights are installed: download them with"
                + " Plugins > Style Transfer > Models... (model " + CATALOGUE_ID + "), put " + DEFAULT_FILE
                + " (with its weight shards) into " + ModelLocator.userModelFolder()
                + ", or give the weights file with vgg=[path/to/model.json, .pth or .onnx]."));
    }

    /**
     * The layers to use: the weights' usual set ({@link GatysGraphSpec#defaults}) where an option is
     * empty, else the named ReLU layers, equally weighted.
     *
     * @throws StyleTransferException naming the layers the weights have when a named one is missing
     */
    public static GatysGraphSpec layers(VggWeights w, String styleLayers, String contentLayer) {
        GatysGraphSpec defaults = GatysGraphSpec.defaults(w);
        List<String> style = names(styleLayers, w, NeuralStyleSpec.STYLE_LAYERS);
        List<String> content = names(contentLayer, w, NeuralStyleSpec.CONTENT_LAYER);
        if (content.size() > 1) {
            throw new StyleTransferException("content_layer takes one layer, not " + content + ".");
        }
        if (style.isEmpty()) style = defaults.styleLayers();
        if (content.isEmpty()) content = defaults.contentLayers();
        double[] weights = new double[style.size()];
        Arrays.fill(weights, 1.0 / style.size());
        return new GatysGraphSpec(content, style, weights, Pooling.MAX, false);
    }

    private static List<String> names(String text, VggWeights w, String option) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        for (String name : text.trim().split("[,;\\s]+")) {
            String layer = name.trim().toLowerCase();
            if (!layer.matches("relu[1-5]_[1-4]")) {
                throw new StyleTransferException(option + ": '" + name + "' is not a VGG-19 ReLU layer name; write"
                    + " e.g. 'relu1_1, relu2_1, relu3_1'. " + VggWeightsReader.describe(w) + ".");
            }
            if (w.layer("conv" + layer.substring("relu".length())).isEmpty()) {
                throw new StyleTransferException(option + ": the VGG-19 weights have no layer " + layer + ". "
                    + VggWeightsReader.describe(w) + ".");
            }
            if (out.contains(layer)) throw new StyleTransferException(option + ": " + layer + " is listed twice.");
            out.add(layer);
        }
        return out;
    }
}
