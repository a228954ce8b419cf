package org.styletransfer.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Model folders come from the property, the variable, Fiji and the user folder only: never from
 * the working directory. The parent POM runs the tests with {@code styletransfer.models} naming
 * ../shared/models and {@code styletransfer.user.models} naming a folder under the build folder.
 */
class ModelLocatorTest {

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    @Test
    void theWorkingDirectoryIsNoModelFolder() {
        // The tests run in the repository root, where ../shared/models and onnx-models exist.
        Path shared = normal(Paths.get("..", "shared", "models"));
        Path project = normal(Paths.get("onnx-models"));
        String named = System.getProperty(ModelLocator.MODELS_PROPERTY, "");
        assertFalse(ModelLocator.roots().contains(project), ModelLocator.roots().toString());
        if (!named.isBlank() && normal(Paths.get(named)).equals(shared)) {
            assertEquals(shared, ModelLocator.roots().get(0), "the folder named by the property comes first");
        } else {
            assertFalse(ModelLocator.roots().contains(shared), ModelLocator.roots().toString());
        }
    }

    @Test
    void theTestsHaveAUserModelFolderOfTheirOwnAndTheGraphsLiveThere() {
        String override = System.getProperty(ModelLocator.USER_MODELS_PROPERTY);
        assertNotNull(override, "the parent POM gives the tests a user model folder");
        assertEquals(normal(Paths.get(override)), normal(ModelLocator.userModelFolder()));
        assertFalse(normal(ModelLocator.userModelFolder()).startsWith(normal(Paths.get(System.getProperty("user.home"),
            ".style-transfer"))), "tests never write into the real ~/.style-transfer");
        assertEquals(ModelLocator.userModelFolder().resolve("graphs"), ModelLocator.graphFolder());
    }

    @Test
    void aFolderNamedByThePropertyIsSearched(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("only-here.onnx"), "x");
        String before = System.getProperty(ModelLocator.MODELS_PROPERTY);
        try {
            System.setProperty(ModelLocator.MODELS_PROPERTY, dir.toString());
            assertEquals(normal(dir.resolve("only-here.onnx")), normal(ModelLocator.find("only-here.onnx").orElseThrow()));
        } finally {
            if (before == null) System.clearProperty(ModelLocator.MODELS_PROPERTY);
            else System.setProperty(ModelLocator.MODELS_PROPERTY, before);
        }
        assertTrue(ModelLocator.find("only-here.onnx").isEmpty());
    }
}
