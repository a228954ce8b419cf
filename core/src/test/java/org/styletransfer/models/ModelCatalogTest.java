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
