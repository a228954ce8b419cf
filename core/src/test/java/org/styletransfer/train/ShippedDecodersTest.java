package org.styletransfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeightsReader;

/**
 * The decoders shipped in {@code onnx-models/decoders}: their metadata match the partial VGG-19
 * of {@code ../shared/models}, the jar carries them unchanged, and they reconstruct a held-out
 * photo (tubingen.jpg, 1024x768, never trained on; the hardest of the five content photos) above
 * a PSNR floor about 1 dB below what they reach (see docs/training.md).
 */
class ShippedDecodersTest {

    @ParameterizedTest(name = "{0} reconstructs tubingen above {1} dB")
    @CsvSource({"relu1_1, 30", "relu2_1, 21.5", "relu3_1, 20"})
    void reconstructsAHeldOutPhoto(String level, double floor) throws Exception {
        Path file = Path.of("onnx-models", "decoders", "decoder_" + level + ".onnx");
        VggWeights vgg = VggWeightsReader.read(SharedData.model("vgg19_keras_tfjs_partial/model.json"));
        DecoderArchitecture a = DecoderArchitecture.forLevel(level);
        byte[] model = Files.readAllBytes(file);
        assertArrayEquals(model, BundledDecoders.bytes(level).orElseThrow(), "the jar carries the same file");
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(model)) {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            assertEquals(DecoderArchitecture.KIND, meta.get(DecoderArchitecture.KIND_KEY));
            assertEquals(level, meta.get(DecoderArchitecture.LEVEL_KEY));
            assertEquals(vgg.fingerprint(a.deepestConv()), meta.get(DecoderArchitecture.FINGERPRINT_KEY));
            assertTrue(meta.get(DecoderArchitecture.DESCRIPTION_KEY).contains("PSNR"));
        }
        BufferedImage photo = ImageIO.read(SharedData.contentImage("tubingen.jpg").toFile());
        Reconstruction.Score score = new Reconstruction(vgg, a, model, 2).score("tubingen.jpg", photo);
        System.out.println(level + " decoder: " + score.line());
        assertTrue(score.psnr() > floor, score.line());
    }
}
