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
 * {@value #MODELS_PROPERTY} or the environment variable {@value #MODELS_VARIABLE} (separated by the
 * platform's path separator), Fiji's {@code <Fiji>/models/style-transfer}, and the user's model
 * folder ({@link #userModelFolder()}). Nothing depends on the working directory: development
 * checkouts, tests and benchmarks name their model folders with the property.
 */
public final class ModelLocator {
    /** System property: more model folders, searched first. */
    public static final String MODELS_PROPERTY = "styletransfer.models";
    /** Environment variable: more model folders, searched after the system property's. */
    public static final String MODELS_VARIABLE = "STYLE_TRANSFER_MODELS";
    /**
     * System property: the user's model folder instead of {@code ~/.style-transfer/models}. Tests
     * set it to a folder under the build directory so that neither their downloads nor their
     * exported graphs reach the real home folder (the parent POM does so for Surefire and
     * Failsafe); it also serves installations whose home folder is not writable.
     */
    public static final String USER_MODELS_PROPERTY = "styletransfer.user.models";

    private static volatile Path applicationFolder;

    private ModelLocator() {
    }

    /** The existing model folders, most specific first. */
    public static List<Path> roots() {
        Set<Path> roots = new LinkedHashSet<>();
        addAll(roots, System.getProperty(MODELS_PROPERTY));
        addAll(roots, System.getenv(MODELS_VARIABLE));
        fijiModelFolder().ifPresent(roots::add);
        roots.add(userModelFolder());
        List<Path> existing = new ArrayList<>();
        for (Path p : roots) if (Files.isDirectory(p)) existing.add(p.toAbsolutePath().normalize());
        return existing;
    }

    /**
     * Where exported graphs (VGG-19 loss and gradient, up to 50 MB each) are cached: {@code graphs}
     * in the user's model folder, whatever the working directory.
     */
    public static Path graphFolder() {
        return userModelFolder().resolve("graphs");
    }

    /**
     * Where the user's own models go: {@code ~/.style-transfer/models}, or the folder named by the
     * system property {@value #USER_MODELS_PROPERTY} when it is set.
     */
    public static Path userModelFolder() {
        String override = System.getProperty(USER_MODELS_PROPERTY);
        if (override != null && !override.isBlank()) return Paths.get(override.trim());
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
