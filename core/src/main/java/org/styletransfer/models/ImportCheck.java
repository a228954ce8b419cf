package org.styletransfer.models;

import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.InvalidModelException;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.vgg.VggWeightsReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a file about to be imported is usable as the kind of model it is imported as, so
 * that a corrupt, truncated or wrong file is refused at once instead of being listed as installed
 * and failing only when it is used.
 */
final class ImportCheck {
    private ImportCheck() {
    }

    /**
     * @param kind {@link ModelEntry#FAST} (a style network) or {@link ModelEntry#VGG} (VGG-19 weights)
     * @throws StyleTransferException one line naming the file and what is wrong ("Cannot import
     *                                FILE: ..." for a network; the VGG reader's own line, which names
     *                                the file, for weights)
     */
    static void check(Path file, String kind) {
        if (!kind.equals(ModelEntry.FAST)) {
            VggWeightsReader.read(file);
            return;
        }
        try {
            checkStyleNetwork(file);
        } catch (StyleTransferException e) {
            throw new StyleTransferException("Cannot import " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the file, loads it in ONNX Runtime and checks that it maps an RGB image to one. */
    private static void checkStyleNetwork(Path file) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StyleTransferException("it cannot be read (" + e.getMessage() + ").", e);
        }
        try {
            OnnxModel.parse(bytes);
        } catch (InvalidModelException e) {
            throw new StyleTransferException("it is not a readable ONNX model (" + e.getMessage()
                + "); it is probably truncated or corrupt: download or export it again.", e);
        }
        OnnxEngine.shared().inspect(name, bytes).imageInput(name);
    }
}
