package org.styletransfer.vgg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.vgg.VggFixtures.PickleWriter;
import org.styletransfer.vgg.VggFixtures.TensorSpec;
import org.styletransfer.vgg.VggWeights.InputConvention;

/** PyTorch state_dicts: zip and legacy layouts, damaged files, and files that try to run code. */
class TorchVggReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsZipCheckpointPickledByPython() {
        // Written by make_torch_fixtures.py with Python's own pickler, as torch.save does.
        VggWeights weights = VggWeightsReader.read(VggFixtures.resource("tiny_vgg19_zip.pth"));
        VggFixtures.assertFixtureLayers(weights, 16);
        assertTrue(isTorchvision(weights));
        assertTrue(weights.source().contains("PyTorch state_dict"), weights.source());
    }

    @Test
    void readsLegacyCheckpointPickledByPython() {
        VggWeights weights = VggWeightsReader.read(VggFixtures.resource("tiny_vgg19_legacy.pth"));
        VggFixtures.assertFixtureLayers(weights, 16);
        assertTrue(weights.source().contains("legacy"), weights.source());
    }

    @Test
    void readsZipCheckpointWrittenInJavaWithAnyExtension() throws Exception {
        Map<String, byte[]> storages = new LinkedHashMap<>();
        List<TensorSpec> tensors = VggFixtures.fixtureTensors(16, TorchVggReader.VGG19_FEATURE_INDICES, storages);
        Path file = dir.resolve("weights.bin"); // detected by content, not by the name
        VggFixtures.writeTorchZip(file, VggFixtures.stateDictPickle(tensors), storages);
        VggWeights weights = VggWeightsReader.read(file);
        VggFixtures.assertFixtureLayers(weights, 16);
        assertTrue(isTorchvision(weights));
    }

    @Test
    void truncatedFeaturesGiveAPartialNetwork() throws Exception {
        Map<String, byte[]> storages = new LinkedHashMap<>();
        List<TensorSpec> tensors = VggFixtures.fixtureTensors(5, TorchVggReader.VGG19_FEATURE_INDICES, storages);
        Path file = dir.resolve("partial.pth");
        VggFixtures.writeTorchZip(file, VggFixtures.stateDictPickle(tensors), storages);
        VggWeights weights = VggWeightsReader.read(file);
        VggFixtures.assertFixtureLayers(weights, 5);
        assertTrue(VggWeightsReader.describe(weights).startsWith("VGG-19 conv1_1..conv3_1 (5 of 16 layers;"
                + " deeper layers missing in partial.pth): usable style layers relu1_1..relu3_1"),
                VggWeightsReader.describe(weights));
    }

    @Test
    void callerCanOverrideTheConvention() {
        VggWeights weights = VggWeightsReader.read(VggFixtures.resource("tiny_vgg19_zip.pth"), InputConvention.caffe());
        assertTrue(weights.convention().bgr());
        assertTrue(weights.source().contains("given by the caller"), weights.source());
    }

    @Test
    void refusesAPickleThatCallsOsSystemAndRunsNothing() throws Exception {
        Path marker = dir.resolve("pwned");
        byte[] evil = new PickleWriter().proto(2).global("os", "system")
                .unicode("touch '" + marker + "'").op(0x85).op('R').op('.').bytes();
        Path file = dir.resolve("vgg19.pth");
        VggFixtures.writeTorchZip(file, evil, Map.of());
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("refusing to load: the file asks to call os.system, which a weights"
                + " file never needs; it may be malicious"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(Files.exists(marker), "the command must not have run");
    }

    @Test
    void refusesEvalHiddenInsideAStateDict() throws Exception {
        // A legitimate first entry, then protocol-4 style STACK_GLOBAL builtins.eval as a value.
        Map<String, byte[]> storages = new LinkedHashMap<>();
        List<TensorSpec> tensors = VggFixtures.fixtureTensors(1, TorchVggReader.VGG19_FEATURE_INDICES, storages);
        byte[] evil = VggFixtures.stateDictPickle(tensors, p -> p.unicode("features.2.weight")
                .shortUnicode("builtins").shortUnicode("eval").op(0x93)
                .unicode("__import__('os').remove('x')").op(0x85).op('R'));
        Path file = dir.resolve("sneaky.pth");
        VggFixtures.writeTorchZip(file, evil, storages);
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("asks to call builtins.eval"), e.getMessage());
        assertTrue(e.getMessage().contains("may be malicious"), e.getMessage());
    }

    @Test
    void refusesInstOpcodeForSubprocess() throws Exception {
        byte[] evil = new PickleWriter().proto(2).op('(').unicode("ls").op('i').bytes();
        byte[] withNames = concat(evil, "subprocess\nPopen\n.".getBytes());
        Path file = dir.resolve("inst.pth");
        VggFixtures.writeTorchZip(file, withNames, Map.of());
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("subprocess.Popen"), e.getMessage());
    }

    @Test
    void wholePickledModelGetsAdviceToSaveTheStateDict() throws Exception {
        byte[] model = new PickleWriter().proto(2).global("torchvision.models.vgg", "VGG").emptyTuple()
                .op('R').op('.').bytes();
        Path file = dir.resolve("model.pth");
        VggFixtures.writeTorchZip(file, model, Map.of());
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("torch.save(model.state_dict()"), e.getMessage());
    }

    @Test
    void nonContiguousTensorIsAnError() throws Exception {
        Map<String, byte[]> storages = new LinkedHashMap<>();
        List<TensorSpec> tensors = new java.util.ArrayList<>(
                VggFixtures.fixtureTensors(1, TorchVggReader.VGG19_FEATURE_INDICES, storages));
        TensorSpec w = tensors.get(0);
        // A transposed view: same storage, swapped strides of the first two dimensions.
        tensors.set(0, new TensorSpec(w.key(), w.storage(), w.storageElements(), 0, w.size(),
                new long[] {9, 36, 3, 1}));
        Path file = dir.resolve("strided.pth");
        VggFixtures.writeTorchZip(file, VggFixtures.stateDictPickle(tensors), storages);
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("not stored contiguously"), e.getMessage());
    }

    @Test
    void storageWithOffsetIsHonoured() throws Exception {
        // Weight and bias of conv1_1 share one storage, the bias starting after the weights.
        float[] w = VggFixtures.oihw(0);
        float[] b = VggFixtures.biases(0);
        float[] both = Arrays.copyOf(w, w.length + b.length);
        System.arraycopy(b, 0, both, w.length, b.length);
        long n = both.length;
        List<TensorSpec> tensors = List.of(
                new TensorSpec("features.0.weight", "0", n, 0, new long[] {4, 3, 3, 3}, new long[] {27, 9, 3, 1}),
                new TensorSpec("features.0.bias", "0", n, w.length, new long[] {4}, new long[] {1}));
        Path file = dir.resolve("shared.pth");
        VggFixtures.writeTorchZip(file, VggFixtures.stateDictPickle(tensors), Map.of("0", VggFixtures.littleEndian(both)));
        VggFixtures.assertFixtureLayers(VggWeightsReader.read(file), 1);
    }

    @Test
    void truncatedStorageNamesEntryAndSizes() throws Exception {
        Map<String, byte[]> storages = new LinkedHashMap<>();
        List<TensorSpec> tensors = VggFixtures.fixtureTensors(2, TorchVggReader.VGG19_FEATURE_INDICES, storages);
        storages.put("2", Arrays.copyOf(storages.get("2"), 100));
        Path file = dir.resolve("short.pth");
        VggFixtures.writeTorchZip(file, VggFixtures.stateDictPickle(tensors), storages);
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("archive/data/2") && e.getMessage().contains("100 bytes, expected 432"),
                e.getMessage());
    }

    @Test
    void truncatedDownloadIsADamagedZip() throws Exception {
        byte[] whole = Files.readAllBytes(VggFixtures.resource("tiny_vgg19_zip.pth"));
        Path file = dir.resolve("cut.pth");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("damaged zip") && e.getMessage().contains("cut.pth"), e.getMessage());
    }

    @Test
    void truncatedLegacyFileIsReported() throws Exception {
        byte[] whole = Files.readAllBytes(VggFixtures.resource("tiny_vgg19_legacy.pth"));
        Path file = dir.resolve("cut-legacy.pth");
        Files.write(file, Arrays.copyOf(whole, whole.length - 500));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("cut-legacy.pth") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void vgg16LayoutIsRejected() throws Exception {
        List<Integer> vgg16 = List.of(0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28);
        Map<String, byte[]> storages = new LinkedHashMap<>();
        List<TensorSpec> tensors = VggFixtures.fixtureTensors(8, vgg16, storages);
        Path file = dir.resolve("vgg16.pth");
        VggFixtures.writeTorchZip(file, VggFixtures.stateDictPickle(tensors), storages);
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("features.17") && e.getMessage().contains("VGG-16"), e.getMessage());
    }

    @Test
    void zipWithoutDataPklIsNotACheckpoint() throws Exception {
        Path file = dir.resolve("other.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("hello".getBytes());
        }
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("no data.pkl"), e.getMessage());
    }

    private static boolean isTorchvision(VggWeights weights) {
        return !weights.convention().bgr() && weights.convention().scale() == 1 / 255.0
                && Arrays.equals(weights.convention().mean(), InputConvention.torchvision().mean());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
