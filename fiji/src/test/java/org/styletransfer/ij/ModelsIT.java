package org.styletransfer.ij;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.styletransfer.onnx.TestModels;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plugins &gt; Style Transfer &gt; Models... driven by macros in a real {@code -batch} ImageJ: set
 * a mirror, import, list, remove, and a download that the (local) mirror answers with 404.
 */
class ModelsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void macroManagesTheUserModelFolder() throws IOException {
        ImageJProcess.assumePackagedJar();
        ImageJProcess.assumeXvfb();
        Path out = ImageJProcess.buildDir().resolve("it").resolve("models");
        // ImageJProcess gives ImageJ this home, so this is the model folder the plugin installs into.
        Path folder = ImageJProcess.buildDir().resolve("imagej-home").resolve(".style-transfer").resolve("models");
        deleteTree(folder);
        Files.createDirectories(out);
        Path net = TestModels.imageToImage(out.resolve("fake net.onnx"), false, 5);
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/", ex -> {
            asked.add(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        mirror.start();
        try {
            String base = "http://127.0.0.1:" + mirror.getAddress().getPort() + "/lab/";
            String manage = ImageJProcess.batch(ImageJProcess.writeMacro(out, "manage.ijm",
                "run(\"Models...\", \"action=[Set mirror] mirror=" + base + "\");\n"
                    + "run(\"Models...\", \"action=Import file=[" + ImageJProcess.macroPath(net) + "]\");\n"
                    + "run(\"Models...\", \"action=List\");\n"
                    + "print(\"ROWS \" + Table.size(\"Style Transfer Models\"));\n"
                    + "run(\"Models...\", \"action=Remove model=fake_net\");\n"), null, TIMEOUT).assertOk().output();

            assertTrue(manage.contains("Downloads now come from the mirror " + base), manage);
            assertTrue(manage.contains("as model 'fake_net' (fast)"), manage);
            assertTrue(manage.lines().anyMatch(l -> l.startsWith("fake_net ") && l.contains("installed (yours)")), manage);
            assertTrue(manage.lines().anyMatch(l -> l.startsWith("vgg19 ") && l.contains("can be downloaded")), manage);
            assertTrue(manage.contains("Removed fake_net"), manage);
            assertFalse(Files.exists(folder.resolve("imported").resolve("fake net.onnx")));

            String download = ImageJProcess.batch(ImageJProcess.writeMacro(out, "download.ijm",
                "run(\"Models...\", \"action=Download model=vgg19\");\nprint(\"NOT REACHED\");\n"), null, TIMEOUT)
                .assertOk().output();

            assertTrue(download.contains("Download of " + base + "vgg19-dcbb9e9d.pth failed: the server answered HTTP 404"), download);
            assertFalse(download.contains("NOT REACHED"), "the error stops the macro:\n" + download);
            assertEquals(List.of("/lab/vgg19-dcbb9e9d.pth"), asked);
        } finally {
            mirror.stop(0);
            deleteTree(folder); // the mirror setting must not outlive this test
        }
    }

    @Test
    void importOfACorruptNetworkEndsTheBatchMacroWithOneLineAndInstallsNothing() throws IOException {
        ImageJProcess.assumePackagedJar();
        ImageJProcess.assumeXvfb();
        Path out = ImageJProcess.buildDir().resolve("it").resolve("models-corrupt");
        Path folder = ImageJProcess.buildDir().resolve("imagej-home").resolve(".style-transfer").resolve("models");
        deleteTree(folder);
        Files.createDirectories(out);
        byte[] junk = new byte[5000];
        new java.util.Random(3).nextBytes(junk);
        junk[0] = 0x08; // starts like an ONNX file
        Path net = Files.write(out.resolve("junk.onnx"), junk);

        String output = ImageJProcess.batch(ImageJProcess.writeMacro(out, "import-junk.ijm",
            "run(\"Models...\", \"action=Import file=[" + ImageJProcess.macroPath(net) + "]\");\nprint(\"NOT REACHED\");\n"),
            null, TIMEOUT).assertOk().output();

        assertTrue(output.contains("Cannot import " + net.toAbsolutePath().normalize() + ": it is not a readable ONNX model ("),
            output);
        assertFalse(output.contains("NOT REACHED"), "the error stops the macro:\n" + output);
        assertFalse(Files.exists(folder.resolve("imported").resolve("junk.onnx")), "nothing copied:\n" + output);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
        }
    }
}
