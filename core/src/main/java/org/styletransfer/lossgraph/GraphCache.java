package org.styletransfer.lossgraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.Conv;
import org.styletransfer.vgg.VggWeights.InputConvention;

/**
 * Exported graphs kept on disk, each beside a text file describing how it was made. A request
 * with the same weights and options returns the existing file; the key is the SHA-256 of the
 * weights' values (not their file name), the graph kind, the spec and
 * {@link GatysGraphs#EXPORTER_VERSION}, so a new exporter version never reuses an old graph.
 *
 * <p>Files are written to a temporary name and moved into place, so a crash or a concurrent
 * export never leaves a half-written graph under the final name. Writing a graph removes the
 * graphs an older exporter version left in the same folder (a full VGG-19 graph is 50 MB, and a
 * new version never reads them again); files this class did not write, and graphs of a newer
 * version (another installation sharing the folder), are left alone.
 */
public final class GraphCache {

    private static final HexFormat HEX = HexFormat.of();
    /** First line of every description file: what marks a graph as this class's to manage. */
    private static final String HEADER =
            "# Graph exported by org.styletransfer.export; delete this file and the .onnx to re-export";
    private static final String VERSION_LINE = "exporter.version = ";
    /** Characters of the key in file names: 64 bits make an accidental clash negligible. */
    private static final int NAME_KEY_CHARS = 16;

    private GraphCache() {
    }

    /** The {@link GatysGraphs#lossAndGradient} graph for these weights and spec, exported if needed. */
    public static Path lossAndGradient(VggWeights w, GatysGraphSpec spec, Path folder) {
        return lossAndGradient(w, spec, GraphTarget.CPU, folder);
    }

    /**
     * The loss graph written for {@code target}'s provider, exported if needed; each target's
     * graph is its own file ("gatys-loss-..." for the CPU, "gatys-loss-cuda-..." for CUDA).
     */
    public static Path lossAndGradient(VggWeights w, GatysGraphSpec spec, GraphTarget target, Path folder) {
        String kind = target == GraphTarget.CPU ? "gatys-loss" : "gatys-loss-" + target.name().toLowerCase(Locale.ROOT);
        return cached(folder, kind, w, spec, () -> GatysGraphs.lossAndGradient(w, spec, target));
    }

    /** The {@link GatysGraphs#targets} graph for these weights and spec, exported if needed. */
    public static Path targets(VggWeights w, GatysGraphSpec spec, Path folder) {
        return cached(folder, "gatys-targets", w, spec, () -> GatysGraphs.targets(w, spec));
    }

    /** The {@link GatysGraphs#features} graph for these weights, exported if needed. */
    public static Path features(VggWeights w, Path folder) {
        return cached(folder, "vgg-features", w, null, () -> GatysGraphs.features(w));
    }

    /** The description file that goes with a cached graph. */
    public static Path descriptionOf(Path graph) {
        String name = graph.getFileName().toString();
        return graph.resolveSibling(name.substring(0, name.length() - ".onnx".length()) + ".txt");
    }

