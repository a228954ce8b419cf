package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.updatesite.UpdateSiteWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The update site the build writes ({@code target/update-site}): {@code db.xml.gz} parsed as Fiji's
 * updater reads it lists the plugin, the jars Fiji lacks and the catalogue, each file lies where
 * the updater downloads it with the size and checksum the index gives, and a plain ImageJ given
 * those files (and the jars Fiji ships) runs the commands.
 */
class UpdateSiteIT {
    private static final Path SITE = ImageJProcess.buildDir().resolve("update-site");
    private static List<Element> plugins;

    @BeforeAll
    static void readIndex() throws Exception {
        ImageJProcess.assumePackagedJar();
        assertTrue(Files.isRegularFile(SITE.resolve("db.xml.gz")), "run 'mvn package' first: no " + SITE + "/db.xml.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SITE.resolve("db.xml.gz")))) {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            assertEquals("pluginRecords", doc.getDocumentElement().getTagName());
            plugins = elements(doc.getElementsByTagName("plugin"));
        }
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) list.add((Element) nodes.item(i));
        return list;
    }

    private static List<String> filenames() {
        return plugins.stream().map(p -> p.getAttribute("filename")).toList();
    }

    private static Element version(Element plugin) {
        return (Element) plugin.getElementsByTagName("version").item(0);
    }

    @Test
    void listsThePluginTheJarsFijiLacksAndTheCatalogueOnly() {
        List<String> names = filenames();
        assertEquals(5, names.size(), names.toString());
        assertEquals("plugins/" + ImageJProcess.PLUGIN_JAR, names.get(0));
        assertTrue(names.contains("jars/style-transfer-core-0.1.0.jar"), names.toString());
        assertTrue(names.contains("jars/style-transfer-commands-0.1.0.jar"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("jars/onnxruntime-[0-9.]+\\.jar")), names.toString());
        assertTrue(names.contains(UpdateSiteWriter.CATALOG), names.toString());
    }

    @Test
    void everyFileIsWhereTheUpdaterDownloadsItWithTheIndexedSizeAndChecksum() throws IOException {
        for (Element plugin : plugins) {
            String name = plugin.getAttribute("filename");
            Element v = version(plugin);
            assertTrue(v.getAttribute("timestamp").matches("20\\d{12}"), name + ": " + v.getAttribute("timestamp"));
            Path file = SITE.resolve(name + "-" + v.getAttribute("timestamp"));
            assertTrue(Files.isRegularFile(file), "missing " + file);
            assertEquals(Files.size(file), Long.parseLong(v.getAttribute("filesize")), name);
            assertEquals(UpdateSiteWriter.checksum(name, file), v.getAttribute("checksum"), name);
        }
    }

    @Test
    void aPlainFileIsChecksummedOverItsPathAndBytes() throws Exception {
        Element catalog = plugins.stream().filter(p -> p.getAttribute("filename").equals(UpdateSiteWriter.CATALOG))
            .findFirst().orElseThrow();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(UpdateSiteWriter.CATALOG.getBytes(StandardCharsets.US_ASCII));
        sha1.update(Files.readAllBytes(Paths.get("onnx-models", "catalog.json")));
        assertEquals(HexFormat.of().formatHex(sha1.digest()), version(catalog).getAttribute("checksum"));
    }

    @Test
    void aJarRebuiltWithTheSameCodeKeepsItsChecksum(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path a = jar(dir.resolve("a.jar"), "alice", "#Mon Dec 01\nversion=1\n", "code");
        Path b = jar(dir.resolve("b.jar"), "bob", "#Tue Dec 02\nversion=1\n", "code");
        Path c = jar(dir.resolve("c.jar"), "alice", "#Mon Dec 01\nversion=1\n", "other code");
        assertEquals(UpdateSiteWriter.checksum("jars/x.jar", a), UpdateSiteWriter.checksum("jars/x.jar", b));
        assertNotEquals(UpdateSiteWriter.checksum("jars/x.jar", a), UpdateSiteWriter.checksum("jars/x.jar", c));
    }

    private static Path jar(Path file, String builtBy, String properties, String code) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Built-By", builtBy);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(new JarEntry("META-INF/maven/pom.properties"));
            out.write(properties.getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry("x/Code.class"));
            out.write(code.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void thePluginDependsOnEveryJarItNeeds() {
        List<String> deps = elements(version(plugins.get(0)).getElementsByTagName("dependency")).stream()
            .map(d -> d.getAttribute("filename")).toList();
        List<String> jars = filenames().stream().filter(n -> n.startsWith("jars/")).toList();
        assertEquals(jars, deps);
    }

    @Test
    void aPlainImageJGivenTheseFilesRunsTheCommands() throws IOException {
        Path home = install(ImageJProcess.buildDir().resolve("it").resolve("update-site-imagej"));
        Path out = home.resolve("candy.tif");
        Path image = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
        Path macro = ImageJProcess.writeMacro(home, "run.ijm", "open(\"" + ImageJProcess.macroPath(image) + "\");\n"
            + "run(\"Fast Style Transfer...\", \"model=candy provider=CPU\");\n"
            + "saveAs(\"Tiff\", \"" + ImageJProcess.macroPath(out) + "\");\n"
            + "run(\"Models...\", \"action=List\");\n");
        String output = ImageJProcess.batchIn(home, macro, null, Duration.ofSeconds(90)).assertOk().output();
        ImagePlus result = IJ.openImage(out.toString());
        assertNotNull(result, "no result:\n" + output);
        assertEquals(TestImageGenerator.SHAPES_W, result.getWidth());
        assertTrue(output.contains("candy"), "the Models list is missing:\n" + output);
    }

    /**
     * A plain ImageJ with the site's files where Fiji's updater puts them (plugins/ and jars/, whose
     * jars a plain ImageJ finds in plugins/jars/) and the jars Fiji itself ships.
     */
    private static Path install(Path home) throws IOException {
        Path jars = home.resolve("plugins").resolve("jars");
        Files.createDirectories(jars);
        Files.copy(ImageJProcess.ijJar(), home.resolve("ij.jar"), StandardCopyOption.REPLACE_EXISTING);
        for (Element plugin : plugins) {
            String name = plugin.getAttribute("filename");
            Path from = SITE.resolve(name + "-" + version(plugin).getAttribute("timestamp"));
            Path to = name.startsWith("jars/") ? jars.resolve(from.getFileName().toString().replaceAll("-\\d{14}$", ""))
                : home.resolve(name);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> fijiShips = Files.list(ImageJProcess.buildDir().resolve("jars-for-plain-imagej"))) {
            for (Path jar : fijiShips.toList()) Files.copy(jar, jars.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return home;
    }
}
