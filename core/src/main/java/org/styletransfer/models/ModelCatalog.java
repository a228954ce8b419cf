package org.styletransfer.models;

import org.styletransfer.engine.StyleTransferException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The catalogue bundled with the plugin, plus the models registered in the user catalogues
     * ({@code user-catalog.json}) of the model folders. Read once; {@link #reload()} after a change.
     */
    public static ModelCatalog get() {
        ModelCatalog c = instance;
        if (c == null) instance = c = load();
        return c;
    }

    /** Forgets the catalogue read so far, so that the next {@link #get()} sees imported or removed models. */
    public static void reload() {
        instance = null;
    }

    /**
     * A catalogue from the text of a catalogue file ({@link CatalogFile}).
     *
     * @throws IllegalArgumentException saying what is wrong and where, for text that is not a catalogue
     */
    static ModelCatalog parse(String json) {
        return new ModelCatalog(CatalogFile.read(json));
    }

    private static ModelCatalog load() {
        ModelCatalog catalog = bundled();
        for (Path root : ModelLocator.roots()) catalog = catalog.withUserEntries(root);
        return catalog;
    }

    /** Only the catalogue bundled in the jar ({@code onnx-models/catalog.json}). */
    static ModelCatalog bundled() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("catalog.json is missing from the plugin jar");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This catalogue plus the models registered in {@code folder}'s user catalogue. An id that is
     * already known keeps its first meaning, so a user file cannot redefine a bundled model.
     */
    ModelCatalog withUserEntries(Path folder) {
        List<ModelEntry> all = new ArrayList<>(entries);
        for (ModelEntry e : UserCatalog.read(folder)) if (byId(e.id()).isEmpty()) all.add(e);
        return all.size() == entries.size() ? this : new ModelCatalog(all);
    }

    /** The style networks (kind {@code fast}), bundled and imported: what the model choices offer. */
    public List<ModelEntry> entries() {
        return entries.stream().filter(e -> e.kind().equals(ModelEntry.FAST)).toList();
    }

    /** Every entry, VGG-19 weights included. */
    public List<ModelEntry> allEntries() {
        return entries;
    }

    /** The entry with this id (any kind, case-insensitive). */
    public Optional<ModelEntry> byId(String id) {
        return entries.stream().filter(e -> e.id().equalsIgnoreCase(id)).findFirst();
    }

    /** Ids of fast-style models whose file is present in a model folder (all of them if none is). */
    public List<String> installedFastIds() {
        List<String> all = entries().stream().map(ModelEntry::id).toList();
        List<String> installed = entries().stream().filter(e -> locate(e).isPresent()).map(ModelEntry::id).toList();
        return installed.isEmpty() ? all : installed;
    }

    /** The first file of {@link ModelEntry#files()} found in a model folder. */
    public static Optional<Path> locate(ModelEntry entry) {
        for (String f : entry.files()) {
            Optional<Path> p = ModelLocator.find(f);
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }

    /** The first installed model of a kind, e.g. {@code firstInstalled(ModelEntry.VGG)} for the VGG-19 weights. */
    public Optional<ResolvedModel> firstInstalled(String kind) {
        for (ModelEntry e : entries) {
            if (!e.kind().equals(kind)) continue;
            Optional<Path> p = locate(e);
            if (p.isPresent()) return Optional.of(new ResolvedModel(e, p.get()));
        }
        return Optional.empty();
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
            Path file = locate(entry.get()).orElseThrow(() -> notInstalled(entry.get()));
            return new ResolvedModel(entry.get(), file);
        }
        Path file = Paths.get(idOrPath.trim());
        if (!Files.isRegularFile(file)) {
            throw new StyleTransferException("'" + idOrPath + "' is neither a model of the catalogue "
                + installedFastIds() + " nor an existing ONNX file.");
        }
        return new ResolvedModel(matchByContent(file).orElse(ModelEntry.custom(file.toString())), file);
    }

    private static StyleTransferException notInstalled(ModelEntry e) {
        String how = e.download().isPresent()
            ? "download it with Plugins > Style Transfer > Models... (run(\"Models...\", \"action=Download model=" + e.id()
                + "\");), or put " + e.files().get(e.files().size() - 1) + " into " + ModelLocator.userModelFolder()
            : "put " + e.file() + " into " + ModelLocator.userModelFolder();
        return new StyleTransferException("Model '" + e.id() + "' is not installed: " + how
            + " (or set -Dstyletransfer.models=<folder>).");
    }

    /** The entry whose file (or downloaded file) has exactly these bytes, judged by size, then SHA-256. */
    Optional<ModelEntry> matchByContent(Path file) {
        try {
            long size = Files.size(file);
            List<ModelEntry> sameSize = entries.stream().filter(e -> knownFile(e, size, null)).toList();
            if (sameSize.isEmpty()) return Optional.empty();
            String sha = Checksums.sha256(file);
            return sameSize.stream().filter(e -> knownFile(e, size, sha)).findFirst();
        } catch (IOException e) {
            throw new StyleTransferException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when the entry's file or its download has this size and (unless {@code sha} is null) checksum. */
    private static boolean knownFile(ModelEntry e, long size, String sha) {
        boolean own = e.size() == size && !e.sha256().isEmpty() && (sha == null || e.sha256().equalsIgnoreCase(sha));
        return own || e.download().filter(d -> d.size() == size && d.hasChecksum()
            && (sha == null || d.sha256().equalsIgnoreCase(sha))).isPresent();
    }

    /** A catalogue entry (or the default convention) together with the file found for it. */
    public record ResolvedModel(ModelEntry entry, Path file) {
    }
}
