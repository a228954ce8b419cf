package org.styletransfer.vgg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import org.styletransfer.util.StrictJson;
import org.styletransfer.vgg.VggWeights.Conv;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * Reads a Keras VGG-19 converted to a TensorFlow.js layers model: {@code model.json} (topology
 * and weights manifest) plus the binary shard files next to it. Each manifest group's shards,
 * concatenated, hold its weights back to back in manifest order. Missing shard files truncate the
 * network at the last layer whose weights are all present.
 */
final class TfjsVggReader {

    /** tensorflowjs_converter splits groups into shards of this size, the last one shorter. */
    private static final long DEFAULT_SHARD_BYTES = 4L << 20;
    private static final Gson GSON = new Gson();
    private static final Pattern LAYER = Pattern.compile("(?:^|/)block(\\d)_conv(\\d)/(kernel|bias)(?::0)?$");

    private final Path modelJson;
    private final List<Group> groups = new ArrayList<>();
    /** conv name ("conv1_1") to {kernel, bias}. */
    private final Map<String, Entry[]> convs = new HashMap<>();
    private final Map<Integer, byte[]> groupBytes = new HashMap<>();

    /** One weight of the manifest, located within its group's bytes. */
    private record Entry(String name, int[] shape, Encoding encoding, int group, long offset) {
        long elements() {
            long count = 1;
            for (int dim : shape) {
                count *= dim;
            }
            return count;
        }
    }

    /** How a weight's numbers are stored (tf.js may quantise them to 8 or 16 bits). */
    private record Encoding(String dtype, int bytes, double scale, double min) {
    }

    /** A manifest group: its shard files and the bytes its weights need. */
    private record Group(int index, List<Path> shards, long bytes) {
        boolean complete() {
            return shards.stream().allMatch(Files::isRegularFile);
        }
    }

    /** model.json as tensorflowjs_converter writes it; the Keras topology is only looked into for a name. */
    private record ModelJson(JsonElement modelTopology, List<ManifestGroup> weightsManifest) {
    }

    /** A weights manifest group: its shard files and its weights, stored back to back in this order. */
    private record ManifestGroup(List<String> paths, List<WeightSpec> weights) {
    }

    /** One weight of a group; {@code quantization} is set when the converter stored it in 8 or 16 bits. */
    private record WeightSpec(String name, int[] shape, String dtype, Quantization quantization) {
    }

    /** tf.js affine quantisation: value = q * scale + min. */
    private record Quantization(String dtype, Double scale, Double min) {
    }

    private TfjsVggReader(Path modelJson) {
        this.modelJson = modelJson;
    }

    /** Reads {@code modelJson} and the shards next to it. */
    static VggWeights read(Path modelJson, String text, InputConvention override) throws IOException {
        ModelJson json = parse(modelJson, text);
        TfjsVggReader reader = new TfjsVggReader(modelJson);
        reader.index(json.weightsManifest());
        Set<String> missing = new LinkedHashSet<>();
        List<Conv> layers = reader.layers(missing);
        WeightFormats.checkChain(layers, modelJson);
        InputConvention convention = override != null ? override : InputConvention.caffe();
        String note = override != null ? "input convention given by the caller"
                : "input convention caffe (BGR, 0..255 minus the ImageNet mean), as for all Keras VGG weights";
        String partial = missing.isEmpty() ? "" : "; shard files missing: " + String.join(", ", missing);
        return new VggWeights(layers, convention, modelJson + " [tf.js layers model"
                + modelName(json) + partial + "; " + note + "]");
    }

    /** The text as a model.json: valid JSON first, then the layout of a weights manifest. */
    private static ModelJson parse(Path file, String text) {
        JsonElement tree;
        try {
            tree = StrictJson.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IllegalArgumentException e) {
            throw WeightFormats.error(file, "it is not valid JSON (" + e.getMessage() + ")",
                    "Download model.json again; it may be cut short or be an HTML error page", e);
        }
        ModelJson json;
        try {
            json = StrictJson.bind(GSON, tree, ModelJson.class);
        } catch (IllegalArgumentException e) {
            throw WeightFormats.error(file, "its weightsManifest is not laid out as tensorflowjs_converter writes it ("
                    + e.getMessage() + ")", "The file is damaged; download model.json again", e);
        }
        if (json == null || json.weightsManifest() == null) {
            throw WeightFormats.error(file, "it is a JSON file but not a TensorFlow.js model.json (it has no"
                    + " weightsManifest)", "Pick the model.json written by tensorflowjs_converter for a Keras VGG19");
        }
        return json;
    }

    /** " 'vgg19'": the Keras model's name, where the topology has one (its layout differs between Keras versions). */
    private static String modelName(ModelJson json) {
        JsonElement name = at(json.modelTopology(), "model_config", "config", "name");
        if (name == null) {
            name = at(json.modelTopology(), "config", "name");
        }
        return name == null || !name.isJsonPrimitive() ? "" : " '" + name.getAsString() + "'";
    }

