package org.styletransfer.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.onnx.TestModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
        ModelSession s = OnnxEngine.shared().session("auto-test", "test model", () -> bytes, Provider.AUTO, 0);
        assertEquals("CPU", s.provider());
        assertTrue(s.providerNote().contains("CUDA is not available") && s.providerNote().endsWith("using CPU"));
        assertFalse(s.providerNote().contains("\n"));
        ModelSession cpu = OnnxEngine.shared().session("auto-test", "test model", () -> bytes, Provider.CPU, 0);
        assertEquals("", cpu.providerNote(), "nothing to explain when CPU was asked for");
    }

    @Test
    void cudaOnTheCpuBuildFailsWithAFix(@TempDir Path dir) throws Exception {
        assumeFalse(OnnxEngine.cudaBuilt(), "GPU build");
        byte[] bytes = model(dir);
        StyleTransferException e = assertThrows(StyleTransferException.class,
            () -> OnnxEngine.shared().session("cuda-test", "test model", () -> bytes, Provider.CUDA, 0));
        assertTrue(e.getMessage().contains("onnxruntime_gpu"), e.getMessage());
    }

    @Test
    void aGpuBuildWhoseCudaDoesNotLoadAsksForCudaNotForTheGpuBuild(@TempDir Path dir) throws Exception {
        byte[] bytes = model(dir);
        try (FaultInjection f = FaultInjection.install().cudaThatCannotStart()) {
            StyleTransferException e = assertThrows(StyleTransferException.class,
                () -> OnnxEngine.shared().session("no-cuda-12", "test model", () -> bytes, Provider.CUDA, 0));
            assertTrue(e.getMessage().startsWith("CUDA could not start (") && e.getMessage().contains("CUDA 12")
                && !e.getMessage().contains("install the GPU build"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            ModelSession auto = OnnxEngine.shared().session("no-cuda-12", "test model", () -> bytes, Provider.AUTO, 0);
            assertEquals("CPU", auto.provider());
            assertTrue(auto.providerNote().startsWith("CUDA could not start") && auto.providerNote().endsWith("using CPU"),
                auto.providerNote());
        }
    }

    @Test
    void sessionsAreCachedAndRunInPlaceOnDirectBuffers(@TempDir Path dir) throws Exception {
        byte[] bytes = model(dir);
        int[] loads = {0};
        ModelSession a = OnnxEngine.shared().session("cache-test", "m", () -> { loads[0]++; return bytes; }, Provider.CPU, 0);
        ModelSession b = OnnxEngine.shared().session("cache-test", "m", () -> { loads[0]++; return bytes; }, Provider.CPU, 0);
        assertSame(a, b);
        assertEquals(1, loads[0]);
        try (FloatTensor in = FloatTensor.allocate(1, 3, 8, 8); FloatTensor out = FloatTensor.allocate(1, 3, 8, 8)) {
            for (int i = 0; i < in.size(); i++) in.buffer().put(i, i % 255);
            a.run(Map.of("input", in), Map.of("output", out));
            float first = out.buffer().get(0);
            assertTrue(Float.isFinite(first) && first != 0f, "the output buffer was written in place");
        }
    }

    /**
     * A session that gives its memory back after every run (an arena that shrinks at the end of each
     * run) computes what one that keeps its memory computes, run after run, through both ways of
     * running (outputs in place, outputs copied).
     */
    @Test
    void aSessionThatGivesItsMemoryBackComputesTheSameRunAfterRun(@TempDir Path dir) throws Exception {
        byte[] bytes = model(dir);
        ModelSession keeps = OnnxEngine.shared().session("memory-test", "m", () -> bytes, Provider.CPU, 0, true);
        ModelSession givesBack = OnnxEngine.shared().session("memory-test", "m", () -> bytes, Provider.CPU, 0, false);
        assertNotSame(keeps, givesBack);
        for (int size : new int[] {8, 24, 8}) {
            try (FloatTensor in = FloatTensor.allocate(1, 3, size, size);
                 FloatTensor a = FloatTensor.allocate(1, 3, size, size); FloatTensor b = FloatTensor.allocate(1, 3, size, size)) {
                for (int i = 0; i < in.size(); i++) in.buffer().put(i, (i * 7 + size) % 255);
                keeps.run(Map.of("input", in), Map.of("output", a));
                givesBack.run(Map.of("input", in), Map.of("output", b));
                float[] copied = givesBack.runAndCopy(Map.of("input", in), List.of("output")).get("output");
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.buffer().get(i), b.buffer().get(i), "in place, value " + i + " at " + size);
                    assertEquals(a.buffer().get(i), copied[i], "copied, value " + i + " at " + size);
                }
            }
        }
    }

    /**
     * The thread count is part of what a run asks for: two runs of the same model at once, one with
     * 1 thread and one with 3, each get (again and again, while the other keeps asking) a session
     * with their own count, and the default of runs that ask for none stays what it was.
     */
    @Test
    void concurrentRunsWithDifferentThreadCountsDoNotChangeEachOthers(@TempDir Path dir) throws Exception {
        byte[] bytes = model(dir);
        int automatic = OnnxEngine.shared().threads(0);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Integer>> one = pool.submit(() -> threadsSeen(bytes, 1, together));
            Future<List<Integer>> three = pool.submit(() -> threadsSeen(bytes, 3, together));
            assertEquals(List.of(1), one.get(2, TimeUnit.MINUTES).stream().distinct().toList());
            assertEquals(List.of(3), three.get(2, TimeUnit.MINUTES).stream().distinct().toList());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(automatic, OnnxEngine.shared().threads(0), "the default is nobody's to change");
        ModelSession byDefault = OnnxEngine.shared().session("threads-test", "m", () -> bytes, Provider.CPU, 0);
        assertEquals(automatic, byDefault.threads());
    }

    /** Rounds of: ask for the session with {@code threads}, run it, note the count it runs with. */
    private static List<Integer> threadsSeen(byte[] bytes, int threads, CyclicBarrier together) throws Exception {
        together.await(1, TimeUnit.MINUTES);
        List<Integer> seen = new ArrayList<>();
        try (FloatTensor in = FloatTensor.allocate(1, 3, 8, 8); FloatTensor out = FloatTensor.allocate(1, 3, 8, 8)) {
            for (int round = 0; round < 20; round++) {
                ModelSession s = OnnxEngine.shared().session("threads-test", "m", () -> bytes, Provider.CPU, threads);
                s.run(Map.of("input", in), Map.of("output", out));
                seen.add(s.threads());
            }
        }
        return seen;
    }

    @Test
    void providerLabelsParse() {
        assertEquals(Provider.AUTO, Provider.parse("Auto"));
        assertEquals(Provider.CUDA, Provider.parse("cuda"));
        assertThrows(IllegalArgumentException.class, () -> Provider.parse("TPU"));
    }
}
