package org.styletransfer.vgg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.styletransfer.vgg.SafeUnpickler.Global;
import org.styletransfer.vgg.SafeUnpickler.Tuple;
import org.styletransfer.vgg.WeightFormats.NumberFormat;
import org.styletransfer.vgg.VggWeights.Conv;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * Reads a torchvision {@code vgg19} state_dict saved with {@code torch.save}: the zip format of
 * PyTorch 1.6 and later ({@link TorchZipFile}) and the older "legacy" single-stream format
 * ({@link TorchLegacyFile}). The pickle is interpreted by {@link SafeUnpickler}, so nothing in
 * the file is ever executed.
 */
final class TorchVggReader {

    /** Where torchvision's VGG-19 {@code features} Sequential has its 16 convolutions. */
    static final List<Integer> VGG19_FEATURE_INDICES =
            List.of(0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34);

    /** Storage classes named in persistent ids, by the number format of their bytes. */
    private static final Map<String, NumberFormat> STORAGE_TYPES = Map.of(
            "torch.FloatStorage", NumberFormat.FLOAT32,
            "torch.cuda.FloatStorage", NumberFormat.FLOAT32,
            "torch.HalfStorage", NumberFormat.FLOAT16,
            "torch.cuda.HalfStorage", NumberFormat.FLOAT16,
            "torch.BFloat16Storage", NumberFormat.BFLOAT16,
            "torch.DoubleStorage", NumberFormat.FLOAT64);

    /** Everything a state_dict pickle may name; all of them are interpreted, none is run. */
    private static final Set<String> CALLS = Set.of("collections.OrderedDict",
            "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_parameter");

    private static final Pattern FEATURE_KEY = Pattern.compile("(?:^|\\.)features\\.(\\d+)\\.(weight|bias)$");
    private static final Pattern BARE_KEY = Pattern.compile("^(\\d+)\\.(weight|bias)$");

    /** A storage named by a persistent id; its bytes are only read when a tensor needs them. */
    record Storage(NumberFormat format, String key, long elements) {
    }

    /** A tensor view of a storage, as {@code _rebuild_tensor_v2} describes it. */
    record TensorRef(Storage storage, long offset, long[] size, long[] stride) {
        long elements() {
            long count = 1;
            for (long dim : size) {
                count *= dim;
            }
            return count;
        }
    }

    /** Reads storage bytes for one container format. */
    interface StorageSource {
        /** All bytes of {@code storage}; the caller checks the length. */
        byte[] bytes(Storage storage) throws IOException;

        /** How the storage is named inside the file, for messages. */
        String where(Storage storage);
    }

    private TorchVggReader() {
    }

    /** Reads the zip (PyTorch 1.6+) format. */
    static VggWeights readZip(Path file, InputConvention override) {
        try (TorchZipFile zip = TorchZipFile.open(file)) {
            Object root = unpickle(file, zip.pickle(), 0, new java.util.HashMap<>()).value();
            return fromStateDict(file, root, zip, override, "PyTorch state_dict");
        } catch (IOException e) {
            throw WeightFormats.error(file, "reading it failed (" + e.getMessage() + ")",
                    "Check that the file is complete and readable", e);
        }
    }

    /** Reads the legacy (before PyTorch 1.6) format. */
    static VggWeights readLegacy(Path file, InputConvention override) {
        try (TorchLegacyFile legacy = TorchLegacyFile.open(file)) {
            return fromStateDict(file, legacy.root(), legacy, override, "PyTorch state_dict (legacy format)");
        } catch (IOException e) {
            throw WeightFormats.error(file, "reading it failed (" + e.getMessage() + ")",
                    "Check that the file is complete and readable", e);
        }
    }

