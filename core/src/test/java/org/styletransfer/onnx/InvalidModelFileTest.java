package org.styletransfer.onnx;

import org.styletransfer.testutil.SharedData;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and wrong files must give a checked, explanatory InvalidModelException. */
class InvalidModelFileTest {

    @TempDir
    Path dir;

    @Test
    void emptyFile() throws Exception {
        Path file = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertExplained(file, "empty");
    }

    @Test
    void truncatedRealModel() throws Exception {
        byte[] model = Files.readAllBytes(SharedData.model(SharedData.CANDY));
        for (int length : new int[] {1, 10, 100, 5000, model.length / 2, model.length - 1}) {
            Path file = Files.write(dir.resolve("candy_" + length + ".onnx"), Arrays.copyOf(model, length));
            assertExplained(file, "truncated");
        }
    }

    @Test
    void everyPrefixOfASmallModelIsRejected() throws Exception {
        byte[] model = TestModels.imageToImageModel(true, 3).toBytes();
        for (int length = 0; length < model.length; length++) {
            byte[] prefix = Arrays.copyOf(model, length);
            assertThrows(InvalidModelException.class, () -> OnnxModel.parse(prefix), "prefix " + length);
        }
    }

    @Test
    void pngRenamedToOnnx() throws Exception {
        Path file = dir.resolve("photo.onnx");
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        assertExplained(file, "PNG image");
    }

    @Test
    void randomBytes() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int size : new int[] {1, 7, 100, 4096, 1 << 20}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            assertExplained(Files.write(dir.resolve("random_" + size + ".onnx"), data), "not a valid ONNX model");
        }
    }

    @Test
    void corruptedBytesNeverEscapeAsUncheckedExceptions() {
        byte[] model = TestModels.imageToImageModel(true, 5).toBytes();
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] damaged = model.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                OnnxModel.parse(damaged).toBytes();
            } catch (InvalidModelException expected) {
                // fine: either it still parses or it is rejected with the checked exception
            }
        }
    }

    private static void assertExplained(Path file, String fragment) {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> OnnxModel.read(file));
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains(fragment), message);
        assertTrue(message.contains("re-download") && message.contains("re-export"), message);
    }
}
