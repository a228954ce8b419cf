package org.styletransfer.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model of the catalogue: where its file lives relative to a model folder, the pixel
 * convention its network works in, and where it can be downloaded from.
 *
 * @param id       short name used in macros ({@code model=candy})
 * @param kind     {@code fast} for a style network, {@code vgg} for VGG-19 weights
 * @param file     path relative to a model folder
 * @param sha256   expected checksum, or empty when unknown
 * @param size     expected file size in bytes, or -1
 * @param bgr      true when the network takes and returns channels in BGR order
 * @param inMin    value the network expects for black
 * @param inMax    value the network expects for white
 * @param outMin   value the network returns for black
 * @param outMax   value the network returns for white
 * @param multiple H and W must be divisible by this (input is padded, output cropped)
 * @param download where the model can be fetched from; empty for models that are only copied by hand
 */
public record ModelEntry(String id, String name, String kind, String file, String sha256, long size,
                         boolean bgr, double inMin, double inMax, double outMin, double outMax, int multiple,
                         String source, String license, Optional<DownloadSource> download) {

    /** Kind of the feed-forward style networks. */
    public static final String FAST = "fast";
    /** Kind of VGG-19 weights (for Neural Style). */
    public static final String VGG = "vgg";

    /** An entry that cannot be downloaded (the form the catalogue had before downloads). */
    public ModelEntry(String id, String name, String kind, String file, String sha256, long size,
                      boolean bgr, double inMin, double inMax, double outMin, double outMax, int multiple,
                      String source, String license) {
        this(id, name, kind, file, sha256, size, bgr, inMin, inMax, outMin, outMax, multiple, source, license,
            Optional.empty());
    }

    /** The convention assumed for an ONNX file that is not in the catalogue: RGB, 0..255 in and out. */
    public static ModelEntry custom(String path) {
        String name = path.replaceAll(".*[/\\\\]", "");
        return new ModelEntry(name, name, FAST, path, "", -1, false, 0, 255, 0, 255, 4, "user file", "unknown");
    }

    /**
     * The files that hold this model, relative to a model folder, in order of preference: its own
     * file, then the downloaded file when the download is another file (e.g. {@code candy}'s own
     * file is the project's conversion, its download the ONNX model zoo's {@code candy-9.onnx};
     * both are the same network, so either will do).
     */
    public List<String> files() {
        List<String> files = new ArrayList<>(List.of(file));
        download.map(DownloadSource::file).filter(f -> !f.equals(file)).ifPresent(files::add);
        return files;
    }

    @SuppressWarnings("unchecked")
    static ModelEntry fromJson(Map<String, Object> m) {
        Map<String, Object> in = (Map<String, Object>) m.getOrDefault("input", Map.of());
        Map<String, Object> out = (Map<String, Object>) m.getOrDefault("output", Map.of());
        List<Object> inRange = (List<Object>) in.getOrDefault("range", List.of(0.0, 255.0));
        List<Object> outRange = (List<Object>) out.getOrDefault("range", List.of(0.0, 255.0));
        ModelEntry e = new ModelEntry((String) m.get("id"), (String) m.getOrDefault("name", m.get("id")),
            (String) m.getOrDefault("kind", FAST), (String) m.get("file"), (String) m.getOrDefault("sha256", ""),
            ((Number) m.getOrDefault("size", -1.0)).longValue(), "BGR".equals(in.get("order")),
            num(inRange.get(0)), num(inRange.get(1)), num(outRange.get(0)), num(outRange.get(1)),
            ((Number) m.getOrDefault("multiple", 1.0)).intValue(),
            (String) m.getOrDefault("source", ""), (String) m.getOrDefault("license", ""));
        Object download = m.get("download");
        if (download == null) return e;
        return new ModelEntry(e.id, e.name, e.kind, e.file, e.sha256, e.size, e.bgr, e.inMin, e.inMax, e.outMin,
            e.outMax, e.multiple, e.source, e.license,
            Optional.of(DownloadSource.fromJson((Map<String, Object>) download, e)));
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
