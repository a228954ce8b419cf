package org.styletransfer.engine;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.onnx.TestModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Failure classification, the fault seam, the CUDA-to-CPU fallback and sessions outliving clear(). */
class SessionRobustnessTest {

    private static ModelSession session(Path dir, String key, Provider provider) throws Exception {
        byte[] bytes = Files.readAllBytes(TestModels.imageToImage(dir.resolve("m.onnx"), false, 3));
        return OnnxEngine.shared().session(key, "test model", () -> bytes, provider, 0);
    }

    private static float[] run(ModelSession s, SessionFallback fallback) {
        try (FloatTensor in = FloatTensor.allocate(1, 3, 8, 8); FloatTensor out = FloatTensor.allocate(1, 3, 8, 8)) {
            for (int i = 0; i < in.size(); i++) in.buffer().put(i, (i * 7) % 255);
            if (fallback == null) s.run(Map.of("input", in), Map.of("output", out));
            else fallback.run(s, Map.of("input", in), Map.of("output", out));
            float[] v = new float[out.size()];
            out.buffer().get(0, v);
            return v;
        }
    }

    @Test
    void allocationFailuresAreToldApartFromBadInputAndProviderErrors() {
        List<String> oom = List.of(
            "Non-zero status code returned while running Conv node. Name:'c' Status Message: Failed to allocate memory for requested buffer of size 123",
            "std::bad_alloc",
            "BFCArena::AllocateRawInternal Available memory of 0 is smaller than requested bytes of 4096",
            "CUDA failure 2: out of memory ; GPU=0 ; hostname=x ; file=cuda_allocator.cc",
            "CUDNN_STATUS_ALLOC_FAILED");
        for (String m : oom) {
            assertEquals(ModelRunException.Kind.OUT_OF_MEMORY, ModelRunException.classify(new OrtException(OrtErrorCode.ORT_FAIL, m)), m);
        }
        assertEquals(ModelRunException.Kind.BAD_INPUT, ModelRunException.classify(new OrtException(
            OrtErrorCode.ORT_INVALID_ARGUMENT, "Got invalid dimensions for input: input for the following indices index: 1 Got: 4 Expected: 3")));
        assertEquals(ModelRunException.Kind.PROVIDER, ModelRunException.classify(new OrtException(
            OrtErrorCode.ORT_FAIL, "CUDA error cudaErrorLaunchFailure:unspecified launch failure")));
        assertTrue(ModelRunException.isOutOfMemory(new OutOfMemoryError("Java heap space")));
        assertFalse(ModelRunException.isOutOfMemory(new IllegalStateException("x")));
    }

    @Test
    void aSessionDroppedByClearStillRunsAndGivesTheSameValues(@TempDir Path dir) throws Exception {
        ModelSession s = session(dir, "robust-clear", Provider.CPU);
        float[] before = run(s, null);
        OnnxEngine.shared().clear();
        assertArrayEquals(before, run(s, null), "a dropped session reopens the model for the next run");
        assertNotSame(s, session(dir, "robust-clear", Provider.CPU), "the cache holds a fresh session");
    }

    @Test
    void aFailingCudaRunIsRepeatedOnTheCpuAndTheJobStaysThere(@TempDir Path dir) throws Exception {
        float[] cpu = run(session(dir, "robust-fallback", Provider.CPU), null);
        RunNotes notes = new RunNotes();
        SessionFallback fallback = new SessionFallback(notes);
        try (FaultInjection faults = FaultInjection.install().simulatingCuda().failRun(2, FaultInjection.Fault.CUDA_FAILURE)) {
            ModelSession cuda = session(dir, "robust-fallback", Provider.AUTO);
            assertEquals("CUDA", cuda.provider());
            fallback.at("tile 1");
            assertArrayEquals(cpu, run(cuda, fallback));
            assertEquals("CUDA", fallback.provider("CUDA"), "nothing failed yet");
            fallback.at("tile 2");
            assertArrayEquals(cpu, run(cuda, fallback), "run 2 failed on CUDA and was repeated on the CPU");
            assertEquals("CPU", fallback.active(cuda).provider(), "later runs go to the CPU");
            assertEquals(3, faults.runs());
        }
        String provider = fallback.provider("CUDA");
        assertTrue(provider.startsWith("CUDA, then CPU (CUDA failed at tile 2: "), provider);
        assertTrue(provider.contains("illegal memory access") && provider.endsWith(")"), provider);
        assertEquals(List.of(provider.substring("CUDA, then CPU (".length(), provider.length() - 1) + "; continuing on CPU"),
            notes.all());
    }

