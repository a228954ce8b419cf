package org.styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.testutil.SharedData;

/** {@code train-decoder}: a short real run that writes a described decoder, and one-line refusals. */
class TrainDecoderCommandTest {
    @TempDir
    Path dir;

    private Path vgg() {
        return SharedData.model("vgg19_keras_tfjs_partial/model.json");
    }

    private Path pictures() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("pictures"));
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, (6 * x) << 16 | (8 * y) << 8 | ((x + y) % 7) * 30);
            }
        }
        ImageIO.write(image, "png", folder.resolve("a.png").toFile());
        return folder;
    }

    @Test
    void trainsAndWritesADescribedDecoder() throws Exception {
        Path output = dir.resolve("out/decoder_relu1_1.onnx");
        MainTest.Outcome o = MainTest.main("train-decoder", "--level", "relu1_1", "--images", pictures().toString(),
                "--vgg", vgg().toString(), "--steps", "3", "--batch", "1", "--crop", "16", "--threads", "1",
                "--output", output.toString(), "--evaluate", pictures().toString());
        assertEquals(Main.OK, o.status(), o.err());
        assertTrue(o.out().contains("a.png 40x30:"), o.out());
        assertTrue(Files.exists(Path.of(output + ".ckpt")), "checkpoint beside the output");
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(output.toString())) {
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals("relu1_1", meta.get("style_transfer.level"));
            String description = meta.get("style_transfer.description");
            assertTrue(description.contains("3 Adam steps of batch 1") && description.contains("seed 1")
                    && description.contains("PSNR"), description);
        }
    }

    @Test
    void badValuesAreOneLineNamingTheFix() throws Exception {
        MainTest.Outcome crop = MainTest.main("train-decoder", "--level", "relu3_1", "--images", dir.toString(),
                "--vgg", vgg().toString(), "--crop", "30", "--output", dir.resolve("d.onnx").toString());
        assertEquals(Main.USER_ERROR, crop.status());
        assertEquals("Error: crop 30 does not suit relu3_1: give a multiple of 4, at least 16", crop.err().trim());
        MainTest.Outcome resume = MainTest.main("train-decoder", "--level", "relu1_1", "--images", dir.toString(),
                "--vgg", vgg().toString(), "--resume", dir.resolve("none.ckpt").toString(), "--output",
                dir.resolve("d.onnx").toString());
        assertEquals(Main.USER_ERROR, resume.status());
        assertTrue(resume.err().contains("--resume") && resume.err().contains("does not exist"), resume.err());
    }
}
