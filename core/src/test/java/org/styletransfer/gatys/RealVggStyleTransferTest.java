package org.styletransfer.gatys;

import org.styletransfer.image.StyleImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tübingen in the style of The Starry Night with the real (partial) VGG-19, small and short. */
class RealVggStyleTransferTest {
    private static VggWeights weights;

    @BeforeAll
    static void load() throws IOException {
        weights = PartialVgg.load();
    }

    @Test
    void tubingenInStarryNightStyle() throws IOException {
        ColorImage content = TestImages.read(SharedData.contentImage("tubingen.jpg"), 160);
        Path styleFile = SharedData.root().resolve("images").resolve("style").resolve("starry_night.jpg");
        ColorImage style = TestImages.read(styleFile);
        NeuralStyleSettings s = NeuralStyleSettings.builder().iterations(15).provider(Provider.CPU).tolerance(0)
            .build();
        NeuralStylizer stylizer = new NeuralStylizer(weights);
        NeuralStyleResult r = stylizer.stylize(content, List.of(StyleImage.of(style)), s, Progress.NONE,
            new NeuralStyleListener() {
                @Override
                public void onIteration(IterationInfo info) {
                    LossTerms t = info.loss();
                    System.out.printf("it %2d  loss %.4g  content %.4g  style %.4g %s  tv %.4g  (%.1f s)%n",
                        info.iteration(), t.total(), t.content(), t.style(), t.styleLayers(), t.tv(), info.seconds());
                }
            });
        TestImages.writePng(r.image(), Path.of("target", "gatys", "tubingen_starry_night.png"));
        System.out.printf("Tübingen x Starry Night %dx%d: loss %.4g -> %.4g in %d iterations, %d evaluations, %.1f s%n",
            content.width(), content.height(), r.initialLoss(), r.finalLoss(), r.iterations(), r.evaluations(),
            r.seconds());
        assertEquals(content.width(), r.image().width());
        assertTrue(r.finalLoss() < r.initialLoss() / 10, r.initialLoss() + " -> " + r.finalLoss());
    }

    /**
     * The multi-scale preconditioner, Neural Style's default, against plain L-BFGS on the same
     * short run: a lower loss after the same iterations (both images are written for a look).
     */
    @Test
    void thePreconditionedRunEndsLowerThanPlainLbfgs() throws IOException {
        ColorImage content = TestImages.read(SharedData.contentImage("tubingen.jpg"), 160);
        ColorImage style = TestImages.read(SharedData.root().resolve("images").resolve("style")
            .resolve("starry_night.jpg"));
        NeuralStyleSettings.Builder b = NeuralStyleSettings.builder().iterations(40).provider(Provider.CPU)
            .tolerance(0);
        NeuralStylizer stylizer = new NeuralStylizer(weights);
        NeuralStyleResult plain = stylizer.stylize(content, List.of(StyleImage.of(style)), b.lbfgsOctaves(0).build(),
            Progress.NONE);
        NeuralStyleResult multiscale = stylizer.stylize(content, List.of(StyleImage.of(style)),
            b.lbfgsOctaves(NeuralStyleSettings.DEFAULT_LBFGS_OCTAVES).build(), Progress.NONE);
        TestImages.writePng(plain.image(), Path.of("target", "gatys", "tubingen_starry_night_40_plain.png"));
        TestImages.writePng(multiscale.image(), Path.of("target", "gatys", "tubingen_starry_night_40_octaves.png"));
        System.out.printf("40 iterations at %dx%d: plain L-BFGS %.4g (%d evaluations), preconditioned %.4g (%d)%n",
            content.width(), content.height(), plain.finalLoss(), plain.evaluations(), multiscale.finalLoss(),
            multiscale.evaluations());
        assertTrue(multiscale.finalLoss() < 0.95 * plain.finalLoss(), multiscale.finalLoss() + " against "
            + plain.finalLoss());
    }
}
