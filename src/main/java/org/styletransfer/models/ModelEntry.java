package org.styletransfer.models;

import java.util.List;
import java.util.Map;

/**
 * One model of the catalogue: where its file lives relative to a model folder, and the pixel
 * convention its network works in.
 *
 * @param id       short name used in macros ({@code model=candy})
 * @param file     path relative to a model folder
 * @param sha256   expected checksum, or empty when unknown
 * @param size     expected file size in bytes, or -1
 * @param bgr      true when the network takes and returns channels in BGR order
 * @param inMin    value the network expects for black
 * @param inMax    value the network expects for white
 * @param outMin   value the network returns for black
 * @param outMax   value the network returns for white
 * @param multiple H and W must be divisible by this (input is padded, output cropped)
 */
public record ModelEntry(String id, String name, String kind, String file, String sha256, long size,
                         boolean bgr, double inMin, double inMax, double outMin, double outMax, int multiple,
                         String source, String license) {

    /** The convention assumed for an ONNX file that is not in the catalogue: RGB, 0..255 in and out. */
    public static ModelEntry custom(String path) {
        String name = path.replaceAll(".*[/\\\\]", "");
        return new ModelEntry(name, name, "fast", path, "", -1, false, 0, 255, 0, 255, 4, "user file", "unknown");
    }

    @SuppressWarnings("unchecked")
    static ModelEntry fromJson(Map<String, Object> m) {
        Map<String, Object> in = (Map<String, Object>) m.getOrDefault("input", Map.of());
        Map<String, Object> out = (Map<String, Object>) m.getOrDefault("output", Map.of());
        List<Object> inRange = (List<Object>) in.getOrDefault("range", List.of(0.0, 255.0));
        List<Object> outRange = (List<Object>) out.getOrDefault("range", List.of(0.0, 255.0));
        return new ModelEntry((String) m.get("id"), (String) m.getOrDefault("name", m.get("id")),
            (String) m.getOrDefault("kind", "fast"), (String) m.get("file"), (String) m.getOrDefault("sha256", ""),
            ((Number) m.getOrDefault("size", -1.0)).longValue(), "BGR".equals(in.get("order")),
            num(inRange.get(0)), num(inRange.get(1)), num(outRange.get(0)), num(outRange.get(1)),
            ((Number) m.getOrDefault("multiple", 1.0)).intValue(),
            (String) m.getOrDefault("source", ""), (String) m.getOrDefault("license", ""));
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
