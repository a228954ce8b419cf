package org.styletransfer.vgg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.vgg.VggWeights.InputConvention;

/** Format detection and the messages for files that are not usable VGG weights. */
class VggWeightsReaderTest {

    @TempDir
    Path dir;

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope.pth");
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("does not exist"));
    }

    @Test
    void emptyFileIsReported() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.onnx"));
        assertMessage(file, "empty");
    }

    @Test
    void keras_h5GetsConversionAdvice() throws Exception {
        Path file = dir.resolve("vgg19.h5");
        Files.write(file, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0});
        assertMessage(file, "tensorflowjs_converter");
    }

    @Test
    void gitLfsPointerIsRecognised() throws Exception {
        Path file = dir.resolve("vgg19.pth.onnx");
        Files.writeString(file, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1\n");
        assertMessage(file, "Git LFS");
    }

    @Test
    void plainPickleIsNotACheckpoint() throws Exception {
        Path file = dir.resolve("weights.pkl");
        Files.write(file, new VggFixtures.PickleWriter().proto(2).op('}').op('.').bytes());
        assertMessage(file, "plain Python pickle");
    }

    @Test
    void randomBytesAreNeitherFormat() throws Exception {
        Path file = dir.resolve("noise.onnx");
        byte[] noise = new byte[1000];
        new java.util.Random(1).nextBytes(noise);
        noise[0] = 0x55;
        Files.write(file, noise);
        assertMessage(file, "not a tf.js model.json, a PyTorch .pth or a valid ONNX model");
        // The advice names the formats and where to get a file, and ends as a sentence.
        assertMessage(file, ". Use a VGG-19 in one of these formats: a TensorFlow.js model.json");
        assertMessage(file, "Plugins > Style Transfer > Models... downloads one (vgg19, ");
    }

    @Test
    void imageIsNotANetwork() throws Exception {
        Path file = dir.resolve("style.onnx");
        Files.write(file, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10});
        assertMessage(file, "it is an image");
    }

    @Test
    void tfjsShardPointsToModelJson() throws Exception {
        Path file = dir.resolve("group1-shard1of1");
        Files.write(file, new byte[64]);
        assertMessage(file, "Pick the model.json");
    }

    @Test
    void halfPrecisionDecoding() {
        assertEquals(1.0f, WeightFormats.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, WeightFormats.halfToFloat((short) 0xC000));
        assertEquals(0x1p-24f, WeightFormats.halfToFloat((short) 0x0001));
        assertEquals(65504f, WeightFormats.halfToFloat((short) 0x7BFF));
        assertEquals(Float.POSITIVE_INFINITY, WeightFormats.halfToFloat((short) 0x7C00));
    }

    @Test
    void describeFullAndPartial() {
        VggWeights one = new VggWeights(List.of(new VggWeights.Conv("conv1_1", 3, 1, new float[27], new float[1])),
                InputConvention.caffe(), "/data/w.json [tf.js layers model]");
        assertEquals("VGG-19 conv1_1..conv1_1 (1 of 16 layers; deeper layers missing in w.json): usable style"
                + " layers relu1_1..relu1_1 (the classic set relu1_1, relu2_1, relu3_1, relu4_1, relu5_1 needs all"
                + " 16 layers)", VggWeightsReader.describe(one));
    }

    private static void assertMessage(Path file, String part) {
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains(file.getFileName().toString()),
                e.getMessage());
    }
}
