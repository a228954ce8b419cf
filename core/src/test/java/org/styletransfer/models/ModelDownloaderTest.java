package org.styletransfer.models;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.testutil.ProgressProbe;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the downloader does on HttpClient that HttpURLConnection did by itself or not at all:
 * redirects with a resume, the system proxy, silence in the middle of a body, cancel while the
 * server has not answered, and the messages for hosts that cannot be reached.
 */
class ModelDownloaderTest {
    private static final byte[] BODY = ModelStoreTest.bytes(6000, 5);

    @TempDir
    Path tmp;
    private LocalServer server;
    private final ModelDownloader downloader = new ModelDownloader(Duration.ofSeconds(2), Duration.ofMillis(500));

    @BeforeEach
    void setUp() throws IOException {
        server = new LocalServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Path download(String url, Progress progress) {
        return downloader.download(URI.create(url), tmp.resolve("m.onnx"), BODY.length, ModelStoreTest.sha(BODY), progress);
    }

    private String failure(String url) {
        return assertThrows(StyleTransferException.class, () -> download(url, Progress.NONE)).getMessage();
    }

    @Test
    void aRedirectIsFollowedAndAResumeKeepsItsRange() throws IOException {
        server.route("/moved.onnx", LocalServer.redirect(server.base() + "files/m.onnx"));
        server.route("/files/m.onnx", LocalServer.serve(BODY));
        Files.write(ModelDownloader.partFile(tmp.resolve("m.onnx")), java.util.Arrays.copyOf(BODY, 1000));

        Path file = download(server.base() + "moved.onnx", Progress.NONE);

        assertArrayEquals(BODY, Files.readAllBytes(file));
        List<LocalServer.Request> requests = server.requests();
        assertEquals(List.of("/moved.onnx", "/files/m.onnx"), requests.stream().map(LocalServer.Request::path).toList());
        assertEquals("bytes=1000-", requests.get(1).range(), "the Range header survives the redirect");
        assertEquals(206, requests.get(1).status());
    }

    @Test
    void theProxyOfJavasSettingsIsUsed() throws IOException {
        server.route("/files/m.onnx", LocalServer.serve(BODY));
        String host = System.getProperty("http.proxyHost");
        String port = System.getProperty("http.proxyPort");
        // Fiji's Edit > Options > Proxy Settings sets these.
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", Integer.toString(URI.create(server.base()).getPort()));
        try {
            Path file = new ModelDownloader(Duration.ofSeconds(2), Duration.ofMillis(500)).download(
                URI.create("http://models.example/files/m.onnx"), tmp.resolve("m.onnx"), BODY.length,
                ModelStoreTest.sha(BODY), Progress.NONE);
            assertArrayEquals(BODY, Files.readAllBytes(file));
            assertEquals("/files/m.onnx", server.requests().get(0).path(), "the request for another host reached the proxy");
        } finally {
            restore("http.proxyHost", host);
            restore("http.proxyPort", port);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }

    @Test
    void aServerThatFallsSilentInTheBodyBreaksOffAndKeepsTheBytes() throws IOException {
        server.route("/files/m.onnx", LocalServer.paced(BODY, 2500, 5000));

        String m = failure(server.base() + "files/m.onnx");

        assertTrue(m.contains("broke off after 2500 of 6000 bytes (the server sent nothing for 500 ms)"), m);
        assertEquals(2500, Files.size(ModelDownloader.partFile(tmp.resolve("m.onnx"))));
    }

    @Test
    void aSlowButSteadyTransferOutlastsTheReadTimeout() throws IOException {
        // 10 pieces 150 ms apart: 1.5 s in all, three times the read timeout, never 500 ms silent.
        server.route("/files/m.onnx", LocalServer.paced(BODY, 600, 150));

        assertArrayEquals(BODY, Files.readAllBytes(download(server.base() + "files/m.onnx", Progress.NONE)));
    }

    @Test
    void aCancelIsSeenWhileTheServerHasNotAnswered() {
        server.route("/files/m.onnx", LocalServer.stall(3000));
        ModelDownloader patient = new ModelDownloader(Duration.ofSeconds(2), Duration.ofSeconds(10));

        // The first check passes (before the request), the second comes while waiting for the answer.
        assertThrows(CancelledException.class, () -> patient.download(URI.create(server.base() + "files/m.onnx"),
            tmp.resolve("m.onnx"), BODY.length, "", ProgressProbe.cancelAtCheck(2)));
        assertFalse(Files.exists(tmp.resolve("m.onnx")));
    }

    @Test
    void unreachableHostsAreNamed() {
        String refused = failure("http://127.0.0.1:9/m.onnx");
        assertTrue(refused.startsWith("Cannot download http://127.0.0.1:9/m.onnx: cannot connect to 127.0.0.1:9"), refused);
        assertTrue(refused.contains("set a mirror"), refused);
        assertFalse(refused.contains("null"), refused);

        String unknown = failure("http://no-such-host.invalid/m.onnx");
        assertTrue(unknown.contains("unknown host no-such-host.invalid") && unknown.contains("set a mirror"), unknown);

        assertEquals("Cannot download file:///m.onnx: only http:// and https:// addresses are supported.",
            failure("file:///m.onnx"));
    }

    @Test
    void statusesAreNamedWithTheirReason() {
        server.route("/files/m.onnx", LocalServer.fail(404));

        String m = failure(server.base() + "files/m.onnx");

        assertTrue(m.contains("the server answered HTTP 404 Not Found. Check the address"), m);
        assertNull(server.requests().get(0).range());
    }
}
