package org.styletransfer.bench;

import org.styletransfer.cli.Cli;
import org.styletransfer.cli.Main;
import org.styletransfer.cli.UsageException;
import org.styletransfer.command.WeightedList;
import org.styletransfer.engine.StyleTransferException;

import org.junit.jupiter.api.Test;
import org.styletransfer.image.ColorImage;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.LossTerms;
import org.styletransfer.vgg.VggWeights;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument handling and output formats of bench-gatys and gatys-examples; nothing is timed. */
class GatysBenchCommandTest {

    /** The checked settings of {@code bench-gatys args}, parsed as BenchMain parses them. */
    private static GatysBenchCommand.Settings settings(String... args) {
        GatysBenchCommand command = new GatysBenchCommand(System.out, System.err);
        Cli.parse(new CommandLine(command), args);
        return command.s.validated();
    }

    /** What {@code bench-gatys args} rejects as the user's mistake (exit status 2), with its message. */
    private static String userError(String... args) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> settings(args));
        assertTrue(e instanceof UsageException || e instanceof ParameterException, e.toString());
        return e instanceof ParameterException p ? Cli.message(p) : e.getMessage();
    }

    @Test
    void defaultsAreTheIssuesCases() {
        GatysBenchCommand.Settings s = settings();
        assertEquals(List.of(256, 512), s.sizes);
        assertEquals(2, s.warmup);
        assertEquals(5, s.runs);
        assertEquals(500, s.ttqIters);
        assertEquals(256, s.ttqSize);
        assertEquals(3, s.ttqLevels);
        assertEquals(100, s.ttqCoarseIters);
        assertEquals(0.05, s.ttqWithin);
        assertEquals(500, s.ttqPeerIters);
        assertEquals(java.util.Set.of(GatysBenchCommand.Part.SPEED, GatysBenchCommand.Part.TTQ), s.parts);
        assertNotNull(s.peer);
        assertTrue(s.ortConfig.isEmpty());
        assertEquals("starry_night.jpg", s.ttqStyle);
        assertNull(s.ttqInitModel, "no fast-model start unless asked for");
        assertEquals(org.styletransfer.gatys.NeuralStyleSettings.DEFAULT_LBFGS_OCTAVES, s.ttqOctaves,
            "our runs use what Neural Style uses");
    }

    @Test
    void optionsAreParsed() {
        GatysBenchCommand.Settings s = settings("--sizes", "128, 512x512", "--runs", "3", "--warmup", "1", "--peer",
            "none", "--parts", "ttq", "--ttq-iters", "200", "--ttq_coarse_iters", "50", "--ort_config",
            "session.set_denormal_as_zero=1", "--ttq_style", "great_wave.jpg", "--ttq_init_model", "wave");
        assertEquals(List.of(128, 512), s.sizes);
        assertEquals(3, s.runs);
        assertEquals(1, s.warmup);
        assertNull(s.peer);
        assertEquals(java.util.Set.of(GatysBenchCommand.Part.TTQ), s.parts);
        assertEquals(200, s.ttqIters);
        assertEquals(200, s.ttqPeerIters, "the peer's reference follows --ttq_iters");
        assertEquals(50, s.ttqCoarseIters);
        assertEquals(Map.of("session.set_denormal_as_zero", "1"), s.ortConfig);
        assertEquals("great_wave.jpg", s.ttqStyle);
        assertEquals("wave", s.ttqInitModel);
        assertNull(settings("--ttq_init_model", "none").ttqInitModel);
        assertEquals(GatysBenchCommand.UNIVERSAL, settings("--ttq_init_model", "universal").ttqInitModel);
        GatysBenchCommand.Settings fewer = settings("--ttq_content_c2f", "false", "--ttq_peer_start", "false");
        assertFalse(fewer.ttqContentC2f);
        assertFalse(fewer.ttqPeerStart);
        assertTrue(settings().ttqContentC2f && settings().ttqPeerStart, "every case unless told");
        assertEquals(0, settings("--ttq_iters", "0").ttqIters, "no time to quality, and no complaint about its peer");
        assertEquals(0, settings("--ttq_octaves", "0").ttqOctaves, "plain L-BFGS everywhere");
        assertEquals(4, settings("--ttq_octaves", "4").ttqOctaves);
        assertTrue(userError("--ttq_octaves", "-1").contains("--ttq_octaves"), userError("--ttq_octaves", "-1"));
        assertNull(settings().ttqSheet, "no sheet unless asked for");
        assertEquals(java.nio.file.Path.of("sheet.png"),
            settings("--ttq_sheet", "sheet.png", "--ttq_init_model", "universal").ttqSheet);
        assertTrue(userError("--ttq_sheet", "sheet.png").startsWith("--ttq_sheet needs --ttq_init_model"),
            userError("--ttq_sheet", "sheet.png"));
        assertTrue(userError("--ttq_sheet", "sheet.png", "--ttq_init_model", "universal", "--ttq_octaves", "0")
            .startsWith("--ttq_sheet needs"));
        assertNull(settings("--ttq_sheet", "none").ttqSheet);
    }

    /** The sheet: the pictures left to right, top-aligned, 8 white pixels between them and below the shorter. */
    @Test
    void theSheetPutsThePicturesSideBySide() throws Exception {
        ColorImage a = new ColorImage(2, 2);
        java.util.Arrays.fill(a.data(), 10);
        ColorImage b = new ColorImage(3, 1);
        java.util.Arrays.fill(b.data(), 200);
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("sheet").resolve("sheet.png");
        GatysBenchCommand.writeSheet(file, List.of(a, b));
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(file.toFile());
        assertEquals(2 + 8 + 3, png.getWidth());
        assertEquals(2, png.getHeight());
        assertEquals(0x0a0a0a, png.getRGB(1, 1) & 0xffffff, "the first picture");
        assertEquals(0xffffff, png.getRGB(5, 0) & 0xffffff, "the gap");
        assertEquals(0xc8c8c8, png.getRGB(10, 0) & 0xffffff, "the second picture");
        assertEquals(0xffffff, png.getRGB(10, 1) & 0xffffff, "below the shorter picture");
    }

    @Test
    void theProviderIsOneProviderAndNamesTheCases() {
        if (!org.styletransfer.engine.OnnxEngine.cudaBuilt()) {
            assertEquals(org.styletransfer.engine.Provider.CPU, settings().provider(), "the CPU build's default");
        }
        GatysBenchCommand.Settings cpu = settings("--provider", "cpu");
        assertEquals("cpu", cpu.providerName());
        assertEquals("", cpu.ttqSuffix(), "CPU time-to-quality names stay as they were");
        assertEquals(1, cpu.matmulChain());
        GatysBenchCommand.Settings cuda = settings("--provider", "CUDA");
        assertEquals(org.styletransfer.engine.Provider.CUDA, cuda.provider());
        assertEquals("cuda", cuda.providerName());
        assertEquals("_cuda", cuda.ttqSuffix());
        assertEquals(8, cuda.matmulChain());
        assertTrue(userError("--provider", "auto").contains("CPU or CUDA"));
        assertTrue(userError("--provider", "gpu").contains("CPU or CUDA"));
    }

    @Test
    void badOptionsAreUserErrors() {
        assertTrue(userError("--sizes", "100").contains("multiples of 16"));
        assertTrue(userError("--sizes", "512x256").contains("not a square size"));
        assertTrue(userError("--sizes", "big").contains("'big' is not a square size"));
        assertEquals("--runs must be at least 1, not 0.", userError("--runs", "0"));
        assertTrue(userError("--runs", "many").contains("'many' is not an int"), userError("--runs", "many"));
        assertTrue(userError("--parts", "speed,fast").contains("SPEED, TTQ"), userError("--parts", "speed,fast"));
        assertEquals("--ttq_levels must be at least 2, not 1.", userError("--ttq_levels", "1"));
        assertEquals("--ttq_coarse_iters must be at least 1, not 0.", userError("--ttq_coarse_iters", "0"));
        assertTrue(userError("--graph_only", "maybe").contains("'maybe' is not a boolean"));
        assertTrue(userError("--ort_config", "novalue").contains("KEY=VALUE"));
        assertEquals("--style_weight must be positive, not -1.0.", userError("--style_weight", "-1"));
        assertTrue(userError("--size", "256").startsWith("Unknown option '--size'"));
    }

    @Test
    void mainReportsABadSizeWithExitStatus2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchMain.run(new String[] {"bench-gatys", "--sizes", "100"}, new PrintStream(out, true,
            StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USER_ERROR, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("multiples of 16"), err.toString(StandardCharsets.UTF_8));
        status = BenchMain.run(new String[] {"gatys-examples", "--blend", "a:x"}, new PrintStream(out, true,
            StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USER_ERROR, status);
        err.reset();
        status = BenchMain.run(new String[] {"gatys-examples", "--style_weight", "0"}, new PrintStream(out, true,
            StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USER_ERROR, status, "checked as in bench-gatys");
        assertEquals("Error: --style_weight must be positive, not 0.0.", err.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void benchLineHasTheFieldsOfTheIssue() {
        Pattern p = Pattern.compile("BENCH case=gatys_512_cpu ms=[0-9.]+ gflops=[0-9.]+ peak_gflops=[0-9.]+ "
            + "sgemm_gflops=([0-9.]+|NA) mem_mb=[0-9]+ peer_ms=([0-9.]+|NA)");
        SgemmPeak.Result sgemm = new SgemmPeak.Result(490.24, "torch.mm 4096^3, 2 threads");
        String line = GatysBenchCommand.benchLine("gatys_512_cpu", 1234.56, 321.4, 400, sgemm, 2048.4, 2760);
        assertEquals("BENCH case=gatys_512_cpu ms=1234.6 gflops=321.4 peak_gflops=400.0 sgemm_gflops=490.2 mem_mb=2048"
            + " peer_ms=2760.0", line);
        assertTrue(p.matcher(line).matches());
        assertTrue(p.matcher(GatysBenchCommand.benchLine("gatys_512_cpu", 1, 2, 3,
            SgemmPeak.Result.missing("no torch"), 4, Double.NaN)).matches());
    }

    private static IterationInfo info(int level, int iteration, double loss, double seconds) {
        return new IterationInfo(level, 2, iteration, 10, 64, 64, new LossTerms(loss, 0, 0, 0, Map.of()), iteration,
            seconds);
    }

    @Test
    void iterationTimesSkipTheWarmUp() {
        List<IterationInfo> h = List.of(info(0, 1, 9, 5.0), info(0, 2, 8, 5.5), info(0, 3, 7, 5.75),
            info(0, 4, 6, 6.0));
        assertArrayEquals(new double[] {250, 250}, GatysBenchCommand.iterationMs(h, 2), 1e-9);
        assertArrayEquals(new double[] {500, 250, 250}, GatysBenchCommand.iterationMs(h, 0), 1e-9);
        assertThrows(IllegalStateException.class, () -> GatysBenchCommand.iterationMs(h.subList(0, 2), 2));
    }

    @Test
    void timeToQualityFindsTheFirstIterateWithinTheTarget() {
        List<IterationInfo> h = List.of(info(0, 1, 3, 1), info(1, 1, 20, 2), info(1, 2, 10.4, 3), info(1, 3, 10, 4));
        IterationInfo hit = GatysBenchCommand.firstBelow(h, 10.5, 1);
        assertEquals(3.0, hit.seconds());
        assertNull(GatysBenchCommand.firstBelow(h, 1, 1));
        assertEquals("BENCH case=ttq_lbfgs_256 ms=3000 iters=2 evals=2 loss=10.400 ref_loss=10.000 ms_per_eval=250.0",
            GatysBenchCommand.ttqLine("ttq_lbfgs_256", hit, 10, 250));
        assertEquals("BENCH case=ttq_c2f2_256 ms=NA iters=NA evals=NA loss=NA ref_loss=10.000",
            GatysBenchCommand.ttqLine("ttq_c2f2_256", null, 10, Double.NaN));
    }

    @Test
    void peerOutputIsParsed() {
        String text = String.join("\n",
            "[torch] Gatys fwd+bwd(autograd) 256x256: median 566.0 ms (best 550.1)  175.3 GFLOP/s",
            "{\"gatys_fb_256\": 566.0, \"lbfgs100_256\": 57300.0}");
        assertEquals(566.0, ((Number) GatysPeer.parseMedians(text).get("gatys_fb_256")).doubleValue());
        assertThrows(IllegalStateException.class, () -> GatysPeer.parseMedians("no json"));
    }

    @Test
    void flopsFollowThePeersConvention() {
        VggWeights full = GatysWeights.completed(tiny(), GatysWeights.FULL_LAYERS, 7);
        assertEquals(13, full.layers().size());
        assertEquals("conv5_1", full.layers().get(12).name());
        GatysWeights.Flops f = GatysWeights.flops(full, GatysGraphSpec.defaults(full), 256, 256);
        // ../shared/peers/flops.py: 47.34 GF conv forward, 2.28 GF Gram, 99.24 GF in all at 256x256.
        assertEquals(47.34, f.convForward() / 1e9, 0.01);
        assertEquals(f.convForward(), f.convBackward());
        assertEquals(2.28, f.gramForward() / 1e9, 0.01);
        assertEquals(99.24, f.total() / 1e9, 0.01);
        double at512 = GatysWeights.flops(full, GatysGraphSpec.defaults(full), 512, 512).total();
        assertEquals(4 * f.total(), at512, 1e-6 * at512);
    }

    @Test
    void randomLayersAreSeededAndRealOnesKept() {
        VggWeights real = tiny();
        VggWeights a = GatysWeights.completed(real, 13, 3);
        VggWeights b = GatysWeights.completed(real, 13, 3);
        assertTrue(a.layers().get(0).weights() == real.layers().get(0).weights(), "real layers are kept as they are");
        assertArrayEquals(a.layers().get(5).weights(), b.layers().get(5).weights());
        assertTrue(a.source().contains("12 seeded random layers"), a.source());
    }

    @Test
    void blendIsParsed() {
        assertEquals(List.of(new WeightedList.Entry("starry_night", 0.5),
                new WeightedList.Entry("the_scream", 0.3), new WeightedList.Entry("great_wave", 1)),
            GatysExamplesCommand.parseBlend("starry_night:0.5, the_scream:0.3,great_wave"));
        assertThrows(StyleTransferException.class, () -> GatysExamplesCommand.parseBlend("a:-1"));
        assertThrows(UsageException.class, () -> GatysExamplesCommand.parseBlend(" , "));
        assertEquals("three_style_blend.png", GatysExamplesCommand.blendFileName(3));
    }

    /** conv1_1 only, zeros: enough to complete and count. */
    private static VggWeights tiny() {
        return new VggWeights(List.of(new VggWeights.Conv("conv1_1", 3, 64, new float[64 * 3 * 9], new float[64])),
            VggWeights.InputConvention.caffe(), "tiny");
    }
}
