package org.styletransfer.vgg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Tiny VGG-19-shaped test networks with reduced channel counts and values given by a formula,
 * the same as in core/src/test/resources/vgg/make_torch_fixtures.py, so every reader's output can be
 * checked element by element.
 */
final class VggFixtures {

    /** Channels: conv k maps CH[k] to CH[k + 1]; uneven on purpose to catch layout mix-ups. */
    static final int[] CH = {3, 4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};

    private VggFixtures() {
    }

    /** Weight i (OIHW order) of layer {@code layer}; multiples of 1/16, exact in float. */
    static float value(int layer, int i) {
        return (float) (((i * 7L + layer * 13L) % 23 - 11) / 16.0);
    }

    static float bias(int layer, int j) {
        return (float) ((j + layer) / 4.0 - 1.0);
    }

    static float[] oihw(int layer) {
        float[] w = new float[CH[layer + 1] * CH[layer] * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = value(layer, i);
        }
        return w;
    }

    static float[] biases(int layer) {
        float[] b = new float[CH[layer + 1]];
        for (int j = 0; j < b.length; j++) {
            b[j] = bias(layer, j);
        }
        return b;
    }

    /** Checks that {@code weights} holds the first {@code count} fixture layers exactly. */
    static void assertFixtureLayers(VggWeights weights, int count) {
        assertEquals(VggWeights.VGG19_CONVS.subList(0, count), weights.layerNames());
        for (int k = 0; k < count; k++) {
            VggWeights.Conv conv = weights.layers().get(k);
            assertEquals(CH[k], conv.in(), conv.name() + " in");
            assertEquals(CH[k + 1], conv.out(), conv.name() + " out");
            assertArrayEquals(oihw(k), conv.weights(), conv.name() + " weights");
            assertArrayEquals(biases(k), conv.bias(), conv.name() + " bias");
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(VggFixtures.class.getResource("/vgg/" + name).toURI());
        } catch (Exception e) {
            throw new AssertionError("missing test resource vgg/" + name, e);
        }
    }

    static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    // ------------------------------------------------------------ PyTorch zip files