    /**
     * Unpickles with the state_dict allowlist, turning refusals into user-facing errors.
     *
     * @param storages receives every storage the pickle refers to, by key
     */
    static SafeUnpickler.Result unpickle(Path file, byte[] data, int offset, Map<String, Storage> storages) {
        Host host = new Host(storages);
        try {
            return SafeUnpickler.load(data, offset, host);
        } catch (PickleException e) {
            if (e.refusedGlobal()) {
                throw refusal(file, host.refused);
            }
            throw WeightFormats.error(file, "its pickled data is truncated or corrupt (" + e.getMessage() + ")",
                    "Re-download the file, or re-save the weights with torch.save(model.state_dict(), path)", e);
        }
    }

    private static RuntimeException refusal(Path file, Global global) {
        String name = global.toString();
        if (name.startsWith("torch") || name.startsWith("torchvision")) {
            return WeightFormats.error(file, "it asks to rebuild " + name + ", which a plain float state_dict"
                    + " does not contain (is it a whole pickled model rather than its weights?)",
                    "In Python, save only the weights: torch.save(model.state_dict(), 'vgg19.pth')");
        }
        return WeightFormats.error(file, "refusing to load: the file asks to call " + name
                + ", which a weights file never needs; it may be malicious",
                "Do not open it with torch.load either; get the VGG-19 weights from a trusted source");
    }

    // ------------------------------------------------------------ state_dict to layers

    private static VggWeights fromStateDict(Path file, Object root, StorageSource source,
            InputConvention override, String format) throws IOException {
        Map<String, TensorRef> tensors = stateDict(file, root);
        rejectBatchNorm(file, tensors);
        TreeMap<Integer, TensorRef[]> convs = convTensors(file, tensors);
        List<Conv> layers = new ArrayList<>();
        for (Map.Entry<Integer, TensorRef[]> entry : convs.entrySet()) {
            layers.add(conv(file, VggWeights.VGG19_CONVS.get(layers.size()), entry, source));
        }
        WeightFormats.checkChain(layers, file);
        InputConvention convention = override != null ? override : InputConvention.torchvision();
        String note = override != null ? "input convention given by the caller"
                : "input convention torchvision (RGB 0..1, ImageNet mean/std), as for all torchvision weights";
        return new VggWeights(layers, convention, file + " [" + format + "; " + note + "]");
    }

    /** The dict of tensors: the top-level dict, or one nested under e.g. "state_dict". */
    private static Map<String, TensorRef> stateDict(Path file, Object root) {
        if (root instanceof Map<?, ?> map) {
            Map<String, TensorRef> tensors = tensorsOf(map);
            if (!tensors.isEmpty()) {
                return tensors;
            }
            for (Object value : map.values()) {
                if (value instanceof Map<?, ?> nested && !tensorsOf(nested).isEmpty()) {
                    return tensorsOf(nested);
                }
            }
        }
        throw WeightFormats.error(file, "it holds no tensors (found " + SafeUnpickler.describe(root) + ")",
                "Use a file saved with torch.save(vgg19.state_dict(), path)");
    }

