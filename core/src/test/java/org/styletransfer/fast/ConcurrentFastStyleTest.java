package org.styletransfer.fast;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.onnx.TestModels;
import org.styletransfer.image.ColorImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two stylisations at once, on different images in different threads, sharing the network, its
 * cached sessions and the engine (while a third thread keeps clearing the engine's cache): each
 * gives exactly the pixels it gives alone.
 */
class ConcurrentFastStyleTest {
    private static final int PLANES = 3;

    @TempDir
    static Path dir;
    private static StyleNetwork net;

    @BeforeAll
    static void open() throws Exception {
        net = FastRobustnessTest.network(TestModels.imageToImage(dir.resolve("concurrent_in.onnx"), true, 23), Provider.CPU);
    }

    /** Job {@code job}: {@link #PLANES} planes of its own size and pattern, 64-px tiles (dozens per plane). */
    private static List<ColorImage> run(int job, FastStylizer s) {
        List<ColorImage> out = new ArrayList<>();
        for (int k = 0; k < PLANES; k++) {
            ColorImage img = job == 0 ? FastRobustnessTest.pattern(300, 220, k) : FastRobustnessTest.pattern(236, 270, 10 + k);
            out.add(s.apply(img, () -> { }));
        }
        return out;
    }

    private static FastStylizer stylizer() {
        return new FastStylizer(List.of(net), new double[] {1}, 1, 64, 16);
    }

    @Test
    void twoJobsAtOnceGiveThePixelsOfTwoJobsOneAfterTheOther() throws Exception {
        assertTrue(net.grid(300, 220, 64, 16).count() >= 20, "many tiles per plane");
        List<List<ColorImage>> sequential = List.of(run(0, stylizer()), run(1, stylizer()));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger clears = new AtomicInteger();
        try {
            List<Future<List<ColorImage>>> jobs = new ArrayList<>();
            for (int job = 0; job < 2; job++) {
                int j = job;
                jobs.add(pool.submit(started(start, () -> run(j, stylizer()))));
            }
            // Dropping the sessions while both jobs run them: each closes when its last run ends.
            Future<?> clearing = pool.submit(started(start, () -> {
                while (!done.get()) {
                    OnnxEngine.shared().clear();
                    clears.incrementAndGet();
                    Thread.sleep(5);
                }
                return null;
            }));
            start.countDown();
            List<List<ColorImage>> concurrent = new ArrayList<>();
            for (Future<List<ColorImage>> f : jobs) concurrent.add(f.get(2, TimeUnit.MINUTES));
            done.set(true);
            clearing.get(1, TimeUnit.MINUTES);
            System.out.printf("two concurrent fast-style jobs, %d cache clears meanwhile%n", clears.get());
            assertTrue(clears.get() > 1, "the cache was cleared while the jobs ran");
            for (int job = 0; job < 2; job++) {
                for (int k = 0; k < PLANES; k++) {
                    assertArrayEquals(sequential.get(job).get(k).data(), concurrent.get(job).get(k).data(),
                        "job " + job + ", plane " + k);
                }
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    void oneStylizerAppliedFromTwoThreadsGivesTheSamePixelsToo() throws Exception {
        List<List<ColorImage>> sequential = List.of(run(0, stylizer()), run(1, stylizer()));
        FastStylizer shared = stylizer();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<List<ColorImage>> a = pool.submit(started(start, () -> run(0, shared)));
            Future<List<ColorImage>> b = pool.submit(started(start, () -> run(1, shared)));
            start.countDown();
            List<ColorImage> ra = a.get(2, TimeUnit.MINUTES);
            List<ColorImage> rb = b.get(2, TimeUnit.MINUTES);
            for (int k = 0; k < PLANES; k++) {
                assertArrayEquals(sequential.get(0).get(k).data(), ra.get(k).data(), "job 0, plane " + k);
                assertArrayEquals(sequential.get(1).get(k).data(), rb.get(k).data(), "job 1, plane " + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code task}, waiting for {@code start} first so that the threads really run together. */
    static <T> Callable<T> started(CountDownLatch start, Callable<T> task) {
        return () -> {
            start.await();
            return task.call();
        };
    }
}
