package org.styletransfer.fast;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.FaultInjection;
import org.styletransfer.engine.FaultInjection.Fault;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.TestModels;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TestImages;
import org.styletransfer.models.ModelCatalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recovery of the fast stylizer, driven by {@link FaultInjection}: out of memory retries the plane
 * with smaller tiles, a failing CUDA moves the job to the CPU; the pixels are those of a normal run.
 * A small random-weight network with instance normalisation (so tiles use the whole-image
 * statistics, as the real networks do) keeps it fast.
 */
class FastRobustnessTest {
    /**
     * With the 16-px mirrored margin a zero-padding network (as this one) gets on every side, the
     * network sees 320x240: 256-px tiles make 2 tiles of 256x240, 128-px tiles 9.
     */
    private static final int W = 288;
    private static final int H = 208;

    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = TestModels.imageToImage(dir.resolve("robust_in.onnx"), true, 17);
    }

    static StyleNetwork network(Path file, Provider provider) {
        return StyleNetwork.open(ModelCatalog.get().resolve(file.toString()), provider, 0);
    }

    /** A colourful test pattern that differs between {@code seed}s. */
    static ColorImage pattern(int w, int h, int seed) {
        return TestImages.painted(w, h, (x, y, rgb) -> {
            rgb[0] = (float) (128 + 100 * Math.sin((x + 3 * seed) / 9.0) * Math.cos(y / 13.0));
            rgb[1] = (x * 255f / w + 40 * seed) % 256;
            rgb[2] = ((x ^ y) + 17 * seed) & 255;
        });
    }

    private static FastStylizer stylizer(Provider provider, int tileSize, int overlap) {
        return new FastStylizer(List.of(network(model, provider)), new double[] {1}, 1, tileSize, overlap);
    }

    @Test
    void outOfMemoryRetriesThePlaneWithHalfTheTileSizeAndSaysSo() {
        for (Fault fault : new Fault[] {Fault.ORT_OUT_OF_MEMORY, Fault.JAVA_OUT_OF_MEMORY}) {
            ColorImage img = pattern(W, H, 1);
            float[] source = img.data().clone();
            FastStylizer s = stylizer(Provider.CPU, 256, 64);
            List<String> shown = new ArrayList<>();
            s.onNote(shown::add);
            ColorImage out;
            // Runs of a tiled plane: the statistics pass, then one per tile; run 2 is the first 256-px tile.
            try (FaultInjection f = FaultInjection.install().failRun(2, fault)) {
                out = s.apply(img, () -> { });
                assertEquals(2 + 1 + 9, f.runs(), "the failed attempt, then statistics and 9 tiles of 128 px");
            }
            assertArrayEquals(source, img.data(), "the source is never modified, retries included");
            String note = "Out of memory with 256x240-px tiles; retried with 128-px tiles (plane 1)";
            assertEquals(List.of(note), s.notes(), fault.name());
            assertEquals(List.of(note), shown, "the note is shown as it happens");
            assertEquals("CPU", s.provider());

            // Identical to a run asked for with those tiles (overlap kept in proportion: 64 of 256 -> 32 of 128) ...
            ColorImage small = stylizer(Provider.CPU, 128, 32).apply(img, () -> { });
            assertArrayEquals(small.data(), out.data(), fault.name());
            // ... and as close to the untiled run as tiling ever is (FastStyleTransferTest's tolerance).
            double mad = TestImages.meanAbsoluteDifference(stylizer(Provider.CPU, 0, 64).apply(img, () -> { }), out, 16);
            System.out.printf("%s: retried plane vs untiled, MAD %.4f (0..255)%n", fault, mad);
            assertTrue(mad <= 1.0, "retried plane differs from the untiled result by " + mad);

            // Later planes of the job start with the smaller tiles: no second failure, no second note.
            try (FaultInjection f = FaultInjection.install()) {
                s.apply(pattern(W, H, 2), () -> { });
                assertEquals(1 + 9, f.runs());
            }
            assertEquals(1, s.notes().size());
        }
    }

    @Test
    void outOfMemoryAtTheSmallestTilesFailsWithTheSizesAndTheFix() throws Exception {
        FastStylizer s = stylizer(Provider.CPU, 256, 64);
        StyleTransferException e;
        try (FaultInjection f = FaultInjection.install().failFromRun(1, Fault.ORT_OUT_OF_MEMORY)) {
            e = assertThrows(StyleTransferException.class, () -> s.apply(pattern(W, H, 1), () -> { }));
        }
        String m = e.getMessage();
        assertTrue(m.startsWith("Out of memory stylising the 288x208 image (plane 1) with model 'robust_in.onnx', "
            + "even with 128-px tiles (the smallest): Non-zero status code"), m);
        assertTrue(m.contains("Failed to allocate memory") && m.contains("fewer threads") && m.contains("smaller image")
            && m.contains("-Xmx"), m);
        assertEquals(1, s.notes().size(), "256 -> 128 was tried first: " + s.notes());

        // A fixed-size network cannot take smaller tiles: it fails at once, naming its size.
        Path fixed = TestModels.fixedSizeImageToImage(dir.resolve("robust_fixed.onnx"), 32, 5);
        FastStylizer f32 = new FastStylizer(List.of(network(fixed, Provider.CPU)), new double[] {1}, 1, 0, 8);
        try (FaultInjection f = FaultInjection.install().failRun(2, Fault.JAVA_OUT_OF_MEMORY)) {
            String fm = assertThrows(StyleTransferException.class, () -> f32.apply(pattern(80, 60, 1), () -> { })).getMessage();
            assertTrue(fm.contains("even with 32-px tiles (the model's fixed size): Java: Direct buffer memory"), fm);
        }
    }

    @Test
    void aCudaFailureMidRunFinishesTheJobOnTheCpuWithTheSamePixels() {
        List<ColorImage> planes = List.of(pattern(W, H, 1), pattern(W, H, 2), pattern(W, H, 3));
        FastStylizer cpu = stylizer(Provider.CPU, 256, 64);
        List<ColorImage> expected = new ArrayList<>();
        for (ColorImage p : planes) expected.add(cpu.apply(p, () -> { }));

        List<ColorImage> got = new ArrayList<>();
        FastStylizer job;
        // Each plane: statistics, then 2 tiles. Run 5 is plane 2's first tile.
        try (FaultInjection f = FaultInjection.install().simulatingCuda().failRun(5, Fault.CUDA_FAILURE)) {
            job = stylizer(Provider.CUDA, 256, 64);
            assertEquals("CUDA", job.provider());
            for (ColorImage p : planes) got.add(job.apply(p, () -> { }));
            assertEquals(9 + 1, f.runs(), "the failed run was repeated once, on the CPU");
        }
        for (int k = 0; k < planes.size(); k++) {
            assertArrayEquals(expected.get(k).data(), got.get(k).data(), "plane " + (k + 1));
        }
        String provider = job.provider();
        System.out.println("Fast style provider after a simulated CUDA failure: " + provider);
        assertTrue(provider.startsWith("CUDA, then CPU (CUDA failed at plane 2: Non-zero status code"), provider);
        assertTrue(provider.contains("illegal memory access"), provider);
        assertEquals(1, job.notes().size());
        assertTrue(job.notes().get(0).startsWith("CUDA failed at plane 2: ") && job.notes().get(0).endsWith("; continuing on CPU"),
            job.notes().get(0));
        assertEquals("CPU", cpu.provider());
        assertEquals(List.of(), cpu.notes());
    }
}
