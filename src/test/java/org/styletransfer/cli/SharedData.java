package org.styletransfer.cli;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared data folder ({@code ../shared} next to the repository) with the real networks.
 * Tests that need it are skipped when it is absent, except on CI ({@code CI=true}), where a
 * missing folder is a setup error that must not pass silently.
 */
final class SharedData {
    static final Path ROOT = Paths.get("..", "shared");
    static final Path CANDY = ROOT.resolve("models/derived/fast_style_pytorch_zoo/candy.onnx");
    static final Path ENGSTROM_WAVE = ROOT.resolve("models/derived/fast_style_engstrom/wave.onnx");

    private SharedData() {
    }

    /** {@code file} under ../shared; skips the test (or fails on CI) when it is not there. */
    static Path require(Path file) {
        if (Files.isRegularFile(file)) return file;
        String why = file.toAbsolutePath().normalize() + " is missing (the shared data folder ../shared is not next "
            + "to the repository)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why + "; CI=true requires it.");
        Assumptions.abort(why + "; skipping.");
        return file;
    }
}