    private static Map<String, TensorRef> tensorsOf(Map<?, ?> map) {
        Map<String, TensorRef> tensors = new java.util.LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key instanceof String name && value instanceof TensorRef tensor) {
                tensors.put(name, tensor);
            }
        });
        return tensors;
    }

    private static void rejectBatchNorm(Path file, Map<String, TensorRef> tensors) {
        for (String key : tensors.keySet()) {
            if (key.endsWith(".running_mean")) {
                throw WeightFormats.error(file, "it is a VGG with batch normalisation (found " + key + ")",
                        "Use the plain torchvision vgg19 weights, not vgg19_bn");
            }
        }
    }

    /** 4-D weights (and their biases) of the features Sequential, by index. */
    private static TreeMap<Integer, TensorRef[]> convTensors(Path file, Map<String, TensorRef> tensors) {
        TreeMap<Integer, TensorRef[]> convs = collect(tensors, FEATURE_KEY);
        if (convs.isEmpty()) {
            convs = collect(tensors, BARE_KEY);
        }
        if (convs.isEmpty()) {
            throw WeightFormats.error(file, "it has no 'features.N.weight' convolution weights (keys: "
                    + abbreviate(tensors.keySet()) + ")",
                    "Use a torchvision vgg19 state_dict (keys features.0.weight, features.0.bias, ...)");
        }
        checkIndices(file, convs);
        return convs;
    }

    private static TreeMap<Integer, TensorRef[]> collect(Map<String, TensorRef> tensors, Pattern pattern) {
        TreeMap<Integer, TensorRef[]> convs = new TreeMap<>();
        tensors.forEach((key, tensor) -> {
            Matcher m = pattern.matcher(key);
            if (m.find()) {
                TensorRef[] pair = convs.computeIfAbsent(Integer.valueOf(m.group(1)), k -> new TensorRef[2]);
                pair[m.group(2).equals("weight") ? 0 : 1] = tensor;
            }
        });
        convs.values().removeIf(pair -> pair[0] == null || pair[0].size().length != 4);
        return convs;
    }

    /** The conv positions must be VGG-19's (or a prefix of them, for a truncated network). */
    private static void checkIndices(Path file, TreeMap<Integer, TensorRef[]> convs) {
        int i = 0;
        for (int index : convs.keySet()) {
            if (i >= VGG19_FEATURE_INDICES.size() || VGG19_FEATURE_INDICES.get(i) != index) {
                String expected = i < VGG19_FEATURE_INDICES.size()
                        ? "VGG-19 has its next convolution at features." + VGG19_FEATURE_INDICES.get(i)
                        : "VGG-19 has only 16 convolutions";
                throw WeightFormats.error(file, "it has a convolution at features." + index + " but " + expected
                        + " (convolutions at features." + convs.keySet() + "): another VGG variant such as VGG-16",
                        "Use torchvision's vgg19 weights (models.vgg19(weights='IMAGENET1K_V1').state_dict())");
            }
            i++;
        }
    }

    private static Conv conv(Path file, String name, Map.Entry<Integer, TensorRef[]> entry,
            StorageSource source) throws IOException {
        TensorRef weight = entry.getValue()[0];
        TensorRef bias = entry.getValue()[1];
        String key = "features." + entry.getKey();
        long[] s = weight.size();
        if (s[2] != 3 || s[3] != 3) {
            throw WeightFormats.error(file, key + ".weight is " + s[2] + "x" + s[3] + ", VGG uses 3x3 kernels",
                    "Use a torchvision vgg19 state_dict");
        }
        float[] w = floats(file, key + ".weight", weight, source);
        float[] b = bias == null ? new float[(int) s[0]] : floats(file, key + ".bias", bias, source);
        if (b.length != s[0]) {
            throw WeightFormats.error(file, key + ".bias has " + b.length + " values for " + s[0] + " filters",
                    "The file is corrupt; re-download it");
        }
        return new Conv(name, (int) s[1], (int) s[0], w, b);
    }

    /** The tensor's values, checked for contiguity and against the storage size. */
    static float[] floats(Path file, String key, TensorRef tensor, StorageSource source) throws IOException {
        checkContiguous(file, key, tensor);
        Storage storage = tensor.storage();
        long end = tensor.offset() + tensor.elements();
        if (tensor.offset() < 0 || end > storage.elements() || end > Integer.MAX_VALUE) {
            throw WeightFormats.error(file, key + " reads elements " + tensor.offset() + ".." + end + " of a storage"
                    + " with " + storage.elements(), "The file is corrupt; re-download it");
        }
        byte[] bytes = source.bytes(storage);
        long expected = storage.elements() * storage.format().bytes;
        if (bytes.length != expected) {
            throw WeightFormats.error(file, "storage " + source.where(storage) + " (for " + key + ") has "
                    + bytes.length + " bytes, expected " + expected, "The file is truncated or corrupt; re-download it");
        }
        int offsetBytes = (int) tensor.offset() * storage.format().bytes;
        return WeightFormats.decode(bytes, offsetBytes, (int) tensor.elements(), storage.format());
    }

    private static void checkContiguous(Path file, String key, TensorRef tensor) {
        long expected = 1;
        long[] size = tensor.size();
        long[] stride = tensor.stride();
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                throw WeightFormats.error(file, key + " is not stored contiguously (size "
                        + java.util.Arrays.toString(size) + ", strides " + java.util.Arrays.toString(stride) + ")",
                        "In Python, re-save with {k: v.contiguous() for k, v in state_dict.items()}");
            }
            expected *= size[d];
        }
    }

    private static String abbreviate(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        return list.size() <= 6 ? list.toString() : list.subList(0, 6) + " and " + (list.size() - 6) + " more";
    }

    // ------------------------------------------------------------ the pickle host

    /** What a state_dict pickle may call, and what each call yields. */
    private static final class Host implements SafeUnpickler.Host {
        /** The global that was refused, for the error message. */
        Global refused;
        private final Map<String, Storage> storages;

        Host(Map<String, Storage> storages) {
            this.storages = storages;
        }

        @Override
        public boolean allows(Global global) {
            String name = global.toString();
            boolean ok = CALLS.contains(name) || STORAGE_TYPES.containsKey(name);
            if (!ok) {
                refused = global;
            }
            return ok;
        }

        @Override
        public Object call(Global function, Tuple args) throws PickleException {
            switch (function.toString()) {
                case "collections.OrderedDict":
                    return orderedDict(args);
                case "torch._utils._rebuild_tensor_v2":
                case "torch._utils._rebuild_tensor":
                    return tensor(args);
                case "torch._utils._rebuild_parameter":
                    return arg(args, 0, TensorRef.class, "a tensor");
                default:
                    throw new PickleException("the file calls " + function + ", which only names a type");
            }
        }

        @Override
        public Object persistentLoad(Object pid) throws PickleException {
            if (!(pid instanceof Tuple id) || id.size() < 5 || !"storage".equals(id.get(0))) {
                throw new PickleException("unknown persistent id " + SafeUnpickler.describe(pid));
            }
            Global type = arg(id, 1, Global.class, "a storage type");
            NumberFormat format = STORAGE_TYPES.get(type.toString());
            if (format == null) {
                throw new PickleException("unsupported storage type " + type);
            }
            if (id.size() > 5 && id.get(5) != null) {
                throw new PickleException("storage views (legacy view_metadata) are not supported");
            }
            Storage storage = new Storage(format, String.valueOf(id.get(2)), number(id.get(4)));
            storages.put(storage.key(), storage);
            return storage;
        }

        private static Map<Object, Object> orderedDict(Tuple args) throws PickleException {
            Map<Object, Object> dict = new java.util.LinkedHashMap<>();
            if (args.size() > 0 && args.get(0) instanceof List<?> pairs) {
                for (Object pair : pairs) {
                    Tuple kv = (Tuple) pair;
                    dict.put(kv.get(0), kv.get(1));
                }
            }
            return dict;
        }

        private static TensorRef tensor(Tuple args) throws PickleException {
            if (args.size() < 4) {
                throw new PickleException("a tensor rebuilt from only " + args.size() + " arguments");
            }
            Storage storage = arg(args, 0, Storage.class, "a storage");
            long offset = number(args.get(1));
            long[] size = longs(arg(args, 2, Tuple.class, "a size tuple"));
            long[] stride = longs(arg(args, 3, Tuple.class, "a stride tuple"));
            if (size.length != stride.length) {
                throw new PickleException("a tensor with " + size.length + " sizes but " + stride.length + " strides");
            }
            return new TensorRef(storage, offset, size, stride);
        }

        private static <T> T arg(Tuple args, int index, Class<T> type, String what) throws PickleException {
            if (index >= args.size() || !type.isInstance(args.get(index))) {
                throw new PickleException("expected " + what + " as argument " + index + " in " + args);
            }
            return type.cast(args.get(index));
        }

        private static long[] longs(Tuple tuple) throws PickleException {
            long[] values = new long[tuple.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = number(tuple.get(i));
            }
            return values;
        }

        private static long number(Object value) throws PickleException {
            if (value instanceof Long n && n >= 0) {
                return n;
            }
            throw new PickleException("expected a non-negative integer, got " + SafeUnpickler.describe(value));
        }
    }
}
