package org.styletransfer.updatesite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an ImageJ update site into a folder that any web server can host: each file as Fiji's
 * updater downloads it ({@code <path>-<timestamp>}, e.g. {@code jars/onnxruntime-1.20.0.jar-20261203230000})
 * and {@code db.xml.gz}, the index the updater reads (a {@code pluginRecords} document with one
 * {@code plugin} per file: its path in Fiji.app, and a {@code version} with checksum, timestamp
 * and size). Run by the build at {@code package} (see {@code fiji/pom.xml}); it is build tooling,
 * hence in the test sources, out of the plugin jar.
 *
 * <p>Checksums are the updater's: SHA-1 over the path and the bytes for plain files, and for jars
 * over each entry's name and contents in name order, with comment lines of {@code .properties}
 * files and the manifest's attributes left out (they change with every build without changing
 * the code), so that Fiji sees an unchanged jar as up to date.</p>
 *
 * <p>Arguments: the site folder (emptied first), the plugin jar, the folder of the jars Fiji lacks,
 * the models' catalogue.</p>
 */
public final class UpdateSiteWriter {
    /** Where the catalogue goes in Fiji.app: beside the models of Fiji's model folder. */
    public static final String CATALOG = "models/style-transfer/catalog.json";

    private UpdateSiteWriter() {
    }

    /** One file of the site: its path in Fiji.app and where it comes from. */
    public record Entry(String path, Path source, String checksum, long timestamp, long size) {
        /** The name the updater downloads it under, relative to the site's address. */
        public String remoteName() {
            return path + "-" + timestamp;
        }
    }

    public static void main(String[] args) throws IOException {
        Path site = Paths.get(args[0]);
        List<Entry> entries = entries(Paths.get(args[1]), Paths.get(args[2]), Paths.get(args[3]));
        write(site, entries);
        System.out.println("Update site with " + entries.size() + " files: " + site.toAbsolutePath());
    }

    /** The plugin jar, the jars Fiji lacks and the catalogue, as files of Fiji.app. */
    static List<Entry> entries(Path pluginJar, Path jarsFijiLacks, Path catalog) throws IOException {
        List<Entry> entries = new ArrayList<>();
        entries.add(entry("plugins/" + pluginJar.getFileName(), pluginJar));
        try (Stream<Path> jars = Files.list(jarsFijiLacks)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                entries.add(entry("jars/" + jar.getFileName(), jar));
            }
        }
        entries.add(entry(CATALOG, catalog));
        return entries;
    }

    private static Entry entry(String path, Path source) throws IOException {
        return new Entry(path, source, checksum(path, source), timestamp(source), Files.size(source));
    }

    /** Empties {@code site}, then writes every file under its remote name and the index. */
    static void write(Path site, List<Entry> entries) throws IOException {
        deleteTree(site);
        for (Entry e : entries) {
            Path target = site.resolve(e.remoteName());
            Files.createDirectories(target.getParent());
            Files.copy(e.source(), target);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(site.resolve("db.xml.gz")))) {
            out.write(index(entries).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The index: the plugin jar depends on every other jar, so that installing it brings them. */
    static String index(List<Entry> entries) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pluginRecords>\n");
        Entry plugin = entries.get(0);
        for (Entry e : entries) {
            xml.append("  <plugin filename=\"").append(e.path()).append("\">\n")
                .append("    <version checksum=\"").append(e.checksum()).append("\" timestamp=\"")
                .append(e.timestamp()).append("\" filesize=\"").append(e.size()).append("\">\n")
                .append("      <description>").append(description(e)).append("</description>\n");
            if (e == plugin) {
                for (Entry d : entries) {
                    if (d == plugin || !d.path().endsWith(".jar")) continue;
                    xml.append("      <dependency filename=\"").append(d.path()).append("\" timestamp=\"")
                        .append(d.timestamp()).append("\"/>\n");
                }
            }
            xml.append("    </version>\n  </plugin>\n");
        }
        return xml.append("</pluginRecords>\n").toString();
    }

    private static String description(Entry e) {
        if (e.path().startsWith("plugins/")) return "Style Transfer: Plugins &gt; Style Transfer (fast and neural style transfer on ONNX Runtime).";
        if (e.path().equals(CATALOG)) return "The catalogue of style networks and VGG-19 weights that Plugins &gt; Style Transfer &gt; Models... can download.";
        return "Needed by the Style Transfer plugin.";
    }

    /** The updater's time stamp of a file: its modification time as yyyyMMddHHmmss, local time. */
    static long timestamp(Path file) throws IOException {
        return Long.parseLong(new SimpleDateFormat("yyyyMMddHHmmss").format(new Date(Files.getLastModifiedTime(file).toMillis())));
    }

    /** The updater's checksum of the file at {@code path} in Fiji.app (see the class comment). */
    public static String checksum(String path, Path file) throws IOException {
        MessageDigest sha1 = sha1();
        if (!path.endsWith(".jar")) {
            sha1.update(path.getBytes(StandardCharsets.US_ASCII));
            sha1.update(Files.readAllBytes(file));
            return hex(sha1.digest());
        }
        try (JarFile jar = new JarFile(file.toFile())) {
            List<JarEntry> list = new ArrayList<>(jar.stream().toList());
            list.sort(Comparator.comparing(JarEntry::getName));
            for (JarEntry entry : list) {
                sha1.update(entry.getName().getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = jar.getInputStream(entry)) {
                    sha1.update(comparable(entry.getName(), in.readAllBytes()));
                }
            }
        }
        return hex(sha1.digest());
    }

    /**
     * What of a jar entry counts: a manifest's attributes do not (the updater keeps only lines
     * starting with "Main-Class:" after upper-casing them, which none does), nor do the comment
     * lines of a {@code .properties} file (Maven writes a date there).
     */
    static byte[] comparable(String name, byte[] content) {
        if (name.equals("META-INF/MANIFEST.MF")) return new byte[0];
        if (name.endsWith(".properties")) return withoutHashedLines(content);
        return content;
    }

    /**
     * The bytes as the updater's {@code SkipHashedLines} reads them: a '#' at a line start drops
     * the rest of that line but keeps its newline. As there, after a '#' the next character counts
     * as a line start too, and a line holding only "#" does not make the next one a line start.
     */
    static byte[] withoutHashedLines(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HashedLineReader reader = new HashedLineReader(in);
        for (int ch = reader.read(); ch >= 0; ch = reader.read()) out.write(ch);
        return out.toByteArray();
    }

    /** The state machine of the updater's reader, one byte at a time. */
    private static final class HashedLineReader {
        private final byte[] in;
        private int pos;
        private boolean atLineStart = true;

        HashedLineReader(byte[] in) {
            this.in = in;
        }

        int read() {
            int ch = pos < in.length ? in[pos++] & 0xff : -1;
            if (atLineStart) {
                if (ch == '#') {
                    do {
                        ch = read();
                    } while (ch != '\n' && ch != -1);
                } else {
                    atLineStart = false;
                }
            } else if (ch == '\n') {
                atLineStart = true;
            }
            return ch;
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-1", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(String.format("%02x", b));
        return sb.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
