package org.styletransfer.models;

import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The known models ({@code onnx-models/catalog.json}, bundled in the plugin jar), and how to turn
 * a name from a dialog or macro into a model file and its pixel convention.
 */
public final class ModelCatalog {
    private static final String RESOURCE = "/org/styletransfer/models/catalog.json";
    private static volatile ModelCatalog instance;

    private final List<ModelEntry> entries;

    ModelCatalog(List<ModelEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The catalogue bundled with the plugin. */
    public static ModelCatalog get() {
        if (instance == null) instance = load();
        return instance;
    }

    @SuppressWarnings("unchecked")
    static ModelCatalog parse(String json) {
        Map<String, Object> doc = Json.parseObject(json);
        List<ModelEntry> list = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("models")) list.add(ModelEntry.fromJson((Map<String, Object>) o));
        return new ModelCatalog(list);
    }

    private static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("catalog.json is missing from the plugin jar");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<ModelEntry> entries() {
        return entries;
    }

    public Optional<ModelEntry> byId(String id) {
        return entries.stream().filter(e -> e.id().equalsIgnoreCase(id)).findFirst();
    }

    /** Ids of fast-style models whose file is present in a model folder (all of them if none is). */
    public List<String> installedFastIds() {
        List<String> all = entries.stream().filter(e -> e.kind().equals("fast")).map(ModelEntry::id).toList();
        List<String> installed = all.stream().filter(id -> ModelLocator.find(byId(id).get().file()).isPresent()).toList();
        return installed.isEmpty() ? all : installed;
    }

    /** "candy" when installed, else the first installed fast model. */
    public String defaultFastId() {
        List<String> ids = installedFastIds();
        return ids.contains("candy") ? "candy" : ids.get(0);
    }

    /**
     * Resolves what a user typed: a catalogue id, or a path to an ONNX file (whose convention is
     * taken from the catalogue when its checksum matches an entry, else RGB 0..255).
     */
    public ResolvedModel resolve(String idOrPath) {
        Optional<ModelEntry> entry = byId(idOrPath.trim());
        if (entry.isPresent()) {
            Path file = ModelLocator.find(entry.get().file()).orElseThrow(() -> new StyleTransferException(
                "Model '" + idOrPath + "' is not installed: put " + entry.get().file() + " into "
                    + ModelLocator.userModelFolder() + " (or set -Dstyletransfer.models=<folder>)."));
            return new ResolvedModel(entry.get(), file);
        }
        Path file = Paths.get(idOrPath.trim());
        if (!Files.isRegularFile(file)) {
            throw new StyleTransferException("'" + idOrPath + "' is neither a model of the catalogue "
                + installedFastIds() + " nor an existing ONNX file.");
        }
        return new ResolvedModel(matchByContent(file).orElse(ModelEntry.custom(file.toString())), file);
    }

    private Optional<ModelEntry> matchByContent(Path file) {
        try {
            long size = Files.size(file);
            List<ModelEntry> sameSize = entries.stream().filter(e -> e.size() == size && !e.sha256().isEmpty()).toList();
            if (sameSize.isEmpty()) return Optional.empty();
            String sha = Checksums.sha256(file);
            return sameSize.stream().filter(e -> e.sha256().equalsIgnoreCase(sha)).findFirst();
        } catch (IOException e) {
            throw new StyleTransferException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A catalogue entry (or the default convention) together with the file found for it. */
    public record ResolvedModel(ModelEntry entry, Path file) {
    }
}
