package org.styletransfer.universal;

import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.train.BundledDecoders;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the decoders are: in a folder the user names, else the catalogue's decoder entries (kind
 * {@value DecoderArchitecture#KIND}) in the model folders, else {@code decoders/decoder_<level>.onnx} in the model
 * folders ({@link ModelLocator}), else those shipped in the plugin ({@code onnx-models/decoders}).
 */
public final class DecoderFiles {
    /** The encoder levels decoders can exist for, deepest last. */
    private static final List<String> LEVELS = DecoderArchitecture.LEVELS;

    /** Bundled decoders copied to files so far, by level. */
    private static final Map<String, Path> BUNDLED = new HashMap<>();

    private DecoderFiles() {
    }

    /** The file name of a level's decoder, e.g. {@code decoder_relu3_1.onnx}. */
    public static String fileName(String level) {
        return "decoder_" + level + ".onnx";
    }

    /**
     * The decoders for the {@code count} deepest levels that {@code weights} reach and that have a
     * decoder file, loaded and checked, deepest first.
     *
     * @param folder the folder given by the user, or empty for the model folders
     * @throws StyleTransferException when fewer levels have decoders, or a decoder does not fit
     */
    public static List<Decoder> load(int count, String folder, VggWeights weights) {
        List<String> available = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String level : LEVELS) {
            if (VggLayerNames.convIndex(level) >= weights.layers().size()) continue;
            Optional<Path> f = find(level, folder);
            if (f.isPresent()) {
                available.add(level);
                files.add(f.get());
            }
        }
        if (count > available.size()) throw missing(count, available, folder);
        List<Decoder> decoders = new ArrayList<>();
        for (String level : UniversalStylizer.levelsFor(count, available)) {
            decoders.add(Decoder.load(files.get(available.indexOf(level)), level, weights));
        }
        return decoders;
    }

    /**
     * As {@link #load}, with as many of the {@code max} deepest levels as have decoders (at least one).
     *
     * @throws StyleTransferException when no level has a decoder, or a decoder does not fit
     */
    public static List<Decoder> loadAvailable(int max, String folder, VggWeights weights) {
        long found = LEVELS.stream().filter(l -> VggLayerNames.convIndex(l) < weights.layers().size())
            .filter(l -> find(l, folder).isPresent()).count();
        return load((int) Math.max(1, Math.min(max, found)), folder, weights);
    }

    /** The decoder file of {@code level}: in {@code folder} when given, else in the model folders. */
    static Optional<Path> find(String level, String folder) {
        String name = fileName(level);
        if (folder != null && !folder.isBlank()) {
            Path p = Paths.get(folder.trim()).resolve(name);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (ModelEntry e : ModelCatalog.get().allEntries()) {
            if (e.kind().equals(DecoderArchitecture.KIND) && e.file().endsWith(name)) {
                Optional<Path> p = ModelCatalog.locate(e);
                if (p.isPresent()) return p;
            }
        }
        return ModelLocator.find("decoders/" + name).or(() -> bundled(level));
    }

    /**
     * The decoder shipped inside the plugin ({@link BundledDecoders}), copied once per JVM to a
     * temporary file: ONNX Runtime and the decoder checks read files.
     */
    private static synchronized Optional<Path> bundled(String level) {
        Path copy = BUNDLED.get(level);
        if (copy != null) return Optional.of(copy);
        Optional<byte[]> bytes = BundledDecoders.bytes(level);
        if (bytes.isEmpty()) return Optional.empty();
        try {
            copy = Files.createTempFile("style-transfer-", "-" + fileName(level));
            copy.toFile().deleteOnExit();
            Files.write(copy, bytes.get());
            BUNDLED.put(level, copy);
            return Optional.of(copy);
        } catch (IOException e) {
            throw new StyleTransferException("Cannot unpack the bundled decoder " + fileName(level) + ": "
                + e.getMessage(), e);
        }
    }

    private static StyleTransferException missing(int count, List<String> available, String folder) {
        String where = folder != null && !folder.isBlank() ? folder.trim()
            : "decoders/ in the model folders " + ModelLocator.roots();
        String have = available.isEmpty() ? "none" : String.join(", ", available);
        return new StyleTransferException(count + " levels need " + count + " decoders, but " + where + " has "
            + have + " (" + fileName("relu3_1") + " ...): choose fewer levels, or install the decoders"
            + " (Plugins > Style Transfer > Models...).");
    }
}
