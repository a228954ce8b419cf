package org.styletransfer.gatys;

import org.styletransfer.image.StyleImage;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.lossgraph.GatysGraphs;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.vgg.VggWeights;

import java.util.List;

/**
 * Timings with the real partial VGG at 256x256: export, session load, one loss+gradient pass,
 * seconds per L-BFGS iteration. Only with -Dgatys.bench=true (it takes a minute).
 */
class GatysBenchmarkTest {

    @Test
    void timings() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("gatys.bench"), "benchmark: run with -Dgatys.bench=true");
        int threads = Integer.getInteger("gatys.threads", 2);
        VggWeights w = PartialVgg.load();
        NeuralStylizer stylizer = new NeuralStylizer(w);
        long t0 = System.nanoTime();
        byte[] bytes = GatysGraphs.lossAndGradient(w, stylizer.spec()).toBytes();
        long t1 = System.nanoTime();
        System.out.printf("export loss graph: %.2f s, %d MB%n", (t1 - t0) / 1e9, bytes.length >> 20);
        int size = Integer.getInteger("gatys.size", 256);
        ColorImage content = TestImages.read(SharedData.contentImage("tubingen.jpg")).resize(size, size);
        ColorImage style = TestImages.read(SharedData.root().resolve("images/style/starry_night.jpg"));
        long t2 = System.nanoTime();
        LossNetwork net = new LossNetwork(w, NeuralStylizer.fingerprint(w), stylizer.spec(), Provider.CPU, threads,
            new org.styletransfer.engine.SessionFallback(new org.styletransfer.engine.RunNotes()));
        long t3 = System.nanoTime();
        System.out.printf("export + load both sessions: %.2f s%n", (t3 - t2) / 1e9);
        int iterations = Integer.getInteger("gatys.iterations", 10);
        NeuralStyleSettings s = NeuralStyleSettings.builder().iterations(iterations).tolerance(0)
            .provider(Provider.CPU).threads(threads).build();
        NeuralStyleResult r = stylizer.stylize(content, List.of(StyleImage.of(style)), s, Progress.NONE);
        List<IterationInfo> h = r.history();
        double perIteration = (h.get(h.size() - 1).seconds() - h.get(0).seconds()) / (h.size() - 1);
        int evals = h.get(h.size() - 1).evaluations() - h.get(0).evaluations();
        double perEvaluation = (h.get(h.size() - 1).seconds() - h.get(0).seconds()) / evals;
        System.out.printf("%dx%d: %.3f s per L-BFGS iteration, %.3f s per evaluation (%d evaluations in %d iterations),"
                + " first iteration (with targets) at %.2f s; loss %.4g -> %.4g%n", size, size, perIteration,
            perEvaluation, r.evaluations(), r.iterations(), h.get(0).seconds(), r.initialLoss(), r.finalLoss());
        TestImages.writePng(r.image(), java.nio.file.Path.of("target", "gatys", "bench_" + size + ".png"));
    }
}
