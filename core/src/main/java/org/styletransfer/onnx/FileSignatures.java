package org.styletransfer.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises common non-ONNX files by their first bytes, so that "this is a PNG image" or "this
 * is a PyTorch checkpoint" can be added to an error message; users often pick the wrong file.
 */
public final class FileSignatures {

    private FileSignatures() {
    }

    /** A short description of what {@code data} looks like, when it is a known format. */
    public static Optional<String> describe(byte[] data) {
        if (startsWith(data, 0x89, 'P', 'N', 'G')) {
            return Optional.of("a PNG image");
        } else if (startsWith(data, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("a JPEG image");
        } else if (startsWith(data, 'I', 'I', 42, 0) || startsWith(data, 'M', 'M', 0, 42)) {
            return Optional.of("a TIFF image");
        } else if (startsWith(data, 'P', 'K', 3, 4)) {
            return Optional.of("a ZIP archive, e.g. a PyTorch .pt/.pth checkpoint; export it to ONNX first");
        } else if (startsWith(data, 0x89, 'H', 'D', 'F')) {
            return Optional.of("an HDF5 file, e.g. a Keras .h5 model; convert it to ONNX first");
        } else if (looksLikeText(data)) {
            return Optional.of("a text file (an HTML error page or a Git LFS pointer?)");
        }
        return Optional.empty();
    }

    /** True when {@code data} begins with the given byte values (0..255). */
    public static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeText(byte[] data) {
        String head = new String(data, 0, Math.min(data.length, 64), StandardCharsets.ISO_8859_1).strip();
        return head.startsWith("<") || head.startsWith("version https://git-lfs");
    }
}
