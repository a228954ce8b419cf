package org.styletransfer.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The models a user imported, kept in {@code user-catalog.json} in a model folder in the same
 * format as the bundled catalogue, so that they appear in the model choices like the others.
 */
final class UserCatalog {
    /** The file's name inside a model folder. */
    static final String FILE_NAME = "user-catalog.json";
    private static final String ABOUT = "Models imported with Plugins > Style Transfer > Models...;"
        + " 'file' is relative to this folder.";

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
        String json = CatalogFile.write(ABOUT, entries);
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, FILE_NAME, ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
