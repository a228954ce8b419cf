package org.styletransfer.onnx;

import org.styletransfer.testutil.OrtRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture models must load, run and have the advertised shapes. */
class TestModelsTest {

    @TempDir
    Path dir;

    @Test
    void imageToImageRunsOnAnySizeAndIsSeeded() throws Exception {
        for (boolean norm : new boolean[] {true, false}) {
            Path file = TestModels.imageToImage(dir.resolve("net.onnx"), norm, 5);
            OnnxModel model = OnnxModel.read(file);
            assertArrayEquals(new long[] {1, 3, -1, -1}, model.inputs().get(0).dims());
            OrtRun.Tensor out = single(Files.readAllBytes(file), "input", 1, 3, 17, 23);
            assertArrayEquals(new long[] {1, 3, 17, 23}, out.shape());
            double mean = 0;
            for (float v : out.values()) {
                mean += v / out.values().length;
            }
            assertTrue(mean > 30 && mean < 225, "mean " + mean);
            byte[] again = TestModels.imageToImageModel(norm, 5).toBytes();
            assertArrayEquals(Files.readAllBytes(file), again);
        }
    }

    @Test
    void fixedSizeModelDeclaresItsSize() throws Exception {
        Path file = TestModels.fixedSizeImageToImage(dir.resolve("fixed.onnx"), 32, 1);
        assertArrayEquals(new long[] {1, 3, 32, 32}, OnnxModel.read(file).inputs().get(0).dims());
        assertArrayEquals(new long[] {1, 3, 32, 32}, single(Files.readAllBytes(file), "input", 1, 3, 32, 32).shape());
    }

    @Test
    void wrongChannelsModelIsSingleChannel() throws Exception {
        Path file = TestModels.wrongChannels(dir.resolve("gray.onnx"));
        assertArrayEquals(new long[] {1, 1, -1, -1}, OnnxModel.read(file).inputs().get(0).dims());
        assertArrayEquals(new long[] {1, 1, 9, 8}, single(Files.readAllBytes(file), "input", 1, 1, 9, 8).shape());
    }

    @Test
    void twoInputsModelAdds() throws Exception {
        Path file = TestModels.twoInputs(dir.resolve("two.onnx"));
        assertEquals(List.of("a", "b"), OnnxModel.read(file).inputs().stream().map(TensorInfo::name).toList());
        OrtRun.Tensor a = OrtRun.Tensor.randomImage(1, 1, 3, 2, 2);
        OrtRun.Tensor b = OrtRun.Tensor.randomImage(2, 1, 3, 2, 2);
        float[] sum = Ort.run(Files.readAllBytes(file), Map.of("a", a, "b", b)).get("sum").values();
        assertEquals(a.values()[5] + b.values()[5], sum[5], 1e-4);
    }

    private static OrtRun.Tensor single(byte[] model, String input, long... shape) throws Exception {
        return Ort.run(model, input, OrtRun.Tensor.randomImage(3, shape)).values().iterator().next();
    }
}
