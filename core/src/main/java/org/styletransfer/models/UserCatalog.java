package org.styletransfer.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The models a user imported, kept in {@code user-catalog.json} in a model folder in the same
 * format as the bundled catalogue, so that they appear in the model choices like the others.
 */
final class UserCatalog {
    /** The file's name inside a model folder. */
    static final String FILE_NAME = "user-catalog.json";

    private UserCatalog() {
    }

    /** The entries registered in {@code folder}; none when it has no user catalogue. */
    static List<ModelEntry> read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return List.of();
        try {
            return ModelCatalog.parse(Files.readString(file, StandardCharsets.UTF_8)).allEntries();
        } catch (IOException | RuntimeException e) {
            // One broken hand-edited file must not take the whole plugin down: say so and go on.
            System.err.println("Style Transfer: ignoring " + file + ": " + e.getMessage());
            return List.of();
        }
    }

    /** Replaces the user catalogue of {@code folder} with {@code entries} (written to a temporary file first). */
    static void write(Path folder, List<ModelEntry> entries) throws IOException {
        StringBuilder sb = new StringBuilder("{\n \"about\": \"Models imported with Plugins > Style Transfer > Models...;"
            + " 'file' is relative to this folder.\",\n \"models\": [");
        List<String> items = new ArrayList<>();
        for (ModelEntry e : entries) items.add(toJson(e));
        sb.append(String.join(",", items)).append("\n ]\n}\n");
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, FILE_NAME, ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String toJson(ModelEntry e) {
        return String.format(Locale.ROOT, "\n  {\"id\": %s, \"name\": %s, \"kind\": %s, \"file\": %s, \"sha256\": %s,"
                + " \"size\": %d,\n   \"input\": {\"order\": %s, \"range\": [%s, %s]},"
                + " \"output\": {\"order\": %s, \"range\": [%s, %s]}, \"multiple\": %d,\n   \"source\": %s, \"license\": %s}",
            str(e.id()), str(e.name()), str(e.kind()), str(e.file()), str(e.sha256()), e.size(),
            str(e.bgr() ? "BGR" : "RGB"), num(e.inMin()), num(e.inMax()),
            str(e.bgr() ? "BGR" : "RGB"), num(e.outMin()), num(e.outMax()), e.multiple(),
            str(e.source()), str(e.license()));
    }

    /** A JSON string literal; file paths and names are the only free text here. */
    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
