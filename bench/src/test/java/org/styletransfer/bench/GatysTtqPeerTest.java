package org.styletransfer.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.gatys.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.util.Json;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The problem the PyTorch time-to-quality run reads, and (where torch is installed) its loss against ours. */
class GatysTtqPeerTest {
    private static final Path SCRIPT = Path.of("bench/src/main/python/gatys_ttq_torch.py");

    /** conv1_1 .. conv3_2 with seeded random weights at VGG's own widths. */
    private static VggWeights weights() {
        return GatysWeights.completed(new VggWeights(List.of(), VggWeights.InputConvention.caffe(), "none"), 6, 5);
    }

    private static NeuralStyleSettings settings() {
        return NeuralStyleSettings.builder().iterations(1).tolerance(0).provider(Provider.CPU).build();
    }

    @Test
    void theProblemFolderDescribesLayersLossesAndImages(@TempDir Path dir) throws IOException {
        VggWeights w = weights();
        GatysGraphSpec spec = GatysGraphSpec.defaults(w);
        ColorImage content = GatysImages.synthetic(40, 32, 1);
        ColorImage style = GatysImages.synthetic(24, 20, 2);
        GatysTtqPeer.write(dir, w, spec, settings(), content, style, content);

        Map<String, Object> p = Json.parseObject(Files.readString(dir.resolve("problem.json")));
        assertEquals(40, ((Number) p.get("width")).intValue());
        assertEquals(32, ((Number) p.get("height")).intValue());
        assertEquals(24, ((Number) p.get("style_width")).intValue());
        assertEquals(List.of("relu3_2"), p.get("content_layers"));
        assertEquals(List.of("relu1_1", "relu2_1", "relu3_1"), p.get("style_layers"));
        assertEquals(100, ((Number) p.get("history")).intValue(), "the default L-BFGS history");
        List<?> layers = (List<?>) p.get("layers");
        assertEquals(6, layers.size(), "conv1_1 .. conv3_2: the deepest layer the spec reads");
        Map<?, ?> conv12 = (Map<?, ?>) layers.get(1);
        assertEquals("relu1_2", conv12.get("relu"));
        assertEquals(Boolean.TRUE, conv12.get("pool_after"));
        assertEquals(Boolean.FALSE, ((Map<?, ?>) layers.get(2)).get("pool_after"));
        assertEquals(4L * 256 * 256 * 9, Files.size(dir.resolve("conv3_2_W.f32")));
        assertEquals(4L * 3 * 40 * 32, Files.size(dir.resolve("content.f32")));
        assertEquals(4L * 3 * 24 * 20, Files.size(dir.resolve("style.f32")));
    }

    @Test
    void theScriptsJsonIsRead() {
        GatysTtqPeer.Run r = GatysTtqPeer.parse("noise\n{\"start_loss\": 12.5, \"iterations\": 2, \"evaluations\": 3, "
            + "\"seconds\": 0.9, \"trace\": [[0.3, 12.5], [0.6, 9.0], [0.9, 9.5]]}\n");
        assertEquals(12.5, r.startLoss());
        assertEquals(9.0, r.bestLoss());
        assertEquals(1, r.firstWithin(9.2));
        assertEquals(-1, r.firstWithin(1));
    }

    @Test
    void torchComputesTheSameLossAtTheStart(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(torchInstalled(), "PyTorch is not installed for /usr/bin/python3: this cross-check of "
            + "the exported loss against an autograd implementation is skipped (apt-get install python3-torch)");
        VggWeights w = weights();
        GatysGraphSpec spec = GatysGraphSpec.defaults(w);
        ColorImage content = GatysImages.synthetic(32, 32, 1);
        ColorImage style = GatysImages.synthetic(32, 24, 2);
        NeuralStyleResult ours = new NeuralStylizer(w, spec).stylize(content, List.of(StyleImage.of(style)),
            settings(), Progress.NONE);
        GatysTtqPeer.write(dir, w, spec, settings(), content, style, content);
        GatysTtqPeer.Run torch = new GatysTtqPeer("/usr/bin/python3", SCRIPT, 2, System.err).solve(dir, 2);
        assertTrue(ours.initialLoss() > 0);
        assertEquals(ours.initialLoss(), torch.startLoss(), 1e-4 * ours.initialLoss());
        assertTrue(torch.bestLoss() < torch.startLoss(), "PyTorch's L-BFGS lowers the loss");
    }

    private static boolean torchInstalled() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) return false;
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
