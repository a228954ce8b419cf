package org.styletransfer.models;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.TestModels;
import org.styletransfer.testutil.ProgressProbe;
import org.styletransfer.testutil.SharedData;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloading, importing and removing models against a local HTTP server ({@link LocalServer})
 * and a temporary model folder, which the test makes the first model folder searched.
 */
class ModelStoreTest {
    private static final String ZOO_FILE = "zoo/tiny-9.onnx";
    private static final byte[] BODY = bytes(6000, 1);

    @TempDir
    Path tmp;
    private Path folder;
    private LocalServer server;
    private String previousModels;

    @BeforeEach
    void setUp() throws IOException {
        folder = tmp.resolve("models");
        Files.createDirectories(folder);
        previousModels = System.setProperty("styletransfer.models", folder.toString());
        ModelCatalog.reload();
        server = new LocalServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
        if (previousModels == null) System.clearProperty("styletransfer.models");
        else System.setProperty("styletransfer.models", previousModels);
        ModelCatalog.reload();
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        b[0] = 0x08; // an ONNX file starts with field 1 (ir_version), not with a known other signature
        return b;
    }

    static String sha(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-model catalogue whose download is {@code url}, with the given checksum. */
    private static ModelCatalog catalogue(String url, String sha256) {
        return catalogue(url, sha256, BODY.length);
    }

    /** A one-model catalogue whose download is {@code url}, with the given checksum and size. */
    private static ModelCatalog catalogue(String url, String sha256, long size) {
        return ModelCatalog.parse("{\"models\": [{\"id\": \"tiny\", \"kind\": \"fast\", \"file\": \"tiny/tiny.onnx\","
            + " \"multiple\": 4, \"download\": {\"url\": \"" + url + "\", \"file\": \"" + ZOO_FILE + "\","
            + " \"sha256\": \"" + sha256 + "\", \"size\": " + size + "}}]}");
    }

    private ModelStore store(ModelCatalog base) {
        return new ModelStore(folder, () -> base.withUserEntries(folder),
            new ModelDownloader(Duration.ofSeconds(2), Duration.ofMillis(500)));
    }

    private ModelStore storeServing(LocalServer.Behaviour b) {
        server.route("/files/tiny-9.onnx", b);
        return store(catalogue(server.base() + "files/tiny-9.onnx", sha(BODY)));
    }

    /** Records progress; cancels once {@code cancelAfter} updates were seen (never when negative). */
    private static final class Recorder implements Progress {
        final List<long[]> updates = new ArrayList<>();
        final int cancelAfter;

        Recorder(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void update(long done, long total, String status) {
            updates.add(new long[] {done, total});
        }

        @Override
        public boolean isCancelled() {
            return cancelAfter >= 0 && updates.size() >= cancelAfter;
        }
    }

    @Test
    void downloadVerifiesInstallsListsAndResolves() throws IOException {
        ModelStore store = storeServing(LocalServer.serve(BODY));
        Recorder progress = new Recorder(-1);

        Path file = store.download("tiny", progress);

        assertEquals(folder.resolve(ZOO_FILE), file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertFalse(Files.exists(ModelDownloader.partFile(file)), "part file left behind");
        long[] last = progress.updates.get(progress.updates.size() - 1);
        assertArrayEquals(new long[] {BODY.length, BODY.length}, last);
        ModelStore.Status status = store.list().get(0);
        assertEquals("installed", status.state());
        assertEquals(file, status.installed().orElseThrow());
        assertTrue(status.removable());
        assertEquals(file, catalogue("http://unused/x.onnx", "").resolve("tiny").file());
        // Installed now, so a second download asks the server nothing.
        store.download("tiny", Progress.NONE);
        assertEquals(1, server.requests().size());
    }

    @Test
    void wrongChecksumInstallsNothingAndNamesBothHashes() {
        server.route("/files/tiny-9.onnx", LocalServer.serve(BODY));
        String wrong = "ab".repeat(32);
        ModelStore store = store(catalogue(server.base() + "files/tiny-9.onnx", wrong));

        StyleTransferException e = assertThrows(StyleTransferException.class, () -> store.download("tiny", Progress.NONE));

        assertTrue(e.getMessage().contains("expected SHA-256 " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("got " + sha(BODY)), e.getMessage());
        assertTrue(e.getMessage().contains(server.base() + "files/tiny-9.onnx"), e.getMessage());
        assertFalse(Files.exists(folder.resolve(ZOO_FILE)));
        assertFalse(Files.exists(ModelDownloader.partFile(folder.resolve(ZOO_FILE))), "a wrong download must not be resumed");
        assertEquals("can be downloaded", store.list().get(0).state());
    }

    @Test
    void brokenTransferKeepsThePartFileAndSaysSo() throws IOException {
        ModelStore store = storeServing(LocalServer.breakOff(BODY, 2500, Integer.MAX_VALUE));

        StyleTransferException e = assertThrows(StyleTransferException.class, () -> store.download("tiny", Progress.NONE));

        assertTrue(e.getMessage().contains("broke off after 2500 of " + BODY.length + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("resume"), e.getMessage());
        Path part = ModelDownloader.partFile(folder.resolve(ZOO_FILE));
        assertEquals(2500, Files.size(part));
        assertFalse(Files.exists(folder.resolve(ZOO_FILE)));
    }

    @Test
    void serverErrorsNameTheAddressAndStatus() {
        for (int status : new int[] {500, 404}) {
            server.route("/files/tiny-9.onnx", LocalServer.fail(status));
            ModelStore store = store(catalogue(server.base() + "files/tiny-9.onnx", sha(BODY)));

            StyleTransferException e = assertThrows(StyleTransferException.class, () -> store.download("tiny", Progress.NONE));

            assertTrue(e.getMessage().contains(server.base() + "files/tiny-9.onnx"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
            assertFalse(Files.exists(folder.resolve(ZOO_FILE)));
        }
    }

    @Test
    void secondAttemptResumesWithARangeRequest() throws IOException {
        ModelStore store = storeServing(LocalServer.breakOff(BODY, 2500, 1));
        assertThrows(StyleTransferException.class, () -> store.download("tiny", Progress.NONE));

        Path file = store.download("tiny", Progress.NONE);

        assertArrayEquals(BODY, Files.readAllBytes(file));
        List<LocalServer.Request> requests = server.requests();
        assertEquals(2, requests.size());
        assertNull(requests.get(0).range());
        assertEquals("bytes=2500-", requests.get(1).range());
        assertEquals(206, requests.get(1).status());
        assertEquals(BODY.length - 2500, requests.get(1).bytesSent(), "only the remainder is transferred");
    }

    @Test
    void serverThatIgnoresRangeRestartsFromTheBeginning() throws IOException {
        ModelStore store = storeServing(LocalServer.ignoreRange(BODY));
        Path part = ModelDownloader.partFile(folder.resolve(ZOO_FILE));
        Files.createDirectories(part.getParent());
        Files.write(part, bytes(2500, 99)); // a stale prefix that is not even the right bytes

        Path file = store.download("tiny", Progress.NONE);

        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals("bytes=2500-", server.requests().get(0).range());
        assertEquals(200, server.requests().get(0).status());
    }

    @Test
    void mirrorReplacesThePublishersAddress() throws IOException {
        server.route("/mirror/tiny-9.onnx", LocalServer.serve(BODY));
        // Port 9 (discard) on the loopback refuses: a download from the original would fail.
        ModelStore store = store(catalogue("http://127.0.0.1:9/original/tiny-9.onnx", sha(BODY)));

        assertEquals(server.base() + "mirror/", store.setMirror(server.base() + "mirror"));
        Path file = store.download("tiny", Progress.NONE);

        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals("/mirror/tiny-9.onnx", server.requests().get(0).path());
        assertEquals(server.base() + "mirror/", store(catalogue("http://x/y.onnx", "")).mirror(), "persisted in the folder");
        store.setMirror("");
        assertEquals("", store.mirror());
    }

    @Test
    void mirrorMustBeAnHttpAddress() {
        assertEquals("http://mirror.lab/models/", ModelStore.normaliseMirror(" http://mirror.lab/models "));
        assertEquals("", ModelStore.normaliseMirror(""));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> ModelStore.normaliseMirror("ftp://mirror.lab/"));
        assertTrue(e.getMessage().contains("http://"), e.getMessage());
        assertThrows(StyleTransferException.class, () -> ModelStore.normaliseMirror("mirror.lab/models"));
    }

    @Test
    void stalledServerTimesOut() {
        ModelStore store = storeServing(LocalServer.stall(3000));

        StyleTransferException e = assertThrows(StyleTransferException.class, () -> store.download("tiny", Progress.NONE));

        assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
    }

    @Test
    void cancelledDownloadKeepsItsPartFile() throws IOException {
        byte[] big = bytes(400_000, 3);
        server.route("/files/big.onnx", LocalServer.serve(big));
        ModelDownloader d = new ModelDownloader(Duration.ofSeconds(2), Duration.ofSeconds(2));
        Path target = folder.resolve("big.onnx");

        assertThrows(CancelledException.class, () -> d.download(java.net.URI.create(server.base() + "files/big.onnx"),
            target, big.length, sha(big), new Recorder(1)));

        assertFalse(Files.exists(target));
        long kept = Files.size(ModelDownloader.partFile(target));
        assertTrue(kept > 0 && kept < big.length, "kept " + kept);
        d.download(java.net.URI.create(server.base() + "files/big.onnx"), target, big.length, sha(big), Progress.NONE);
        assertArrayEquals(big, Files.readAllBytes(target));
    }

    /** Where a download is cancelled, and whether bytes had arrived by then. */
    enum DownloadStage {
        BEFORE_CONNECTING(false), AFTER_THE_FIRST_CHUNK(true), THREAD_INTERRUPTED_DURING_THE_TRANSFER(true);

        final boolean bytesArrived;

        DownloadStage(boolean bytesArrived) {
            this.bytesArrived = bytesArrived;
        }

        ProgressProbe probe() {
            return switch (this) {
                case BEFORE_CONNECTING -> ProgressProbe.cancelAtCheck(1);
                case AFTER_THE_FIRST_CHUNK -> ProgressProbe.cancelAtStatus(s -> s.startsWith("Downloading"));
                case THREAD_INTERRUPTED_DURING_THE_TRANSFER -> ProgressProbe.interruptAtStatus(s -> s.startsWith("Downloading"));
            };
        }
    }

    @ParameterizedTest
    @EnumSource(DownloadStage.class)
    void aCancelledDownloadInstallsNothingAndResumesLater(DownloadStage stage) throws IOException {
        byte[] big = bytes(400_000, 4);
        server.route("/files/tiny-9.onnx", LocalServer.serve(big));
        ModelStore store = store(catalogue(server.base() + "files/tiny-9.onnx", sha(big), big.length));
        Path target = folder.resolve(ZOO_FILE);
        Path part = ModelDownloader.partFile(target);

        assertThrows(CancelledException.class, () -> store.download("tiny", stage.probe()));
        Thread.interrupted(); // clears the interrupt of the interrupting stage for what follows

        assertFalse(Files.exists(target), "nothing installed under the model's name");
        assertTrue(store.installed("tiny").isEmpty());
        assertEquals("can be downloaded", store.list().get(0).state());
        long kept = Files.exists(part) ? Files.size(part) : 0;
        assertEquals(stage.bytesArrived, kept > 0, "bytes kept for a resume: " + kept);
        assertTrue(kept < big.length, "the part file is not the whole model");
        assertEquals(stage.bytesArrived ? 1 : 0, server.requests().size(), "requests before the cancel");

        Path file = store.download("tiny", Progress.NONE);

        assertArrayEquals(big, Files.readAllBytes(file));
        assertFalse(Files.exists(part));
        LocalServer.Request resumed = server.requests().get(server.requests().size() - 1);
        assertEquals(stage.bytesArrived ? "bytes=" + kept + "-" : null, resumed.range());
        assertEquals(big.length - kept, resumed.bytesSent(), "only the missing bytes are fetched");
    }

    @Test
    void importRegistersAFileAndRemoveDeletesIt() throws IOException {
        ModelStore store = store(catalogue("http://127.0.0.1:9/tiny-9.onnx", sha(BODY)));
        Path source = TestModels.imageToImage(tmp.resolve("My Net.onnx"), false, 7);
        byte[] net = Files.readAllBytes(source);

        ModelEntry e = store.importFile(source);

        assertEquals("my_net", e.id());
        assertEquals(ModelEntry.FAST, e.kind());
        Path copy = folder.resolve("imported").resolve("My Net.onnx");
        assertArrayEquals(net, Files.readAllBytes(copy));
        assertTrue(Files.exists(source), "the original stays");
        ModelCatalog seen = catalogue("http://x/y.onnx", "").withUserEntries(folder);
        assertEquals(copy, seen.resolve("my_net").file());
        assertTrue(seen.installedFastIds().contains("my_net"));
        assertEquals("my_net", store.importFile(source).id(), "the same file again is the same model");
        assertEquals(1, UserCatalog.read(folder).size());
        Path other = tmp.resolve("other").resolve("My Net.onnx");
        Files.createDirectories(other.getParent());
        TestModels.imageToImage(other, false, 8);
        StyleTransferException clash = assertThrows(StyleTransferException.class, () -> store.importFile(other));
        assertTrue(clash.getMessage().contains("'my_net' exists already"), clash.getMessage());

        assertEquals(List.of(copy), store.remove("my_net"));

        assertFalse(Files.exists(copy));
        assertTrue(catalogue("http://x/y.onnx", "").withUserEntries(folder).byId("my_net").isEmpty(), "unregistered");
        assertTrue(Files.exists(source));
    }

    @Test
    void importOfAKnownFileInstallsItAsThatModel() throws IOException {
        ModelStore store = store(catalogue("http://127.0.0.1:9/tiny-9.onnx", sha(BODY)));
        Path source = tmp.resolve("downloaded-elsewhere.onnx");
        Files.write(source, BODY);

        assertEquals("tiny", store.importFile(source).id());

        assertArrayEquals(BODY, Files.readAllBytes(folder.resolve(ZOO_FILE)));
        assertTrue(UserCatalog.read(folder).isEmpty(), "a catalogue model needs no registration");
    }

    @Test
    void importSortsVggWeightsAndRefusesOtherFiles() throws IOException {
        ModelStore store = store(catalogue("http://127.0.0.1:9/tiny-9.onnx", sha(BODY)));
        Path pth = Files.copy(resource("tiny_vgg19_zip.pth"), tmp.resolve("vgg19-local.pth"));
        assertEquals(ModelEntry.VGG, store.importFile(pth).kind());

        Path png = tmp.resolve("picture.onnx");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> store.importFile(png));
        assertTrue(e.getMessage().contains("PNG"), e.getMessage());
        Path json = tmp.resolve("model.json");
        Files.writeString(json, "{}");
        assertTrue(assertThrows(StyleTransferException.class, () -> store.importFile(json)).getMessage().contains("shards"));
        assertThrows(StyleTransferException.class, () -> store.importFile(tmp.resolve("missing.onnx")));
    }

    private static Path resource(String name) {
        try {
            return Path.of(ModelStoreTest.class.getResource("/vgg/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Imports {@code file}, which must be refused with one line that starts so; nothing is installed. */
    private void assertRefused(ModelStore store, Path file, String start, String detail) throws IOException {
        byte[] before = Files.readAllBytes(file);

        String line = assertThrows(StyleTransferException.class, () -> store.importFile(file)).getMessage();

        assertTrue(line.startsWith(start) && line.contains(detail), line);
        assertFalse(line.contains("\n"), line);
        assertFalse(Files.exists(folder.resolve("imported").resolve(file.getFileName())), "nothing copied: " + line);
        assertTrue(UserCatalog.read(folder).isEmpty(), "nothing registered: " + line);
        assertTrue(store.list().stream().noneMatch(s -> s.entry().id().equals(ModelStore.idFor(file.getFileName().toString()))));
        assertArrayEquals(before, Files.readAllBytes(file), "the user's file is left as it was");
    }

    @Test
    void importRefusesFilesThatDoNotLoadAsTheirKind() throws IOException {
        ModelStore store = store(catalogue("http://127.0.0.1:9/tiny-9.onnx", sha(BODY)));
        Path random = Files.write(tmp.resolve("random.onnx"), bytes(3000, 7));
        Path oneChannel = TestModels.wrongChannels(tmp.resolve("grey.onnx"));
        Path twoInputs = TestModels.twoInputs(tmp.resolve("two.onnx"));
        Path randomVgg = Files.write(tmp.resolve("vgg19-random.pth"), bytes(2000, 5));

        assertRefused(store, random, "Cannot import " + random + ": it is not a readable ONNX model (", "truncated or corrupt");
        assertRefused(store, oneChannel, "Cannot import " + oneChannel + ": grey.onnx takes input float [1, 1, ?, ?]",
            "A style network must take one image tensor [1,3,H,W]");
        assertRefused(store, twoInputs, "Cannot import " + twoInputs + ": two.onnx has 2 inputs", "[1,3,H,W]");
        assertRefused(store, randomVgg, "Cannot read VGG-19 weights from '" + randomVgg + "'", "");
    }

    @Test
    void importRefusesATruncatedRealNetwork() throws IOException {
        byte[] candy = Files.readAllBytes(SharedData.model(SharedData.CANDY));
        Path half = Files.write(tmp.resolve("candy.onnx"), java.util.Arrays.copyOf(candy, candy.length / 2));
        ModelStore store = store(catalogue("http://127.0.0.1:9/tiny-9.onnx", sha(BODY)));

        assertRefused(store, half, "Cannot import " + half + ": ", "truncated or corrupt");
    }

    @Test
    void removeNeverDeletesOutsideTheUserFolder() throws IOException {
        Path shared = tmp.resolve("shared");
        Path sharedFile = shared.resolve("tiny/tiny.onnx");
        Files.createDirectories(sharedFile.getParent());
        Files.write(sharedFile, BODY);
        System.setProperty("styletransfer.models", shared + File.pathSeparator + folder);
        ModelStore store = store(catalogue("http://127.0.0.1:9/tiny-9.onnx", sha(BODY)));

        StyleTransferException e = assertThrows(StyleTransferException.class, () -> store.remove("tiny"));

        assertTrue(e.getMessage().contains(sharedFile.toString()) && e.getMessage().contains("outside"), e.getMessage());
        assertTrue(Files.exists(sharedFile));
        assertFalse(store.list().get(0).removable());
    }

    @Test
    void removeDoesNotFollowALinkOutOfTheUserFolder() throws IOException {
        Path shared = tmp.resolve("shared");
        Path sharedFile = shared.resolve("tiny/tiny.onnx");
        Files.createDirectories(sharedFile.getParent());
        Files.write(sharedFile, BODY);
        Files.createSymbolicLink(folder.resolve("tiny"), sharedFile.getParent());
        ModelStore store = store(catalogue("http://127.0.0.1:9/tiny-9.onnx", sha(BODY)));

        assertThrows(StyleTransferException.class, () -> store.remove("tiny"));

        assertTrue(Files.exists(sharedFile));
    }

    @Test
    void unknownModelsAndModelsWithoutDownloadAreClearErrors() {
        ModelStore store = store(ModelCatalog.parse("{\"models\": [{\"id\": \"handmade\", \"file\": \"h.onnx\"}]}"));
        assertTrue(assertThrows(StyleTransferException.class, () -> store.download("nope", Progress.NONE))
            .getMessage().contains("Unknown model 'nope'"));
        assertTrue(assertThrows(StyleTransferException.class, () -> store.download("handmade", Progress.NONE))
            .getMessage().contains("cannot be downloaded"));
        assertTrue(assertThrows(StyleTransferException.class, () -> store.remove("handmade"))
            .getMessage().contains("not installed"));
    }

    @Test
    void idsFromFileNames() {
        assertEquals("my_net", ModelStore.idFor("My Net.onnx"));
        assertEquals("vgg19_dcbb9e9d", ModelStore.idFor("vgg19-dcbb9e9d.pth"));
        assertEquals("model", ModelStore.idFor("---.onnx"));
    }
}
