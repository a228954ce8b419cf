package org.styletransfer.testutil;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates ../shared (real models and images). Tests skip without it, except under CI where it must exist. */
public final class SharedData {
    private SharedData() {
    }

    /** The shared folder, or skips the test (fails under CI=true) when it is missing. */
    public static Path root() {
        Path p = Paths.get("..", "shared");
        boolean present = Files.isDirectory(p.resolve("models"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("../shared is missing under CI: the real models must be there");
        }
        Assumptions.assumeTrue(present, "../shared/models not found beside the repository: skipping tests on real models");
        return p;
    }

    public static Path model(String relative) {
        return root().resolve("models").resolve(relative);
    }

    public static Path contentImage(String name) {
        return root().resolve("images").resolve("content").resolve(name);
    }
}