    /** Writes a zip the way torch.save does: stored (uncompressed) entries under one folder. */
    static void writeTorchZip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, "archive/data.pkl", pickle);
            stored(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                stored(zip, "archive/data/" + e.getKey(), e.getValue());
            }
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** A tensor of a state_dict for {@link #stateDictPickle}. */
    record TensorSpec(String key, String storage, long storageElements, long offset, long[] size, long[] stride) {
        static TensorSpec contiguous(String key, String storage, long... size) {
            long[] stride = new long[size.length];
            long acc = 1;
            for (int d = size.length - 1; d >= 0; d--) {
                stride[d] = acc;
                acc *= size[d];
            }
            return new TensorSpec(key, storage, acc, 0, size, stride);
        }
    }

    /** The fixture's first {@code count} layers as torchvision state_dict tensors and storages. */
    static List<TensorSpec> fixtureTensors(int count, List<Integer> indices, Map<String, byte[]> storages) {
        List<TensorSpec> specs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String w = String.valueOf(2 * k);
            String b = String.valueOf(2 * k + 1);
            specs.add(TensorSpec.contiguous("features." + indices.get(k) + ".weight", w, CH[k + 1], CH[k], 3, 3));
            specs.add(TensorSpec.contiguous("features." + indices.get(k) + ".bias", b, CH[k + 1]));
            storages.put(w, littleEndian(oihw(k)));
            storages.put(b, littleEndian(biases(k)));
        }
        return specs;
    }

    /** A protocol-2 pickle of an OrderedDict state_dict, opcode for opcode like torch.save's. */
    static byte[] stateDictPickle(List<TensorSpec> tensors) {
        return stateDictPickle(tensors, p -> { });
    }

    /** The same with {@code extraItems} writing more key/value pairs into the dict. */
    static byte[] stateDictPickle(List<TensorSpec> tensors, java.util.function.Consumer<PickleWriter> extraItems) {
        PickleWriter p = new PickleWriter().proto(2).global("collections", "OrderedDict").emptyTuple().op('R');
        p.op('(');
        for (TensorSpec t : tensors) {
            p.unicode(t.key()).global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').unicode("storage").global("torch", "FloatStorage").unicode(t.storage()).unicode("cpu")
                    .integer(t.storageElements()).op('t').op('Q');
            p.integer(t.offset()).tuple(t.size()).tuple(t.stride()).op(0x89);
            p.global("collections", "OrderedDict").emptyTuple().op('R');
            p.op('t').op('R');
        }
        extraItems.accept(p);
        p.op('u');
        // The _metadata attribute torch attaches to state dicts, set through BUILD.
        p.op('}').unicode("_metadata").global("collections", "OrderedDict").emptyTuple().op('R')
                .op('(').unicode("").op('}').unicode("version").integer(1).op('s').op('u').op('s').op('b');
        return p.op('.').bytes();
    }

    /** Writes pickle opcodes; just enough for the fixtures. */
    static final class PickleWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        PickleWriter op(int code) {
            out.write(code);
            return this;
        }

        PickleWriter proto(int version) {
            return op(0x80).op(version);
        }

        PickleWriter global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        PickleWriter unicode(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            out.writeBytes(utf8);
            return this;
        }

        PickleWriter shortUnicode(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            op(0x8c).op(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        /** BININT1, BININT2 or BININT, as Python picks them. */
        PickleWriter integer(long value) {
            if (value >= 0 && value < 256) {
                return op('K').op((int) value);
            }
            if (value >= 0 && value < 65536) {
                return op('M').op((int) value & 0xFF).op((int) value >> 8);
            }
            op('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
            return this;
        }

        PickleWriter emptyTuple() {
            return op(')');
        }

        PickleWriter tuple(long[] values) {
            op('(');
            for (long v : values) {
                integer(v);
            }
            return op('t');
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    // ------------------------------------------------------------ tf.js layers models

    /**
     * Writes model.json plus one shard per layer ("groupN-shard1of1", kernel HWIO then bias) for
     * the first {@code count} fixture layers, the way tensorflowjs_converter lays out Keras VGG19.
     */
    static Path writeTfjs(Path dir, int count) throws IOException {
        StringBuilder groups = new StringBuilder();
        for (int k = 0; k < count; k++) {
            String layer = kerasName(k);
            int in = CH[k];
            int out = CH[k + 1];
            if (k > 0) {
                groups.append(",\n");
            }
            groups.append("{\"paths\": [\"group").append(k + 1).append("-shard1of1\"], \"weights\": [")
                    .append("{\"name\": \"").append(layer).append("/kernel\", \"shape\": [3, 3, ").append(in)
                    .append(", ").append(out).append("], \"dtype\": \"float32\"}, ")
                    .append("{\"name\": \"").append(layer).append("/bias\", \"shape\": [").append(out)
                    .append("], \"dtype\": \"float32\"}]}");
            try (OutputStream shard = Files.newOutputStream(dir.resolve("group" + (k + 1) + "-shard1of1"))) {
                shard.write(littleEndian(hwio(k)));
                shard.write(littleEndian(biases(k)));
            }
        }
        String json = "{\"modelTopology\": {\"keras_version\": \"2.1.4\", \"backend\": \"tensorflow\","
                + " \"model_config\": {\"class_name\": \"Model\", \"config\": {\"name\": \"vgg19\", \"layers\": []}}},\n"
                + "\"weightsManifest\": [\n" + groups + "\n]}";
        Path file = dir.resolve("model.json");
        Files.writeString(file, json);
        return file;
    }

    static String kerasName(int layer) {
        String conv = VggWeights.VGG19_CONVS.get(layer); // conv3_4 -> block3_conv4
        return "block" + conv.charAt(4) + "_conv" + conv.charAt(6);
    }

    /** The fixture kernel in TensorFlow's [kh, kw, in, out] order, written out index by index. */
    static float[] hwio(int layer) {
        int in = CH[layer];
        int out = CH[layer + 1];
        float[] oihw = oihw(layer);
        float[] hwio = new float[oihw.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        hwio[((y * 3 + x) * in + i) * out + o] = oihw[((o * in + i) * 3 + y) * 3 + x];
                    }
                }
            }
        }
        return hwio;
    }
}
