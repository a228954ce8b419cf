package org.styletransfer.models;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The folders searched for model files, in order: those named by the system property
 * {@code styletransfer.models} or the environment variable {@code STYLE_TRANSFER_MODELS}
 * (separated by the platform's path separator), the shared data folder {@code ../shared/models},
 * the user's model folder ({@code <Fiji>/models/style-transfer} and
 * {@code ~/.style-transfer/models}), and the project's {@code onnx-models}.
 */
public final class ModelLocator {
    private static volatile Path applicationFolder;

    private ModelLocator() {
    }

    /** The existing model folders, most specific first. */
    public static List<Path> roots() {
        Set<Path> roots = new LinkedHashSet<>();
        addAll(roots, System.getProperty("styletransfer.models"));
        addAll(roots, System.getenv("STYLE_TRANSFER_MODELS"));
        roots.add(Paths.get("..", "shared", "models"));
        fijiModelFolder().ifPresent(roots::add);
        roots.add(userModelFolder());
        roots.add(Paths.get("onnx-models"));
        List<Path> existing = new ArrayList<>();
        for (Path p : roots) if (Files.isDirectory(p)) existing.add(p.toAbsolutePath().normalize());
        return existing;
    }

    /**
     * Where exported graphs (VGG-19 loss and gradient) are cached: {@code onnx-models/graphs} in a
     * checkout of the project (a writable {@code onnx-models} folder in the working directory),
     * else {@code graphs} in the user's model folder.
     */
    public static Path graphFolder() {
        Path project = Paths.get("onnx-models");
        if (Files.isDirectory(project) && Files.isWritable(project)) return project.resolve("graphs");
        return userModelFolder().resolve("graphs");
    }

    /** Where the user's own models go ({@code ~/.style-transfer/models}). */
    public static Path userModelFolder() {
        return Paths.get(System.getProperty("user.home"), ".style-transfer", "models");
    }

    /**
     * Where downloads and imports go: {@code <Fiji>/models/style-transfer} when that folder exists
     * and is writable (an administrator made it to share models between the users of one Fiji),
     * else {@link #userModelFolder()}.
     */
    public static Path installFolder() {
        return fijiModelFolder().filter(p -> Files.isDirectory(p) && Files.isWritable(p))
            .orElse(userModelFolder()).toAbsolutePath().normalize();
    }

    /**
     * Tells where the ImageJ or Fiji installation running the plugin is, so that its
     * {@code models/style-transfer} folder counts; the ImageJ front end calls this.
     */
    public static void useApplicationFolder(Path imagejDir) {
        applicationFolder = imagejDir;
    }

    /** {@code <Fiji>/models/style-transfer}, when running inside Fiji or ImageJ. */
    private static Optional<Path> fijiModelFolder() {
        Path app = applicationFolder;
        if (app == null) {
            String dir = System.getProperty("imagej.dir"); // set by Fiji's launcher
            if (dir == null || dir.isBlank()) return Optional.empty();
            app = Paths.get(dir);
        }
        return Optional.of(app.resolve("models").resolve("style-transfer"));
    }

    private static void addAll(Set<Path> roots, String list) {
        if (list == null || list.isBlank()) return;
        for (String s : list.split(File.pathSeparator)) if (!s.isBlank()) roots.add(Paths.get(s.trim()));
    }

    /** The first existing file at {@code relative} under a model folder. */
    public static Optional<Path> find(String relative) {
        for (Path root : roots()) {
            Path p = root.resolve(relative);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
