package org.styletransfer.graph;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real models in ../shared/models (relative to the Maven working directory). Tests
 * that need them are skipped where the folder is absent, except on CI (env CI=true), where a
 * missing model is a failure so that the tests cannot silently stop running.
 */
final class SharedModels {

    static final String CANDY = "derived/fast_style_pytorch_zoo/candy.onnx";
    static final String WAVE = "derived/fast_style_engstrom/wave.onnx";
    static final String GNSMRKY_CANDY = "fast_style_gnsmrky_onnx/candy_nc16_256x256_onnxjs014.onnx";

    private static final Path ROOT = Path.of("..", "shared", "models");

    private SharedModels() {
    }

    /** The model at {@code relative} under the shared folder, or skip/fail as described above. */
    static Path require(String relative) {
        Path file = ROOT.resolve(relative);
        if (!Files.isRegularFile(file)) {
            String message = "real model " + file.toAbsolutePath().normalize() + " not found"
                    + " (the shared models folder ../shared/models is not available)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; on CI (CI=true) the models are required");
            }
            Assumptions.abort(message + "; skipping");
        }
        return file;
    }
}
