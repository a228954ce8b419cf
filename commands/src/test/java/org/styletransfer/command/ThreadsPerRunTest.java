package org.styletransfer.command;

import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.SessionInterceptor;
import org.styletransfer.gatys.NeuralStyleListener;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.styletransfer.command.CommandFixtures.*;

/**
 * The threads option is per run: two commands started together with different counts each run
 * every model with their own count, as the engine's interceptor sees each run, whatever the other
 * asked for (a global count set and reset by each run would leak into the other).
 */
class ThreadsPerRunTest {
    @TempDir
    static Path tmp;

    /** The thread counts of the sessions each thread's model runs used. */
    private final Map<String, Set<Integer>> seen = new ConcurrentHashMap<>();

    @AfterEach
    void stopWatching() {
        OnnxEngine.shared().intercept(SessionInterceptor.NONE);
    }

    @Test
    void twoRunsAtOnceEachKeepTheirThreadCount() throws Exception {
        Path net = styleNet(tmp, true, 5);
        OnnxEngine.shared().intercept(new SessionInterceptor() {
            @Override
            public <T> T run(ModelSession session, Run<T> run) throws OrtException {
                seen.computeIfAbsent(Thread.currentThread().getName(), k -> ConcurrentHashMap.newKeySet())
                    .add(session.threads());
                return run.call();
            }
        });
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "run-" + System.nanoTime()));
        try {
            Future<String> one = pool.submit(() -> fastRun(net, 1, together));
            Future<String> three = pool.submit(() -> neuralRun(3, together));
            assertEquals(Set.of(1), seen.get(one.get(5, TimeUnit.MINUTES)), "Fast Style asked for 1 thread");
            assertEquals(Set.of(3), seen.get(three.get(5, TimeUnit.MINUTES)), "Neural Style asked for 3 threads");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Fast Style on a 4-frame movie with {@code threads}; returns the name of the thread that ran it. */
    private static String fastRun(Path net, int threads, CyclicBarrier together) throws Exception {
        together.await(1, TimeUnit.MINUTES);
        FastStyleCommand.run(rgbMovie("a.tif", 64, 48, 4, 1), fast(net).set(FastStyleSpec.THREADS, threads),
            Progress.NONE);
        return Thread.currentThread().getName();
    }

    /** Neural Style (the partial VGG-19 at a small work size) with {@code threads}. */
    private static String neuralRun(int threads, CyclicBarrier together) throws Exception {
        together.await(1, TimeUnit.MINUTES);
        NeuralStyleCommand.run(rgbMovie("b.tif", 64, 48, 1, 2), neural().set(NeuralStyleSpec.THREADS, threads),
            Progress.NONE, NeuralStyleListener.NONE);
        return Thread.currentThread().getName();
    }
}
