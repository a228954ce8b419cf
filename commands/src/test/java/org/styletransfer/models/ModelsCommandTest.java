package org.styletransfer.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.command.ModelsCommand;
import org.styletransfer.command.ModelsSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.TestModels;
import org.styletransfer.testutil.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Models command's one parameter definition, as macros and scripts give it values. */
class ModelsCommandTest {
    @TempDir
    Path folder;
    @TempDir
    Path source;

    private ModelStore store() {
        return new ModelStore(folder, ModelCatalog::bundled, new ModelDownloader(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    private static ParamValues values(Map<String, String> given) {
        return ParamValues.of(ModelsSpec.spec().params(), given);
    }

    @Test
    void macroOptionsOfTheSpecRecordAndReplay() {
        ParamValues v = values(Map.of("action", "download", "model", "MOSAIC"));
        assertEquals(ModelsSpec.Action.DOWNLOAD, v.choice(ModelsSpec.ACTION, ModelsSpec.Action.class));
        assertEquals("mosaic", v.string(ModelsSpec.MODEL));
        assertTrue(v.toMacroOptions().startsWith("action=Download model=mosaic file=[]"), v.toMacroOptions());
        assertTrue(values(Map.of("model", "vgg19")).string(ModelsSpec.MODEL).equals("vgg19"), "VGG weights can be chosen");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> values(Map.of("action", "Delete")));
        assertTrue(bad.getMessage().contains("Set mirror"), bad.getMessage());
    }

    @Test
    void listSetMirrorAndImportWithoutFile() {
        ModelStore store = store();
        ModelsCommand.Outcome set = ModelsCommand.run(values(Map.of("action", "Set mirror", "mirror", "http://mirror.lab/models")),
            store, Progress.NONE);
        assertTrue(set.message().contains("http://mirror.lab/models/"), set.message());

        ModelsCommand.Outcome list = ModelsCommand.run(values(Map.of("action", "List")), store, Progress.NONE);
        assertEquals(ModelCatalog.bundled().allEntries().size(), list.listing().size());
        assertTrue(list.message().contains("mirror: http://mirror.lab/models/"), list.message());
        ModelStore.Status vgg = list.listing().stream().filter(s -> s.entry().id().equals("vgg19")).findFirst().orElseThrow();
        assertEquals("http://mirror.lab/models/vgg19-dcbb9e9d.pth", vgg.downloadFrom().orElseThrow().toString());

        StyleTransferException e = assertThrows(StyleTransferException.class,
            () -> ModelsCommand.run(values(Map.of("action", "Import")), store, Progress.NONE));
        assertTrue(e.getMessage().contains("file="), e.getMessage());
    }

    @Test
    void importRefusesWhatIsNoImageNetworkAndInstallsNothing() throws IOException {
        ModelStore store = store();
        Path random = Files.write(source.resolve("random.onnx"), randomBytes(4000));
        byte[] candy = Files.readAllBytes(SharedData.model(SharedData.CANDY));
        Path truncated = Files.write(source.resolve("candy_half.onnx"), Arrays.copyOf(candy, candy.length / 2));
        Path grey = TestModels.wrongChannels(source.resolve("grey.onnx"));

        for (Path file : List.of(random, truncated, grey)) {
            StyleTransferException e = assertThrows(StyleTransferException.class, () -> ModelsCommand.run(
                values(Map.of("action", "Import", "file", file.toString())), store, Progress.NONE));

            assertTrue(e.getMessage().startsWith("Cannot import " + file + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertFalse(Files.exists(folder.resolve("imported")), "nothing was copied");
        assertFalse(Files.exists(folder.resolve("user-catalog.json")), "nothing was registered");

        Path good = TestModels.imageToImage(source.resolve("good.onnx"), false, 3);
        ModelsCommand.Outcome ok = ModelsCommand.run(values(Map.of("action", "Import", "file", good.toString())),
            store, Progress.NONE);
        assertTrue(ok.message().contains("as model 'good' (fast)"), ok.message());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(11).nextBytes(b);
        b[0] = 0x08; // starts like an ONNX file
        return b;
    }
}
