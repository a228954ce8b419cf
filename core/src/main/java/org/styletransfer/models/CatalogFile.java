package org.styletransfer.models;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.styletransfer.util.StrictJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JSON form of a catalogue ({@code onnx-models/catalog.json} and the user catalogues): what a
 * file may hold, field by field, and how it becomes {@link ModelEntry}s and back. Fields a file
 * leaves out are null here and take their defaults in {@link #entries}.
 */
final class CatalogFile {
    /** Pretty, so that a user catalogue stays readable and editable by hand. */
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final double[] FULL_RANGE = {0, 255};

    /** The whole file: a note for people, and the models. */
    record Document(String about, List<Entry> models) {
    }

    /** One model, as {@link ModelEntry} documents its fields. */
    record Entry(String id, String name, String kind, String file, String sha256, Long size, Pixels input,
                 Pixels output, Integer multiple, String source, String license, Download download) {
    }

    /** The pixel convention of a network's input or output: channel order and [black, white]. */
    record Pixels(String order, double[] range) {
    }

    /** Where a model is downloaded from; {@link DownloadSource} says what is taken from the entry when absent. */
    record Download(String url, String file, String sha256, Long size, String license) {
    }

    private CatalogFile() {
    }

    /**
     * The models of a catalogue file.
     *
     * @throws IllegalArgumentException saying what is wrong and where, for text that is not a catalogue
     */
    static List<ModelEntry> read(String json) {
        Document doc = StrictJson.read(GSON, json, Document.class);
        if (doc == null || doc.models() == null) throw new IllegalArgumentException("it has no \"models\" list");
        List<ModelEntry> entries = new ArrayList<>();
        for (int i = 0; i < doc.models().size(); i++) entries.add(entry(doc.models().get(i), i + 1));
        return entries;
    }

    /** A catalogue file with these entries (pretty-printed, ending with a newline). */
    static String write(String about, List<ModelEntry> entries) {
        return GSON.toJson(new Document(about, entries.stream().map(CatalogFile::json).toList())) + "\n";
    }

    private static ModelEntry entry(Entry e, int number) {
        if (e == null) throw new IllegalArgumentException("model " + number + " of \"models\" is null");
        if (e.id() == null || e.id().isBlank()) throw new IllegalArgumentException("model " + number + " has no \"id\"");
        if (e.file() == null || e.file().isBlank()) {
            throw new IllegalArgumentException("catalogue entry " + e.id() + " has no \"file\"");
        }
        double[] in = range(e, e.input(), "input");
        double[] out = range(e, e.output(), "output");
        ModelEntry entry = new ModelEntry(e.id(), or(e.name(), e.id()), or(e.kind(), ModelEntry.FAST), e.file(),
            or(e.sha256(), ""), or(e.size(), -1L), e.input() != null && "BGR".equals(e.input().order()),
            in[0], in[1], out[0], out[1], or(e.multiple(), 1), or(e.source(), ""), or(e.license(), ""));
        return e.download() == null ? entry : entry.withDownload(download(e.download(), entry));
    }

    /** [black, white] of a convention, 0..255 when the file does not say. */
    private static double[] range(Entry e, Pixels p, String which) {
        if (p == null || p.range() == null) return FULL_RANGE;
        if (p.range().length != 2) {
            throw new IllegalArgumentException("catalogue entry " + e.id() + ": " + which
                + ".range must be two numbers [black, white], not " + p.range().length);
        }
        return p.range();
    }

    /**
     * Without a {@code file} of its own the download is the entry's file, and its checksum and size
     * default to the entry's; a download into another file has only the checksum and size written in it.
     */
    private static DownloadSource download(Download d, ModelEntry entry) {
        String url = d.url();
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("catalogue entry " + entry.id()
                + ": download.url must be an http(s) address, not " + url);
        }
        String file = or(d.file(), entry.file());
        boolean own = file.equals(entry.file());
        return new DownloadSource(url, file, or(d.sha256(), own ? entry.sha256() : ""),
            or(d.size(), own ? entry.size() : -1L), or(d.license(), entry.license()));
    }

    /** The entry as a file holds it; a download is written out in full. */
    private static Entry json(ModelEntry e) {
        String order = e.bgr() ? "BGR" : "RGB";
        Download download = e.download().map(d -> new Download(d.url(), d.file(), d.sha256(), d.size(), d.license()))
            .orElse(null);
        return new Entry(e.id(), e.name(), e.kind(), e.file(), e.sha256(), e.size(),
            new Pixels(order, new double[] {e.inMin(), e.inMax()}), new Pixels(order, new double[] {e.outMin(), e.outMax()}),
            e.multiple(), e.source(), e.license(), download);
    }

    private static <T> T or(T value, T otherwise) {
        return Objects.requireNonNullElse(value, otherwise);
    }
}
