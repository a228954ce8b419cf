package org.styletransfer.models;

import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.FileSignatures;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The user's model folder as a place to manage models: what is installed where and what can be
 * downloaded, downloading (optionally from a lab mirror), importing local files, and removing.
 *
 * <p>It only ever writes and deletes inside its own folder (see {@link ModelLocator#installFolder()});
 * models found elsewhere, e.g. in a folder named by {@code styletransfer.models}, are listed but never
 * touched.</p>
 */
public final class ModelStore {
    /** Settings file of the model folder (the mirror). */
    static final String SETTINGS = "settings.properties";
    /** Sub-folder that imported files are copied into. */
    static final String IMPORTED = "imported";
    private static final String MIRROR_KEY = "mirror";

    private final Path folder;
    private final Supplier<ModelCatalog> catalog;
    private final ModelDownloader downloader;

    /**
     * @param folder     the folder this store installs into and may delete from
     * @param catalog    the catalogue to use, asked anew for each operation (it changes on import)
     * @param downloader does the transfers
     */
    public ModelStore(Path folder, Supplier<ModelCatalog> catalog, ModelDownloader downloader) {
        this.folder = folder.toAbsolutePath().normalize();
        this.catalog = catalog;
        this.downloader = downloader;
    }

    /** The store of {@link ModelLocator#installFolder()} with the global catalogue. */
    public static ModelStore standard() {
        return new ModelStore(ModelLocator.installFolder(), ModelCatalog::get, new ModelDownloader());
    }

    /** The folder this store installs into. */
    public Path folder() {
        return folder;
    }

    /**
     * A catalogue model and where, if anywhere, its file was found.
     *
     * @param installed    the file found in a model folder
     * @param removable    true when that file is in this store's folder, so that Remove may delete it
     * @param downloadFrom the address a download would use now (the mirror's when one is set)
     */
    public record Status(ModelEntry entry, Optional<Path> installed, boolean removable, Optional<URI> downloadFrom) {
        /** "installed", "can be downloaded" or "not installed". */
        public String state() {
            if (installed.isPresent()) return "installed";
            return entry.download().isPresent() ? "can be downloaded" : "not installed";
        }
    }

    /** Every catalogue model (VGG weights included) with its state. */
    public List<Status> list() {
        List<Status> list = new ArrayList<>();
        for (ModelEntry e : catalog.get().allEntries()) {
            Optional<Path> at = ModelCatalog.locate(e);
            list.add(new Status(e, at, at.filter(this::isInside).isPresent(), e.download().map(this::downloadUrl)));
        }
        return list;
    }

    /** Where the model is installed, in any model folder. */
    public Optional<Path> installed(String id) {
        return ModelCatalog.locate(entry(id));
    }

    /**
     * Downloads a catalogue model into this folder, from the mirror when one is set; does nothing
     * when the model is already installed somewhere.
     *
     * @return the model's file
     */
    public Path download(String id, Progress progress) {
        ModelEntry e = entry(id);
        Optional<Path> existing = ModelCatalog.locate(e);
        if (existing.isPresent()) return existing.get();
        DownloadSource d = e.download().orElseThrow(() -> new StyleTransferException("Model '" + e.id()
            + "' cannot be downloaded; put " + e.file() + " into " + folder + ", or import it."));
        Path target = inside(d.file());
        Path file = downloader.download(downloadUrl(d), target, d.size(), d.sha256(), progress);
        ModelCatalog.reload();
        return file;
    }

    /** The address a download is fetched from: the mirror plus the file's name when a mirror is set. */
    public URI downloadUrl(DownloadSource d) {
        String mirror = mirror();
        return URI.create(mirror.isEmpty() ? d.url() : mirror + d.fileName());
    }

    /**
     * Copies a local model file into this folder. A file that the catalogue knows by its checksum
     * (e.g. {@code candy-9.onnx} fetched on another computer) is installed as that model; any
     * other {@code .onnx} becomes a style network and a {@code .pth}/{@code .pt} (or an ONNX file
     * whose name contains "vgg") VGG-19 weights, registered in this folder's user catalogue under
     * an id made from the file name. Such a file is first checked to load as that kind (a style
     * network in ONNX Runtime with one [1,3,H,W] image in and out; weights the VGG reader reads)
     * and refused otherwise, so nothing broken is ever listed as installed.
     *
     * @return the catalogue entry the file is now installed as
     */
    public ModelEntry importFile(Path file) {
        String name = file.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        checkImportable(file, ext);
        try {
            Optional<ModelEntry> known = catalog.get().matchByContent(file);
            if (known.isPresent()) return importKnown(file, known.get());
            return importNew(file, name, ext);
        } catch (IOException ex) {
            throw new StyleTransferException("Cannot import " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static void checkImportable(Path file, String ext) {
        if (!Files.isRegularFile(file)) throw new StyleTransferException("Cannot import " + file + ": there is no such file.");
        if (ext.equals("json")) {
            throw new StyleTransferException("Cannot import " + file + ": a tf.js model.json comes with weight shards;"
                + " copy its whole folder into a model folder instead.");
        }
        if (!List.of("onnx", "pth", "pt").contains(ext)) {
            throw new StyleTransferException("Cannot import " + file + ": pick an ONNX style network (.onnx)"
                + " or VGG-19 weights (.pth, .pt or .onnx).");
        }
        if (ext.equals("onnx")) {
            Optional<String> other = FileSignatures.describe(head(file));
            if (other.isPresent()) throw new StyleTransferException("Cannot import " + file + ": it is " + other.get() + ", not an ONNX model.");
        }
    }

    private ModelEntry importKnown(Path file, ModelEntry e) throws IOException {
        String sha = Checksums.sha256(file);
        String relative = e.sha256().equalsIgnoreCase(sha) ? e.file() : e.download().orElseThrow().file();
        Path target = inside(relative);
        if (!Files.exists(target)) copyInto(file, target);
        ModelCatalog.reload();
        return e;
    }

    private ModelEntry importNew(Path file, String name, String ext) throws IOException {
        String id = idFor(name);
        if (catalog.get().byId(id).isPresent()) {
            throw new StyleTransferException("Cannot import " + file + ": a model named '" + id
                + "' exists already. Rename the file, or remove '" + id + "' first.");
        }
        String relative = IMPORTED + "/" + name;
        Path target = inside(relative);
        if (Files.exists(target)) {
            throw new StyleTransferException("Cannot import " + file + ": " + target + " exists already; remove it first.");
        }
        String kind = ext.equals("onnx") && !name.toLowerCase(Locale.ROOT).contains("vgg") ? ModelEntry.FAST : ModelEntry.VGG;
        ImportCheck.check(file, kind);
        copyInto(file, target);
        ModelEntry entry = new ModelEntry(id, name, kind, relative, Checksums.sha256(target), Files.size(target),
            false, 0, 255, 0, 255, kind.equals(ModelEntry.FAST) ? 4 : 1,
            "imported from " + file.toAbsolutePath().normalize(), "unknown (imported by the user)");
        List<ModelEntry> user = new ArrayList<>(UserCatalog.read(folder));
        user.add(entry);
        UserCatalog.write(folder, user);
        ModelCatalog.reload();
        return entry;
    }

    /** A macro-friendly id from a file name: lower case letters, digits and underscores. */
    static String idFor(String fileName) {
        String base = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        String id = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        return id.isEmpty() ? "model" : id;
    }

    /** Copies through a temporary file, so that an interrupted copy never looks like an installed model. */
    private static void copyInto(Path from, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = ModelDownloader.partFile(target);
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Deletes a model's files from this folder (and its registration, for an imported model).
     * Files elsewhere are never deleted: a model installed only outside this folder is an error.
     *
     * @return the deleted files
     */
    public List<Path> remove(String id) {
        ModelEntry e = entry(id);
        List<Path> deleted = new ArrayList<>();
        try {
            for (String relative : e.files()) {
                Path p = folder.resolve(relative).normalize();
                if (!isInside(p)) continue;
                if (Files.deleteIfExists(p)) deleted.add(p);
                Files.deleteIfExists(ModelDownloader.partFile(p));
            }
            boolean unregistered = unregister(e);
            ModelCatalog.reload();
            if (deleted.isEmpty() && !unregistered) throw nothingToRemove(e);
            return deleted;
        } catch (IOException ex) {
            throw new StyleTransferException("Cannot remove " + e.id() + ": " + ex.getMessage(), ex);
        }
    }

    private StyleTransferException nothingToRemove(ModelEntry e) {
        Optional<Path> elsewhere = ModelCatalog.locate(e);
        if (elsewhere.isPresent()) {
            return new StyleTransferException("'" + e.id() + "' is installed at " + elsewhere.get()
                + ", outside your model folder " + folder + ". Remove only deletes files in that folder;"
                + " delete the file by hand if you really mean to.");
        }
        return new StyleTransferException("'" + e.id() + "' is not installed in " + folder + "; there is nothing to remove.");
    }

    /** Drops an imported model from this folder's user catalogue; false when it was not registered here. */
    private boolean unregister(ModelEntry e) throws IOException {
        List<ModelEntry> user = new ArrayList<>(UserCatalog.read(folder));
        if (!user.removeIf(u -> u.id().equalsIgnoreCase(e.id()))) return false;
        UserCatalog.write(folder, user);
        return true;
    }

    /** The mirror base URL (ending in a slash), or empty when files come from their publishers. */
    public String mirror() {
        return settings().getProperty(MIRROR_KEY, "");
    }

    /**
     * Sets (or, with an empty text, clears) the mirror: afterwards every download is fetched from
     * the mirror plus the file's published name, e.g. {@code http://mirror.lab/models/candy-9.onnx}.
     * Kept in {@code settings.properties} of the model folder, so ImageJ, Fiji and the command line
     * share it.
     *
     * @return the mirror as stored
     */
    public String setMirror(String url) {
        String mirror = normaliseMirror(url);
        Properties p = settings();
        if (mirror.isEmpty()) p.remove(MIRROR_KEY);
        else p.setProperty(MIRROR_KEY, mirror);
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, SETTINGS, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Style Transfer model folder settings");
            }
            Files.move(tmp, folder.resolve(SETTINGS), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StyleTransferException("Cannot save the mirror setting in " + folder + ": " + e.getMessage(), e);
        }
        return mirror;
    }

    /** Checks a mirror address and makes it end with a slash; empty stays empty. */
    static String normaliseMirror(String url) {
        String s = url == null ? "" : url.trim();
        if (s.isEmpty()) return "";
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new StyleTransferException("The mirror must be an http:// or https:// address such as"
                    + " http://mirror.lab/models/, not '" + s + "'.");
            }
        } catch (URISyntaxException e) {
            throw new StyleTransferException("The mirror '" + s + "' is not a valid address: " + e.getMessage(), e);
        }
        return s.endsWith("/") ? s : s + "/";
    }

    private Properties settings() {
        Properties p = new Properties();
        Path file = folder.resolve(SETTINGS);
        if (!Files.isRegularFile(file)) return p;
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private ModelEntry entry(String id) {
        return catalog.get().byId(id.trim()).orElseThrow(() -> new StyleTransferException("Unknown model '" + id
            + "'; the catalogue has " + catalog.get().allEntries().stream().map(ModelEntry::id).toList() + "."));
    }

    /** {@code relative} resolved in this folder; a path that would lead out of it is refused. */
    private Path inside(String relative) {
        Path p = folder.resolve(relative).normalize();
        if (!p.startsWith(folder) || p.equals(folder)) {
            throw new StyleTransferException("The catalogue path '" + relative + "' leads out of " + folder + "; refused.");
        }
        return p;
    }

    /**
     * True when the file lies in this folder, judged by real paths so that a symbolic link to
     * another folder (e.g. to {@code ../shared/models}) does not count as inside.
     */
    boolean isInside(Path file) {
        try {
            Path p = file.toAbsolutePath().normalize();
            if (!p.startsWith(folder) || !Files.isDirectory(folder)) return false;
            Path parent = p.getParent();
            while (parent != null && !Files.exists(parent)) parent = parent.getParent();
            return parent != null && parent.toRealPath().startsWith(folder.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            throw new StyleTransferException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