    private static JsonElement at(JsonElement node, String... keys) {
        for (String key : keys) {
            if (node == null || !node.isJsonObject()) {
                return null;
            }
            node = node.getAsJsonObject().get(key);
        }
        return node;
    }

    // ------------------------------------------------------------ manifest

    private void index(List<ManifestGroup> manifest) {
        for (ManifestGroup group : manifest) {
            if (group == null) {
                throw damaged("has a weightsManifest group that is not an object");
            }
            List<Path> shards = new ArrayList<>();
            for (String path : list(group.paths(), "paths")) {
                shards.add(modelJson.resolveSibling(String.valueOf(path)));
            }
            long offset = 0;
            for (WeightSpec weight : list(group.weights(), "weights")) {
                if (weight == null) {
                    throw damaged("has a weight entry that is not an object");
                }
                Entry entry = entry(weight, groups.size(), offset);
                offset += entry.elements() * entry.encoding().bytes();
                register(entry);
            }
            groups.add(new Group(groups.size(), shards, offset));
        }
    }

    private void register(Entry entry) {
        Matcher m = LAYER.matcher(entry.name());
        if (m.find()) {
            Entry[] pair = convs.computeIfAbsent("conv" + m.group(1) + "_" + m.group(2), k -> new Entry[2]);
            pair[m.group(3).equals("kernel") ? 0 : 1] = entry;
        }
    }

    private Entry entry(WeightSpec weight, int group, long offset) {
        String name = String.valueOf(weight.name());
        int[] shape = weight.shape();
        if (shape == null) {
            throw damaged("lacks the list 'shape of " + name + "'");
        }
        return new Entry(name, shape, encoding(name, weight), group, offset);
    }

    private Encoding encoding(String name, WeightSpec weight) {
        Quantization q = weight.quantization();
        if (q != null) {
            String dtype = String.valueOf(q.dtype());
            return new Encoding(dtype, bytesOf(name, dtype), q.scale() != null ? q.scale() : 1,
                    q.min() != null ? q.min() : 0);
        }
        String dtype = String.valueOf(weight.dtype());
        return new Encoding(dtype, bytesOf(name, dtype), 1, 0);
    }