    /** In a job of parts, the provider names the part where CUDA failed; the note leaves it to the part's notes. */
    @Test
    void theProviderNamesThePartWhereCudaFailedAndLaterPartsRepeatIt(@TempDir Path dir) throws Exception {
        RunNotes first = new RunNotes();
        RunNotes second = new RunNotes();
        RunNotes third = new RunNotes();
        SessionFallback plane1 = new SessionFallback(first, "plane 1/3");
        SessionFallback plane2 = plane1.next(second, "plane 2/3");
        try (FaultInjection faults = FaultInjection.install().simulatingCuda().failRun(1, FaultInjection.Fault.CUDA_FAILURE)) {
            ModelSession cuda = session(dir, "robust-parts", Provider.AUTO);
            assertEquals("CUDA", plane1.provider("CUDA"));
            plane2.at("iteration 4");
            run(cuda, plane2);
        }
        String provider = plane2.provider("CUDA");
        assertTrue(provider.startsWith("CUDA, then CPU (plane 2/3: CUDA failed at iteration 4: "), provider);
        assertEquals(List.of(), first.all());
        assertEquals(1, second.all().size());
        assertTrue(second.all().get(0).startsWith("CUDA failed at iteration 4: "), second.all().get(0));
        SessionFallback plane3 = plane2.next(third, "plane 3/3");
        assertTrue(plane3.fellBack());
        assertEquals(provider, plane3.provider("CUDA"), "a later part says where the job left CUDA");
        assertEquals(List.of(), third.all(), "and adds no note");
    }

    /** A part's place in the run, nested parts included, for messages such as a CUDA failure's. */
    @Test
    void partsSayWhereTheyAre() {
        assertEquals("", Progress.NONE.where());
        Progress plane = Progress.NONE.part(1, 3, "plane");
        assertEquals("plane 2/3", plane.where());
        assertEquals("plane 2/3, step 1/4", plane.part(0, 4, "step").where());
        assertEquals("plane 2/3", plane.part(0, 1, "step").where(), "a single part adds nothing");
        assertEquals("step 1/4", Progress.NONE.part(0, 1, "plane").part(0, 4, "step").where());
    }

    @Test
    void outOfMemoryAndBadInputAreNotTakenForCudaFailing(@TempDir Path dir) throws Exception {
        SessionFallback fallback = new SessionFallback(new RunNotes());
        try (FaultInjection faults = FaultInjection.install().simulatingCuda().failRun(1, FaultInjection.Fault.ORT_OUT_OF_MEMORY)) {
            ModelSession cuda = session(dir, "robust-oom", Provider.CUDA);
            ModelRunException e = assertThrows(ModelRunException.class, () -> run(cuda, fallback));
            assertEquals(ModelRunException.Kind.OUT_OF_MEMORY, e.kind());
            assertFalse(fallback.fellBack(), "a smaller run may fit on CUDA: the caller decides");
            try (FloatTensor wrong = FloatTensor.allocate(1, 4, 8, 8); FloatTensor out = FloatTensor.allocate(1, 3, 8, 8)) {
                ModelRunException bad = assertThrows(ModelRunException.class,
                    () -> fallback.run(cuda, Map.of("input", wrong), Map.of("output", out)));
                assertEquals(ModelRunException.Kind.BAD_INPUT, bad.kind(), bad.getMessage());
            }
            assertFalse(fallback.fellBack());
        }
    }
}
