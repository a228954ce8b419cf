package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import org.styletransfer.testutil.SharedData;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts real Java processes under {@code xvfb-run -a} (ImageJ 1.x needs a display even in
 * {@code -batch} mode): ImageJ itself from a plain installation built out of the packaged jars, or
 * a test class's {@code main} on the test class path. Processes run in the repository root, like
 * the tests, and are given the tests' model folders ({@code styletransfer.models}, i.e.
 * {@code ../shared/models}, and the user model folder under the build directory): the plugin
 * itself never looks beside the repository.
 */
final class ImageJProcess {
    static final String XVFB_RUN = "/usr/bin/xvfb-run";
    static final String PLUGIN_JAR = "Style_Transfer-0.1.0.jar";

    private static Path installed;

    private ImageJProcess() {
    }

    /** What a finished process left: exit code and stdout+stderr. */
    record Result(int exitCode, String output) {
        Result assertOk() {
            assertTrue(exitCode == 0, "exit code " + exitCode + ", output:\n" + output);
            return this;
        }
    }

    /** The build folder ({@code target} unless {@code -Dbuild.dir} moved it): the parent of test-classes. */
    static Path buildDir() {
        try {
            Path testClasses = Paths.get(ImageJProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return testClasses.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path testClasses() {
        return buildDir().resolve("test-classes");
    }

    /**
     * Skips an integration test unless Failsafe runs it after {@code package}: only then is the
     * plugin jar that the ImageJ installation gets up to date. (Failsafe puts that jar, not the
     * classes folder, on the test class path; a {@code -Dtest=...} pattern can make Surefire pick
     * up *IT classes too.)
     */
    static void assumePackagedJar() {
        String location = String.valueOf(FastStyleTransferPlugin.class.getProtectionDomain().getCodeSource().getLocation());
        assumeTrue(location.endsWith(".jar"), "integration test: run it with 'mvn verify' (classes come from " + location + ")");
    }

    /** Skips the test when xvfb-run is missing, except on CI where that is a setup error. */
    static void assumeXvfb() {
        assumeOrFailOnCi(Files.isExecutable(Paths.get(XVFB_RUN)), XVFB_RUN + " is not installed");
    }

    /** Skips the test when the shared networks are missing, except on CI (CI=true) where they must be there. */
    static void assumeSharedModels() {
        assumeOrFailOnCi(Files.isDirectory(Paths.get("..", "shared", "models")),
            "../shared/models (the style networks) is missing");
    }

    private static void assumeOrFailOnCi(boolean condition, String problem) {
        if (condition) return;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(problem + " (CI=true, so this is an error)");
        assumeTrue(false, problem + "; skipping this test");
    }

    /**
     * Builds (once per JVM) a plain ImageJ 1.54 installation in {@code <build>/imagej}: {@code ij.jar},
     * {@code plugins/Style_Transfer-0.1.0.jar}, and in {@code plugins/jars/} the jars of
     * {@code target/jars} (what Fiji lacks) and {@code target/jars-for-plain-imagej} (what Fiji
     * ships besides ImageJ), exactly as the README tells users to install it.
     */
    static synchronized Path installation() {
        if (installed != null) return installed;
        Path home = buildDir().resolve("imagej");
        Path pluginJar = buildDir().resolve(PLUGIN_JAR);
        List<Path> jarFolders = List.of(buildDir().resolve("jars"), buildDir().resolve("jars-for-plain-imagej"));
        assertTrue(Files.isRegularFile(pluginJar) && jarFolders.stream().allMatch(Files::isDirectory),
            "run 'mvn package' first: " + pluginJar + " and " + jarFolders + " are needed");
        try {
            Files.createDirectories(home.resolve("plugins").resolve("jars"));
            copy(ijJar(), home.resolve("ij.jar"));
            copy(pluginJar, home.resolve("plugins").resolve(PLUGIN_JAR));
            for (Path folder : jarFolders) {
                try (Stream<Path> deps = Files.list(folder)) {
                    for (Path dep : deps.toList()) copy(dep, home.resolve("plugins").resolve("jars").resolve(dep.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        installed = home;
        return home;
    }

    /** ImageJ's own jar, as Maven resolved it for the tests (the plugin has it at provided scope). */
    static Path ijJar() {
        try {
            return Paths.get(ij.ImageJ.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code java -jar ij.jar -batch <macro> <argument>}. */
    static Result batch(Path macro, String argument, Duration timeout) {
        return batchIn(installation(), macro, argument, timeout);
    }

    /** {@code java -jar ij.jar -batch <macro> <argument>} in the ImageJ folder {@code home}. */
    static Result batchIn(Path home, Path macro, String argument, Duration timeout) {
        List<String> cmd = javaCommand(home);
        cmd.addAll(List.of("-jar", home.resolve("ij.jar").toString(), "-batch", macro.toString()));
        if (argument != null) cmd.add(argument);
        return run(cmd, timeout);
    }

    /** The example macros' folder, {@code macros/} of the project. */
    static final Path MACROS = Paths.get("macros").toAbsolutePath();

    /**
     * For tests that run the example macros: skips (or fails on CI) without the packaged jar or
     * Xvfb, and returns a fresh-or-kept output folder {@code <build>/it/<name>}.
     */
    static Path macroOutputFolder(String name) throws IOException {
        assumePackagedJar();
        assumeXvfb();
        Path out = buildDir().resolve("it").resolve(name);
        Files.createDirectories(out);
        return out;
    }

    /** Runs {@code macros/<macro>} headless and returns ImageJ's output, failing the test on a non-zero exit. */
    static String runExampleMacro(String macro, String argument, Duration timeout) {
        return batch(MACROS.resolve(macro), argument, timeout).assertOk().output();
    }

    /** Opens a file a macro should have written; the assertion message carries ImageJ's output. */
    static ImagePlus openWritten(Path file, String output) {
        ImagePlus imp = IJ.openImage(file.toString());
        assertNotNull(imp, file + " was not written; ImageJ said:\n" + output);
        return imp;
    }

    /**
     * Replays the macro line a dialog test recorded ({@code out/recorded.txt}) on {@code image} in a
     * fresh headless ImageJ, and returns the dialog's result ({@code out/dialog-result.tif}) and the
     * replay's, in that order.
     */
    static ImagePlus[] replayRecorded(Path out, Path image) throws IOException {
        String recorded = Files.readString(out.resolve("recorded.txt")).trim();
        Path replayed = out.resolve("replay.tif");
        Files.deleteIfExists(replayed);
        Path macro = writeMacro(out, "replay.ijm", "open(\"" + macroPath(image) + "\");\n" + recorded + "\n"
            + "saveAs(\"Tiff\", \"" + macroPath(replayed) + "\");\n");
        String output = batch(macro, null, Duration.ofSeconds(90)).assertOk().output();
        ImagePlus dialog = IJ.openImage(out.resolve("dialog-result.tif").toString());
        ImagePlus replay = IJ.openImage(replayed.toString());
        assertNotNull(replay, "the replay wrote nothing:\n" + output);
        return new ImagePlus[] {dialog, replay};
    }

    /**
     * A test class's main inside the ImageJ installation: ij.jar and the test classes on the class
     * path; the plugin itself is loaded by ImageJ from plugins/, as for a user.
     */
    static Result main(Class<?> mainClass, List<String> args, Duration timeout) {
        return java(installation().resolve("ij.jar") + File.pathSeparator + testClasses(), mainClass, args, timeout);
    }

    /** A test class's main on the class path of this test JVM (main and test classes, all dependencies). */
    static Result mainOnTestClassPath(Class<?> mainClass, List<String> args, Duration timeout) {
        // Surefire and Failsafe may start the test JVM through a manifest-only jar; this property has the real path.
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java(cp, mainClass, args, timeout);
    }

    /**
     * A test class's main on the test class path, on an Xvfb screen of {@code width} x {@code height}
     * (e.g. a laptop's 1366x768), so that what it measures and photographs is what such a screen shows.
     */
    static Result onScreen(int width, int height, Class<?> mainClass, List<String> args, Duration timeout) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = javaCommand();
        cmd.addAll(2, List.of("-s", "-screen 0 " + width + "x" + height + "x24"));
        cmd.addAll(List.of("-cp", cp, mainClass.getName()));
        cmd.addAll(args);
        return run(cmd, timeout);
    }

    private static Result java(String classPath, Class<?> mainClass, List<String> args, Duration timeout) {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of("-cp", classPath, mainClass.getName()));
        cmd.addAll(args);
        return run(cmd, timeout);
    }

    private static List<String> javaCommand() {
        return javaCommand(buildDir().resolve("imagej"));
    }

    private static List<String> javaCommand(Path imagej) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(XVFB_RUN, "-a", java, "-Xmx2g",
            // plugins.dir: the ImageJ folder, whatever the working directory.
            "-Dplugins.dir=" + imagej.toAbsolutePath(),
            // Own home: ImageJ's preferences from these runs must not touch the user's.
            "-Duser.home=" + buildDir().resolve("imagej-home").toAbsolutePath()));
        // The folders the parent POM gives the tests: the same models, and the same graph cache.
        cmd.addAll(SharedData.modelFolderOptions());
        return cmd;
    }

    /** Runs a command in the repository root, killing it (and its children) after {@code timeout}. */
    static Result run(List<String> cmd, Duration timeout) {
        try {
            Path log = Files.createTempFile(buildDir(), "process", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                printThreadDumps(p);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (!finished) fail("timed out after " + timeout + ": " + String.join(" ", cmd) + "\n" + output);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks every Java process under {@code p} (xvfb-run starts the JVM as a child) for a thread
     * dump, which the JVM writes to the output: a test that timed out then says where it was stuck.
     */
    private static void printThreadDumps(Process p) throws IOException, InterruptedException {
        for (ProcessHandle h : p.descendants().toList()) {
            if (h.info().command().orElse("").endsWith("java")) {
                new ProcessBuilder("kill", "-QUIT", Long.toString(h.pid())).start().waitFor();
            }
        }
        Thread.sleep(2000); // the JVM writes the dump from its own signal thread
    }

    /** Writes a macro into a fresh file under the build folder. */
    static Path writeMacro(Path dir, String name, String code) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), code, StandardCharsets.UTF_8);
    }

    /** A path for use inside macro strings (forward slashes, absolute). */
    static String macroPath(Path p) {
        return p.toAbsolutePath().normalize().toString().replace('\\', '/');
    }
}
