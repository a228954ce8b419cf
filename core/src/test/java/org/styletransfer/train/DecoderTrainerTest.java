package org.styletransfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.testutil.TinyVgg;
import org.styletransfer.vgg.VggWeights;

/**
 * Training on a tiny random VGG and painted pictures: the loss falls, a resumed run is bit for bit
 * the straight one, a cancelled run leaves a checkpoint, and crops are reproducible.
 */
class DecoderTrainerTest {

    @TempDir
    static Path folder;
    private static TrainingImages pictures;
    private static final VggWeights VGG = TinyVgg.weights(5);

    @BeforeAll
    static void paintPictures() throws IOException {
        for (int k = 0; k < 3; k++) {
            ImageIO.write(painted(k, 60 + 10 * k, 50), "png", folder.resolve("picture" + k + ".png").toFile());
        }
        Files.writeString(folder.resolve("notes.txt"), "not a picture: skipped");
        pictures = TrainingImages.read(folder);
    }

    /** Smooth gradients, a disc and stripes: something with edges and colour to reconstruct. */
    private static BufferedImage painted(int seed, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 40 + 150 * x / w + (Math.hypot(x - w / 2.0, y - h / 2.0) < h / 4.0 ? 60 : 0);
                int g = 60 + 120 * y / h;
                int b = ((x + 2 * y + 7 * seed) / 6) % 2 == 0 ? 200 : 50;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static TrainingSettings settings(int steps) {
        return new TrainingSettings("relu2_1", steps, 2, 16, 9, 3e-3, 0.01, 1, 0);
    }

    @Test
    void lossFalls() {
        try (DecoderTrainer trainer = new DecoderTrainer(settings(300), VGG, pictures, null)) {
            double before = trainer.measure().pixelLoss();
            for (int k = 0; k < 300; k++) {
                trainer.step();
            }
            double after = trainer.measure().pixelLoss();
            System.out.printf("tiny relu2_1 decoder: pixel MSE on a fixed batch %.1f -> %.1f after 300 steps%n", before,
                    after);
            assertTrue(after < 0.6 * before, "pixel MSE " + before + " -> " + after);
        }
    }

    @Test
    void resumedRunIsBitIdentical(@TempDir Path dir) throws IOException {
        float[] straight;
        try (DecoderTrainer trainer = new DecoderTrainer(settings(6), VGG, pictures, null)) {
            trainer.train(Progress.NONE, null);
            straight = trainer.weights();
        }
        Path file = dir.resolve("run.ckpt");
        try (DecoderTrainer first = new DecoderTrainer(settings(6), VGG, pictures, null)) {
            for (int k = 0; k < 3; k++) {
                first.step();
            }
            first.checkpoint().write(file);
        }
        try (DecoderTrainer second = new DecoderTrainer(settings(6), VGG, pictures, Checkpoint.read(file))) {
            assertEquals(3, second.stepsDone());
            second.train(Progress.NONE, file);
            assertArrayEquals(straight, second.weights());
        }
        assertEquals(6, Checkpoint.read(file).step());
    }

    @Test
    void cancelKeepsACheckpoint(@TempDir Path dir) {
        Path file = dir.resolve("cancelled.ckpt");
        List<Long> seen = new ArrayList<>();
        Progress cancelAfterTwo = new Progress() {
            @Override
            public void update(long done, long total, String status) {
                seen.add(done);
            }

            @Override
            public boolean isCancelled() {
                return seen.size() >= 2;
            }
        };
        try (DecoderTrainer trainer = new DecoderTrainer(settings(50), VGG, pictures, null)) {
            assertThrows(CancelledException.class, () -> trainer.train(cancelAfterTwo, file));
        }
        assertEquals(List.of(1L, 2L), seen);
        assertTrue(Files.exists(file));
    }

    @Test
    void checkpointOfAnotherRunIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("other.ckpt");
        try (DecoderTrainer trainer = new DecoderTrainer(settings(2), VGG, pictures, null)) {
            trainer.checkpoint().write(file);
        }
        TrainingSettings otherSeed = new TrainingSettings("relu2_1", 2, 2, 16, 10, 1e-2, 0.01, 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DecoderTrainer(otherSeed, VGG, pictures, Checkpoint.read(file)));
        assertTrue(e.getMessage().contains("--seed 9"), e.getMessage());
        Files.writeString(dir.resolve("junk.ckpt"), "junk");
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(dir.resolve("junk.ckpt")));
    }

    @Test
    void cropsAreReproducibleAndInRange() {
        float[] a = new float[2 * 3 * 16 * 16];
        float[] b = new float[a.length];
        pictures.fillBatch(a, 2, 16, new SplittableRandom(3));
        pictures.fillBatch(b, 2, 16, new SplittableRandom(3));
        assertArrayEquals(a, b);
        for (float v : a) {
            assertTrue(v >= 0 && v <= 255, "value " + v);
        }
        assertEquals(3, pictures.size());
    }

    @Test
    void badSettingsNameTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings("relu3_1", 10, 2, 30, 1, 1e-3, 0, 1, 0));
        assertTrue(e.getMessage().contains("multiple of 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingImages.read(folder.resolve("missing")));
    }
}
