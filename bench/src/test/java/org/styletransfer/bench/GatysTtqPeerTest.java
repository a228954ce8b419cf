package org.styletransfer.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.util.StrictJson;
import org.styletransfer.vgg.VggWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

        // Read as a tree, by the names gatys_ttq_torch.py looks up.
        JsonObject p = StrictJson.parse(Files.readString(dir.resolve("problem.json"))).getAsJsonObject();
        assertEquals(40, p.get("width").getAsInt());
        assertEquals(32, p.get("height").getAsInt());
        assertEquals(24, p.get("style_width").getAsInt());
        assertEquals(20, p.get("style_height").getAsInt());
        assertEquals(strings("relu3_2"), p.get("content_layers"));
        assertEquals(strings("relu1_1", "relu2_1", "relu3_1"), p.get("style_layers"));
        assertEquals(3, p.getAsJsonArray("style_layer_weights").size());
        assertEquals(100, p.get("history").getAsInt(), "the default L-BFGS history");
        assertEquals("MAX", p.get("pooling").getAsString());
        for (String key : new String[] {"content_weight", "style_weight", "tv_weight"}) {
            assertTrue(p.get(key).getAsJsonPrimitive().isNumber(), key);
        }
        JsonObject convention = p.getAsJsonObject("convention");
        assertTrue(convention.get("bgr").getAsBoolean(), "caffe weights take BGR");
        assertEquals(3, convention.getAsJsonArray("mean").size());
        assertEquals(1.0, convention.get("scale").getAsDouble(), 1e-12);
        JsonArray layers = p.getAsJsonArray("layers");
        assertEquals(6, layers.size(), "conv1_1 .. conv3_2: the deepest layer the spec reads");
        JsonObject conv12 = layers.get(1).getAsJsonObject();
        assertEquals("conv1_2", conv12.get("name").getAsString());
        assertEquals("relu1_2", conv12.get("relu").getAsString());
        assertEquals(64, conv12.get("in").getAsInt());
        assertEquals(64, conv12.get("out").getAsInt());
        assertTrue(conv12.get("pool_after").getAsBoolean());
        assertFalse(layers.get(2).getAsJsonObject().get("pool_after").getAsBoolean());
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
    void scriptOutputWithoutAFieldSaysWhichIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> GatysTtqPeer.parse("{\"start_loss\": 1, \"iterations\": 2, \"seconds\": 0.9, \"trace\": []}"));
        assertEquals("the PyTorch run printed no evaluations", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GatysTtqPeer.parse("{\"start_loss\": 1,"));
    }

    private static JsonArray strings(String... values) {
        JsonArray a = new JsonArray();
        for (String v : values) a.add(v);
        return a;
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
