package org.styletransfer.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.styletransfer.models.Checksums;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelEntry;

/**
 * The decoders trained by the project for the partial VGG-19 ({@code onnx-models/decoders},
 * bundled in the core jar next to the catalogue), by level, checked against their catalogue
 * checksum.
 */
public final class BundledDecoders {

    private static final String RESOURCE_FOLDER = "/org/styletransfer/models/";

    private BundledDecoders() {
    }

    /** Catalogue id of the bundled decoder of {@code level}: decoder_relu3_1. */
    public static String id(String level) {
        return "decoder_" + level;
    }

    /**
     * The ONNX bytes of the bundled decoder of {@code level}, or empty when the project ships none.
     *
     * @throws IllegalStateException when the bundled file does not match its catalogue checksum
     */
    public static Optional<byte[]> bytes(String level) {
        Optional<ModelEntry> entry = ModelCatalog.get().byId(id(level)).filter(e -> e.kind().equals(ModelEntry.DECODER));
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = BundledDecoders.class.getResourceAsStream(RESOURCE_FOLDER + entry.get().file())) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String sha = Checksums.sha256(bytes);
            if (!sha.equalsIgnoreCase(entry.get().sha256())) {
                throw new IllegalStateException("the bundled " + entry.get().file() + " has SHA-256 " + sha
                        + ", the catalogue says " + entry.get().sha256() + "; rebuild the jar");
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
