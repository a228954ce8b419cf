package org.styletransfer.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.onnx.TestModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class OnnxEngineTest {

    private static byte[] model(Path dir) throws Exception {
        return Files.readAllBytes(TestModels.imageToImage(dir.resolve("m.onnx"), false, 1));
    }

    @Test
    void autoFallsBackToCpuWithAOneLineReasonOnTheCpuBuild(@TempDir Path dir) throws Exception {
        assumeFalse(OnnxEngine.cudaBuilt(), "GPU build: Auto picks CUDA here");
        byte[] bytes = model(dir);
        ModelSession s = OnnxEngine.shared().session("auto-test", "test model", () -> bytes, Provider.AUTO);
        assertEquals("CPU", s.provider());
        assertTrue(s.providerNote().contains("CUDA is not available") && s.providerNote().endsWith("using CPU"));
        assertFalse(s.providerNote().contains("\n"));
        ModelSession cpu = OnnxEngine.shared().session("auto-test", "test model", () -> bytes, Provider.CPU);
        assertEquals("", cpu.providerNote(), "nothing to explain when CPU was asked for");
    }

    @Test
    void cudaOnTheCpuBuildFailsWithAFix(@TempDir Path dir) throws Exception {
        assumeFalse(OnnxEngine.cudaBuilt(), "GPU build");
        byte[] bytes = model(dir);
        StyleTransferException e = assertThrows(StyleTransferException.class,
            () -> OnnxEngine.shared().session("cuda-test", "test model", () -> bytes, Provider.CUDA));
        assertTrue(e.getMessage().contains("onnxruntime_gpu"), e.getMessage());
    }

    @Test
    void sessionsAreCachedAndRunInPlaceOnDirectBuffers(@TempDir Path dir) throws Exception {
        byte[] bytes = model(dir);
        int[] loads = {0};
        ModelSession a = OnnxEngine.shared().session("cache-test", "m", () -> { loads[0]++; return bytes; }, Provider.CPU);
        ModelSession b = OnnxEngine.shared().session("cache-test", "m", () -> { loads[0]++; return bytes; }, Provider.CPU);
        assertSame(a, b);
        assertEquals(1, loads[0]);
        try (FloatTensor in = FloatTensor.allocate(1, 3, 8, 8); FloatTensor out = FloatTensor.allocate(1, 3, 8, 8)) {
            for (int i = 0; i < in.size(); i++) in.buffer().put(i, i % 255);
            a.run(Map.of("input", in), Map.of("output", out));
            float first = out.buffer().get(0);
            assertTrue(Float.isFinite(first) && first != 0f, "the output buffer was written in place");
        }
    }

    @Test
    void providerLabelsParse() {
        assertEquals(Provider.AUTO, Provider.parse("Auto"));
        assertEquals(Provider.CUDA, Provider.parse("cuda"));
        assertThrows(IllegalArgumentException.class, () -> Provider.parse("TPU"));
    }
}
