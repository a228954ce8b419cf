package org.styletransfer.testutil;

import org.junit.jupiter.api.Assumptions;
import org.styletransfer.models.ModelLocator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared data folder ({@code ../shared} beside the repository) with the real networks and
 * images. Tests that need it are skipped when it is absent, except under CI ({@code CI=true}),
 * where a missing folder is a setup error that must not pass silently.
 */
public final class SharedData {
    /** Paths relative to {@code ../shared/models}. */
    public static final String CANDY = "derived/fast_style_pytorch_zoo/candy.onnx";
    public static final String WAVE = "derived/fast_style_engstrom/wave.onnx";
    public static final String GNSMRKY_CANDY = "fast_style_gnsmrky_onnx/candy_nc16_256x256_onnxjs014.onnx";

    private static final Path ROOT = Paths.get("..", "shared");

    private SharedData() {
    }

    /** The shared folder itself; skips (or fails under CI) when it is not there. */
    public static Path root() {
        return require(ROOT.resolve("models")).getParent();
    }

    /** A file or folder under ../shared/models. */
    public static Path model(String relative) {
        return require(ROOT.resolve("models").resolve(relative));
    }

    /** An image of ../shared/images/content. */
    public static Path contentImage(String name) {
        return require(ROOT.resolve("images").resolve("content").resolve(name));
    }

    /** An image of ../shared/images/style. */
    public static Path styleImage(String name) {
        return require(ROOT.resolve("images").resolve("style").resolve(name));
    }

    /**
     * The model folders this test JVM was given (the parent POM sets {@code styletransfer.models}
     * to ../shared/models and {@code styletransfer.user.models} to a folder under the build
     * folder), as {@code -D} options for a Java process a test starts: the plugin searches no
     * folder by itself, and the child must not write into the real home folder either.
     */
    public static List<String> modelFolderOptions() {
        List<String> options = new ArrayList<>();
        for (String key : List.of(ModelLocator.MODELS_PROPERTY, ModelLocator.USER_MODELS_PROPERTY)) {
            String value = System.getProperty(key);
            if (value != null) options.add("-D" + key + "=" + Paths.get(value).toAbsolutePath().normalize());
        }
        return options;
    }

    /** {@code path}, when it exists; otherwise skips the test, or fails it under CI. */
    public static Path require(Path path) {
        if (Files.exists(path)) return path;
        String why = path.toAbsolutePath().normalize() + " is missing (the shared data folder ../shared is not"
            + " beside the repository)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why + "; CI=true requires it.");
        Assumptions.abort(why + "; skipping the tests on real data.");
        return path;
    }
}
