package org.styletransfer.spark;

import org.styletransfer.engine.StyleTransferException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Where a job writes, and how: every file or folder is written under a temporary name and renamed
 * when complete, so that a name that exists is always complete. A restarted job (or a retried
 * task, or a task that Spark ran twice) can therefore trust what it finds and skip it.
 */
public final class Outputs {
    /** The hidden folder of the chunks' planes, until each input is assembled. */
    static final String PARTS = ".parts";
    /** The file, beside the planes, that keeps the result's title (it names a sequence's files). */
    static final String TITLE = "title.txt";

    private Outputs() {
    }

    /** The output of {@code input}: the input's name (and so format) in the output folder. */
    public static Path result(Path output, InputFile input) {
        return output.resolve(input.name());
    }

    /** The folder of {@code input}'s finished planes. */
    static Path parts(Path output, InputFile input) {
        return output.resolve(PARTS).resolve(input.name());
    }

    /** The file of plane {@code index} (0-based) in a parts folder; names sort in plane order. */
    static Path plane(Path parts, int index) {
        return parts.resolve(String.format("%07d.tif", index));
    }

    /**
     * Writes {@code target} through {@code writer}, which is given a temporary path beside it with
     * the same extension (which chooses the format), then renames it. When {@code target} appeared
     * meanwhile (another attempt of the same task finished first), that one is kept.
     */
    public static void writeAtomically(Path target, Consumer<Path> writer) {
        Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID().toString().substring(0, 8) + "-"
            + target.getFileName());
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            writer.accept(temp);
            if (Files.exists(target)) deleteTree(temp);
            else Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StyleTransferException("Cannot write " + target + ": " + e.getMessage()
                + "; check that the output folder is writable from every executor.", e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Writes a small text file atomically, replacing an older one (a summary of an earlier run). */
    static void writeText(Path target, String text) {
        Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID().toString().substring(0, 8) + "-" + target.getFileName());
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(temp, text);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StyleTransferException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes a small text file atomically, keeping one that another attempt wrote first. */
    static void writeTextOnce(Path target, String text) {
        writeAtomically(target, temp -> {
            try {
                Files.writeString(temp, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Deletes a file or a folder with everything in it; nothing when it does not exist. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteTree(path);
        } catch (IOException | RuntimeException ignored) {
            // The failure being reported matters more; a stray temporary name is never read.
        }
    }
}
