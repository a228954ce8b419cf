package org.styletransfer.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled catalogue's download data, and the user catalogue's file format. */
class ModelCatalogTest {
    private static final String ZOO = "https://github.com/onnx/models/raw/main/validated/vision/style_transfer/fast_neural_style/model/";
    private static final long ZOO_SIZE = 6728029;

    @TempDir
    Path tmp;

    @Test
    void onnxModelZooNetsCanBeDownloadedWithChecksumAndSize() {
        ModelCatalog c = ModelCatalog.bundled();
        for (String id : List.of("candy", "mosaic", "udnie", "rain_princess", "pointilism")) {
            ModelEntry e = c.byId(id).orElseThrow();
            DownloadSource d = e.download().orElseThrow(() -> new AssertionError(id + " has no download"));
            String name = id.replace('_', '-') + "-9.onnx";
            assertEquals(ZOO + name, d.url());
            assertEquals(name, d.fileName());
            assertEquals("onnx_model_zoo/" + name, d.file());
            assertTrue(d.sha256().matches("[0-9a-f]{64}"), id + ": " + d.sha256());
            assertEquals(ZOO_SIZE, d.size());
            assertTrue(d.license().startsWith("BSD-3-Clause"), d.license());
            assertEquals(List.of(e.file(), d.file()), e.files(), "the project's file is still looked for first");
        }
    }

    @Test
    void vgg19WeightsAreTorchvisionsFileWhoseNameStartsItsChecksum() {
        ModelEntry e = ModelCatalog.bundled().byId("vgg19").orElseThrow();
        DownloadSource d = e.download().orElseThrow();
        assertEquals(ModelEntry.VGG, e.kind());
        assertEquals("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth", d.url());
        String prefix = d.fileName().replaceAll(".*-([0-9a-f]{8})\\.pth", "$1");
        assertTrue(d.sha256().startsWith(prefix), d.sha256() + " vs " + prefix);
        assertEquals(e.file(), d.file());
        assertEquals(574673361L, d.size());
    }

    @Test
    void styleChoicesLeaveVggWeightsOut() {
        ModelCatalog c = ModelCatalog.bundled();
        assertTrue(c.entries().stream().allMatch(e -> e.kind().equals(ModelEntry.FAST)));
        assertTrue(c.allEntries().stream().anyMatch(e -> e.id().equals("vgg19")));
        assertFalse(c.installedFastIds().contains("vgg19"));
        assertEquals(16, c.entries().size(), "every earlier network is still there");
    }

    @Test
    void mirrorAddressIsMirrorPlusPublishedName() {
        DownloadSource d = ModelCatalog.bundled().byId("mosaic").orElseThrow().download().orElseThrow();
        ModelStore store = new ModelStore(tmp, ModelCatalog::bundled, new ModelDownloader(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        store.setMirror("http://mirror.lab/models");
        assertEquals("http://mirror.lab/models/mosaic-9.onnx", store.downloadUrl(d).toString());
    }

    @Test
    void userCatalogueRoundTripsAwkwardNames() throws IOException {
        ModelEntry e = new ModelEntry("odd", "Say \"hi\" \\ tab\t", ModelEntry.FAST, "imported/odd.onnx", "ab", 12,
            true, -1, 1, 0, 255.5, 8, "imported from C:\\models\\odd.onnx", "unknown");
        UserCatalog.write(tmp, List.of(e));
        assertEquals(List.of(e), UserCatalog.read(tmp));
        assertTrue(ModelCatalog.bundled().withUserEntries(tmp).byId("odd").isPresent());
    }

    @Test
    void userCatalogueKeepsADownloadAndDefaultsWhatItLeavesOut() throws IOException {
        ModelEntry e = new ModelEntry("dl", "Dl", ModelEntry.FAST, "dl/dl.onnx", "cd", 34, false, 0, 255, 0, 255, 4,
            "somewhere", "MIT").withDownload(new DownloadSource("https://host/dl-9.onnx", "zoo/dl-9.onnx", "ef", 56, "BSD"));
        UserCatalog.write(tmp, List.of(e));
        assertEquals(List.of(e), UserCatalog.read(tmp));

        ModelEntry minimal = ModelCatalog.parse("{\"models\": [{\"id\": \"m\", \"file\": \"m.onnx\","
            + " \"download\": {\"url\": \"http://host/m.onnx\"}}]}").byId("m").orElseThrow();
        assertEquals(new ModelEntry("m", "m", ModelEntry.FAST, "m.onnx", "", -1, false, 0, 255, 0, 255, 1, "", "")
            .withDownload(new DownloadSource("http://host/m.onnx", "m.onnx", "", -1, "")), minimal);
    }

    /** What {@link ModelCatalog#parse} says about a catalogue with this one model. */
    private static String problemWith(String model) {
        return assertThrows(IllegalArgumentException.class,
            () -> ModelCatalog.parse("{\"models\": [\n" + model + "\n]}")).getMessage();
    }

    @Test
    void aBrokenCatalogueSaysWhatIsWrongAndWhere() {
        assertEquals("it has no \"models\" list",
            assertThrows(IllegalArgumentException.class, () -> ModelCatalog.parse("{\"about\": \"x\"}")).getMessage());
        assertEquals("model 1 has no \"id\"", problemWith("{\"file\": \"a.onnx\"}"));
        assertEquals("catalogue entry a has no \"file\"", problemWith("{\"id\": \"a\"}"));
        assertEquals("catalogue entry a: input.range must be two numbers [black, white], not 3",
            problemWith("{\"id\": \"a\", \"file\": \"a.onnx\", \"input\": {\"range\": [0, 1, 2]}}"));
        assertEquals("catalogue entry a: download.url must be an http(s) address, not ftp://host/a.onnx",
            problemWith("{\"id\": \"a\", \"file\": \"a.onnx\", \"download\": {\"url\": \"ftp://host/a.onnx\"}}"));
        String wrongType = problemWith("{\"id\": \"a\", \"file\": \"a.onnx\", \"input\": {\"range\": \"0..255\"}}");
        assertTrue(wrongType.startsWith("JSON: Expected BEGIN_ARRAY but was STRING") && wrongType.contains("$.models[0].input.range"),
            wrongType);
        String syntax = problemWith("{\"id\": \"a\", \"file\": \"a.onnx\",}");
        assertTrue(syntax.startsWith("JSON: ") && syntax.contains("line 2"), syntax);
    }

    @Test
    void userCatalogueCannotRedefineABundledModelAndABrokenOneIsIgnored() throws IOException {
        ModelEntry fake = ModelEntry.custom("evil.onnx");
        UserCatalog.write(tmp, List.of(new ModelEntry("candy", "fake", ModelEntry.FAST, "evil.onnx", "", -1,
            false, 0, 255, 0, 255, 4, fake.source(), fake.license())));
        ModelCatalog c = ModelCatalog.bundled();
        assertEquals(c.byId("candy"), c.withUserEntries(tmp).byId("candy"));

        Files.writeString(tmp.resolve(UserCatalog.FILE_NAME), "{ not json");
        assertEquals(List.of(), UserCatalog.read(tmp));
        assertEquals(Optional.empty(), ModelCatalog.bundled().withUserEntries(tmp).byId("evil"));
    }
}
