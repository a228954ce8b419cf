package org.styletransfer.gatys;

import org.styletransfer.image.StyleImage;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TinyVgg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two optimisations at once on one {@link NeuralStylizer} (shared Gram cache, shared cached
 * sessions), on different images, while a third thread keeps clearing the engine's cache: each
 * gives exactly the result it gives alone.
 */
class ConcurrentNeuralStyleTest {

    private static NeuralStyleResult run(NeuralStylizer stylizer, int job) {
        ColorImage content = job == 0 ? TinyVgg.content(64, 48) : TinyVgg.style(56, 52, 9);
        List<StyleImage> styles = List.of(StyleImage.of(TinyVgg.style(40, 40, 5)));
        NeuralStyleSettings s = NeuralStyleSettings.builder().iterations(10).levels(2).styleWeight(10).tvWeight(1e-4)
            .tolerance(0).provider(Provider.CPU).build();
        return stylizer.stylize(content, styles, s, Progress.NONE);
    }

    @Test
    void twoRunsAtOnceGiveTheResultsOfTwoRunsOneAfterTheOther() throws Exception {
        NeuralStylizer stylizer = new NeuralStylizer(TinyVgg.weights(11));
        List<NeuralStyleResult> sequential = List.of(run(stylizer, 0), run(stylizer, 1));

        NeuralStylizer shared = new NeuralStylizer(TinyVgg.weights(11));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        try {
            List<Future<NeuralStyleResult>> runs = new ArrayList<>();
            for (int job = 0; job < 2; job++) {
                int j = job;
                runs.add(pool.submit(() -> {
                    start.await();
                    return run(shared, j);
                }));
            }
            Future<?> clearing = pool.submit(() -> {
                start.await();
                while (!done.get()) {
                    OnnxEngine.shared().clear();
                    Thread.sleep(20);
                }
                return null;
            });
            start.countDown();
            for (int job = 0; job < 2; job++) {
                NeuralStyleResult r = runs.get(job).get(2, TimeUnit.MINUTES);
                assertArrayEquals(sequential.get(job).image().data(), r.image().data(), "job " + job);
                assertEquals(sequential.get(job).finalLoss(), r.finalLoss(), "job " + job);
                assertEquals(sequential.get(job).evaluations(), r.evaluations(), "job " + job);
            }
            done.set(true);
            clearing.get(1, TimeUnit.MINUTES);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }
}