    private int bytesOf(String name, String dtype) {
        return switch (dtype) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8", "bool" -> 1;
            default -> throw WeightFormats.error(modelJson, "weight " + name + " has data type " + dtype
                    + ", which this reader cannot lay out", "Re-convert the Keras model with tensorflowjs_converter"
                    + " without special options");
        };
    }

    private <T> List<T> list(List<T> value, String what) {
        if (value != null) {
            return value;
        }
        throw damaged("lacks the list '" + what + "'");
    }

    /** "its weightsManifest {what}": a manifest that tensorflowjs_converter would not write. */
    private RuntimeException damaged(String what) {
        return WeightFormats.error(modelJson, "its weightsManifest " + what, "The file is damaged; download model.json again");
    }

    // ------------------------------------------------------------ layers

    /** The layers in VGG-19 order, up to the first one whose shards are missing. */
    private List<Conv> layers(Set<String> missing) throws IOException {
        checkNames();
        List<Conv> layers = new ArrayList<>();
        for (String name : VggWeights.VGG19_CONVS) {
            Entry[] pair = convs.get(name);
            if (pair == null) {
                break;
            }
            if (!available(pair, missing)) {
                break;
            }
            layers.add(conv(name, pair));
        }
        if (layers.isEmpty()) {
            throw WeightFormats.error(modelJson, "not even conv1_1 is complete: shard files missing ("
                    + String.join(", ", missing) + ")",
                    "Put the groupN-shard... files that came with model.json into the same folder");
        }
        return layers;
    }

    /** The manifest must name VGG-19 layers, without gaps (a gap means another network). */
    private void checkNames() {
        if (convs.isEmpty()) {
            throw WeightFormats.error(modelJson, "its weights are not named like a Keras VGG19"
                    + " (block1_conv1/kernel, block1_conv1/bias, ...)",
                    "Convert keras.applications.VGG19 with tensorflowjs_converter --input_format keras");
        }
        for (String name : convs.keySet()) {
            if (!VggWeights.VGG19_CONVS.contains(name)) {
                throw WeightFormats.error(modelJson, "it has a layer " + name + ", which VGG-19 does not have",
                        "Use a Keras VGG19 model, not another network");
            }
        }
        int last = VggWeights.VGG19_CONVS.size() - 1;
        while (!convs.containsKey(VggWeights.VGG19_CONVS.get(last))) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            String name = VggWeights.VGG19_CONVS.get(i);
            Entry[] pair = convs.get(name);
            if (pair == null || pair[0] == null) {
                throw WeightFormats.error(modelJson, "it has no " + name + " kernel but has "
                        + VggWeights.VGG19_CONVS.get(last) + ": this is not VGG-19 (VGG-16?)",
                        "Use a Keras VGG19 model");
            }
        }
    }

    /** Whether all shards for the layer exist; wrong sizes are an error, not a truncation. */
    private boolean available(Entry[] pair, Set<String> missing) throws IOException {
        boolean complete = true;
        for (Entry entry : pair) {
            if (entry == null) {
                continue;
            }
            Group group = groups.get(entry.group());
            if (!group.complete()) {
                group.shards().stream().filter(p -> !Files.isRegularFile(p))
                        .forEach(p -> missing.add(p.getFileName().toString()));
                complete = false;
            } else {
                checkShardSizes(group);
            }
        }
        return complete;
    }

    private void checkShardSizes(Group group) throws IOException {
        List<Path> shards = group.shards();
        long total = 0;
        for (Path shard : shards) {
            total += Files.size(shard);
        }
        long[] expected = expectedShardSizes(group);
        for (int i = 0; i < shards.size(); i++) {
            long actual = Files.size(shards.get(i));
            boolean wrong = expected != null ? actual != expected[i] : total != group.bytes();
            if (wrong) {
                throw WeightFormats.error(modelJson, "shard file '" + shards.get(i) + "' has " + actual
                        + " bytes, expected " + (expected != null ? expected[i] + " bytes"
                        : "the group's files to total " + group.bytes() + " bytes (they total " + total + ")"),
                        "The shard is truncated or belongs to another model; download it again together with model.json");
            }
        }
    }

    /** Per-shard sizes when they can be known: one shard, or the converter's 4 MB split. */
    private static long[] expectedShardSizes(Group group) {
        int n = group.shards().size();
        long bytes = group.bytes();
        if (n == 1) {
            return new long[] {bytes};
        }
        if (bytes > (n - 1) * DEFAULT_SHARD_BYTES && bytes <= n * DEFAULT_SHARD_BYTES) {
            long[] sizes = new long[n];
            java.util.Arrays.fill(sizes, DEFAULT_SHARD_BYTES);
            sizes[n - 1] = bytes - (n - 1) * DEFAULT_SHARD_BYTES;
            return sizes;
        }
        return null;
    }

    private Conv conv(String name, Entry[] pair) throws IOException {
        Entry kernel = pair[0];
        int[] s = kernel.shape();
        if (s.length != 4 || s[0] != 3 || s[1] != 3) {
            throw WeightFormats.error(modelJson, kernel.name() + " has shape " + java.util.Arrays.toString(s)
                    + ", expected [3, 3, in, out]", "Use a Keras VGG19 model");
        }
        float[] hwio = values(kernel);
        float[] bias = pair[1] == null ? new float[s[3]] : values(pair[1]);
        if (bias.length != s[3]) {
            throw WeightFormats.error(modelJson, name + " has " + bias.length + " biases for " + s[3] + " filters",
                    "The file is damaged; download it again");
        }
        return new Conv(name, s[2], s[3], WeightFormats.hwioToOihw(hwio, 3, 3, s[2], s[3]), bias);
    }

    private float[] values(Entry entry) throws IOException {
        byte[] bytes = groupBytes(entry.group());
        int count = (int) entry.elements();
        Encoding e = entry.encoding();
        int offset = (int) entry.offset();
        switch (e.dtype()) {
            case "float32":
                return WeightFormats.decode(bytes, offset, count, WeightFormats.NumberFormat.FLOAT32);
            case "float16":
                return WeightFormats.decode(bytes, offset, count, WeightFormats.NumberFormat.FLOAT16);
            case "uint8":
            case "uint16":
                return dequantize(bytes, offset, count, e);
            default:
                throw WeightFormats.error(modelJson, "weight " + entry.name() + " is " + e.dtype() + ", not float",
                        "Use a float32 Keras VGG19 model");
        }
    }

    /** tf.js affine quantisation: value = q * scale + min. */
    private static float[] dequantize(byte[] bytes, int offset, int count, Encoding e) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            int q = e.bytes() == 1 ? bytes[offset + i] & 0xFF
                    : (bytes[offset + 2 * i] & 0xFF) | (bytes[offset + 2 * i + 1] & 0xFF) << 8;
            values[i] = (float) (q * e.scale() + e.min());
        }
        return values;
    }

    /** A group's shards concatenated, read once and kept while the layers are built. */
    private byte[] groupBytes(int index) throws IOException {
        byte[] cached = groupBytes.get(index);
        if (cached != null) {
            return cached;
        }
        Group group = groups.get(index);
        if (group.bytes() > Integer.MAX_VALUE - 8) {
            throw WeightFormats.error(modelJson, "weight group " + (index + 1) + " is larger than 2 GB",
                    "This is not a VGG-19 model");
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream((int) group.bytes());
        for (Path shard : group.shards()) {
            all.write(Files.readAllBytes(shard));
        }
        byte[] bytes = all.toByteArray();
        groupBytes.clear(); // kernel and bias share a group; older groups are not needed again
        groupBytes.put(index, bytes);
        return bytes;
    }

    static boolean looksLikeJson(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        return text.startsWith("{");
    }
}
