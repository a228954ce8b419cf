package org.styletransfer.vgg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.StyleTransferException;

/** TensorFlow.js layers models of Keras' VGG19, complete, partial and damaged. */
class TfjsVggReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsAllLayersTransposedToOihw() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 16);
        VggWeights weights = VggWeightsReader.read(json);
        VggFixtures.assertFixtureLayers(weights, 16);
        assertTrue(weights.convention().bgr());
        assertArrayEquals(new double[] {103.939, 116.779, 123.68}, weights.convention().mean());
        assertEquals("VGG-19 conv1_1..conv5_4 (all 16 layers): usable style layers relu1_1..relu5_4",
                VggWeightsReader.describe(weights));
    }

    @Test
    void folderStandsForItsModelJson() throws Exception {
        VggFixtures.writeTfjs(dir, 3);
        VggFixtures.assertFixtureLayers(VggWeightsReader.read(dir), 3);
    }

    @Test
    void missingShardsTruncateAtTheLastCompleteLayer() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 16);
        for (int group = 9; group <= 16; group++) {
            Files.delete(dir.resolve("group" + group + "-shard1of1"));
        }
        VggWeights weights = VggWeightsReader.read(json);
        VggFixtures.assertFixtureLayers(weights, 8);
        assertTrue(weights.source().contains("group9-shard1of1"), weights.source());
        assertTrue(VggWeightsReader.describe(weights).startsWith("VGG-19 conv1_1..conv3_4 (8 of 16 layers;"
                + " deeper layers missing in model.json): usable style layers relu1_1..relu3_4"),
                VggWeightsReader.describe(weights));
    }

    @Test
    void gapInTheMiddleStopsThere() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 16);
        Files.delete(dir.resolve("group4-shard1of1"));
        VggFixtures.assertFixtureLayers(VggWeightsReader.read(json), 3);
    }

    @Test
    void wrongShardSizeNamesFileAndSizes() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 4);
        Path shard = dir.resolve("group2-shard1of1");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, Arrays.copyOf(bytes, 100));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(json));
        assertTrue(e.getMessage().contains(shard.toString()) && e.getMessage().contains("has 100 bytes, expected "
                + bytes.length + " bytes"), e.getMessage());
    }

    @Test
    void groupSplitOverSeveralShardsIsConcatenated() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 3);
        byte[] bytes = Files.readAllBytes(dir.resolve("group2-shard1of1"));
        Files.write(dir.resolve("group2-shard1of2"), Arrays.copyOf(bytes, 50));
        Files.write(dir.resolve("group2-shard2of2"), Arrays.copyOfRange(bytes, 50, bytes.length));
        Files.writeString(json, Files.readString(json).replace("[\"group2-shard1of1\"]",
                "[\"group2-shard1of2\", \"group2-shard2of2\"]"));
        Files.delete(dir.resolve("group2-shard1of1"));
        VggFixtures.assertFixtureLayers(VggWeightsReader.read(json), 3);

        Files.write(dir.resolve("group2-shard2of2"), Arrays.copyOfRange(bytes, 50, bytes.length - 4));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(json));
        assertTrue(e.getMessage().contains("total " + bytes.length + " bytes (they total " + (bytes.length - 4)),
                e.getMessage());
    }

    @Test
    void noCompleteLayerIsAnError() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 2);
        Files.delete(dir.resolve("group1-shard1of1"));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(json));
        assertTrue(e.getMessage().contains("group1-shard1of1") && e.getMessage().contains("same folder"),
                e.getMessage());
    }

    @Test
    void detectsJsonByContentNotName() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 2);
        Path renamed = dir.resolve("vgg19-weights.txt");
        Files.move(json, renamed);
        VggFixtures.assertFixtureLayers(VggWeightsReader.read(renamed), 2);
    }

    @Test
    void vgg16NamesAreRejected() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 8);
        // Rename block3_conv4 to block4_conv1: the VGG-16 layer sequence.
        Files.writeString(json, Files.readString(json).replace("block3_conv4", "block4_conv1"));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(json));
        assertTrue(e.getMessage().contains("no conv3_4") && e.getMessage().contains("VGG-16"), e.getMessage());
    }

    @Test
    void otherJsonIsNotAModel() throws Exception {
        Path json = dir.resolve("manifest.json");
        Files.writeString(json, "{\"Variable\": {\"filename\": \"Variable\", \"shape\": [9, 9, 3, 32]}}");
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(json));
        assertTrue(e.getMessage().contains("no weightsManifest"), e.getMessage());
    }

    @Test
    void cutJsonIsReported() throws Exception {
        Path json = VggFixtures.writeTfjs(dir, 2);
        String text = Files.readString(json);
        Files.writeString(json, text.substring(0, text.length() / 2));
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(json));
        assertTrue(e.getMessage().contains("not valid JSON") && e.getMessage().contains("model.json"), e.getMessage());
    }

    @Test
    void uint8QuantizedWeightsAreDequantized() throws Exception {
        // conv1_1 with a kernel quantised to uint8 (value = q * scale + min), as tensorflowjs_converter
        // writes with --quantize_uint8.
        int n = 3 * 3 * 3 * 4;
        byte[] shard = new byte[n + 4 * 4];
        for (int i = 0; i < n; i++) {
            shard[i] = (byte) (i * 3);
        }
        ByteBuffer.wrap(shard, n, 16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        Files.write(dir.resolve("g1"), shard);
        Path json = dir.resolve("model.json");
        Files.writeString(json, "{\"weightsManifest\": [{\"paths\": [\"g1\"], \"weights\": ["
                + "{\"name\": \"block1_conv1/kernel\", \"shape\": [3, 3, 3, 4], \"dtype\": \"float32\","
                + " \"quantization\": {\"dtype\": \"uint8\", \"scale\": 0.5, \"min\": -2}},"
                + "{\"name\": \"block1_conv1/bias\", \"shape\": [4], \"dtype\": \"float32\"}]}]}");
        VggWeights.Conv conv = VggWeightsReader.read(json).layers().get(0);
        // HWIO index ((y*3+x)*3+i)*4+o holds (index*3 mod 256)*0.5-2; OIHW puts it at ((o*3+i)*3+y)*3+x.
        int y = 1;
        int x = 2;
        int i = 1;
        int o = 3;
        int hwio = ((y * 3 + x) * 3 + i) * 4 + o;
        assertEquals((hwio * 3 % 256) * 0.5f - 2, conv.weights()[((o * 3 + i) * 3 + y) * 3 + x]);
        assertArrayEquals(new float[] {1, 2, 3, 4}, conv.bias());
    }
}