    private static Path cached(Path folder, String kind, VggWeights w, GatysGraphSpec spec,
            Supplier<OnnxModel> export) {
        String weightsDigest = digest(w);
        String key = HEX.formatHex(sha256((kind + "\n" + weightsDigest + "\n" + (spec == null ? "" : spec.canonical())
                + "\n" + GatysGraphs.EXPORTER_VERSION).getBytes(StandardCharsets.UTF_8)));
        Path graph = folder.resolve(kind + "-" + key.substring(0, NAME_KEY_CHARS) + ".onnx");
        Path description = descriptionOf(graph);
        try {
            if (Files.isRegularFile(graph) && describes(description, key)) {
                return graph;
            }
            Files.createDirectories(folder);
            writeAtomically(graph, export.get().toBytes());
            writeAtomically(description, description(kind, key, weightsDigest, w, spec)
                    .getBytes(StandardCharsets.UTF_8));
            removeOlderVersions(folder);
            return graph;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exported graph " + graph + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the graphs (and their descriptions) that an exporter version older than this one
     * wrote into {@code folder}. Best effort: a file that cannot be read or deleted stays.
     */
    private static void removeOlderVersions(Path folder) {
        int current = Integer.parseInt(GatysGraphs.EXPORTER_VERSION);
        try (var files = Files.newDirectoryStream(folder, "*.txt")) {
            for (Path description : files) {
                int version = versionOf(description);
                if (version < 0 || version >= current) continue;
                String name = description.getFileName().toString();
                Files.deleteIfExists(description.resolveSibling(name.substring(0, name.length() - 4) + ".onnx"));
                Files.deleteIfExists(description);
            }
        } catch (IOException | UncheckedIOException e) {
            // Only disk space is at stake: the new graph is in place.
        }
    }

    /**
     * The exporter version a description file names, or -1 when it is not one of ours (only the
     * first line of any other text file in the folder is read).
     */
    private static int versionOf(Path description) {
        try (var in = Files.newBufferedReader(description, StandardCharsets.UTF_8)) {
            if (!HEADER.equals(in.readLine())) return -1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(VERSION_LINE)) return Integer.parseInt(line.substring(VERSION_LINE.length()).trim());
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** True when the description exists and names this key, i.e. the graph beside it is complete. */
    private static boolean describes(Path description, String key) throws IOException {
        return Files.isRegularFile(description)
                && Files.readAllLines(description, StandardCharsets.UTF_8).contains("key = " + key);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String description(String kind, String key, String weightsDigest, VggWeights w,
            GatysGraphSpec spec) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add("graph = " + kind);
        lines.add(VERSION_LINE + GatysGraphs.EXPORTER_VERSION);
        lines.add("key = " + key);
        lines.add("created = " + Instant.now());
        lines.add("weights.source = " + w.source());
        lines.add("weights.sha256 = " + weightsDigest);
        lines.add("weights.layers = " + layers(w));
        lines.add("weights.convention = " + convention(w.convention()));
        if (spec != null) {
            lines.add("content.layers = " + String.join(", ", spec.contentLayers()));
            lines.add("style.layers = " + styleLayers(spec));
            lines.add("pooling = " + spec.pooling());
            lines.add("style.mask = " + spec.styleMask());
            lines.add("size.multiple = " + spec.sizeMultiple());
            lines.add("spec = " + spec.canonical());
        }
        return String.join("\n", lines) + "\n";
    }

    private static String layers(VggWeights w) {
        List<String> parts = new ArrayList<>();
        for (Conv conv : w.layers()) {
            parts.add(conv.name() + " " + conv.in() + "->" + conv.out());
        }
        return String.join(", ", parts);
    }

    private static String styleLayers(GatysGraphSpec spec) {
        List<String> parts = new ArrayList<>();
        double[] weights = spec.styleLayerWeights();
        for (int i = 0; i < weights.length; i++) {
            parts.add(spec.styleLayers().get(i) + " (weight " + weights[i] + ")");
        }
        return String.join(", ", parts);
    }

    private static String convention(InputConvention c) {
        return (c.bgr() ? "BGR" : "RGB") + ", scale " + c.scale() + ", mean " + Arrays.toString(c.mean()) + ", std "
                + Arrays.toString(c.std());
    }

    /** SHA-256 of the layer names, shapes, values and input convention (hex). */
    static String digest(VggWeights w) {
        MessageDigest md = newDigest();
        for (Conv conv : w.layers()) {
            md.update((conv.name() + ":" + conv.in() + ":" + conv.out() + ";").getBytes(StandardCharsets.UTF_8));
            md.update(bytes(conv.weights()));
            md.update(bytes(conv.bias()));
        }
        md.update(convention(w.convention()).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(md.digest());
    }

    private static byte[] bytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static byte[] sha256(byte[] data) {
        return newDigest().digest(data);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
