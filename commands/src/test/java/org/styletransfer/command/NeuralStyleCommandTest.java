package org.styletransfer.command;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.testutil.ProgressProbe;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.vgg.VggWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Neural Style and Interpolation commands: options, inputs, errors, and small real runs. */
class NeuralStyleCommandTest {
    @TempDir
    static Path tmp;

    private static String starryNight() {
        return SharedData.styleImage("starry_night.jpg").toAbsolutePath().toString();
    }

    /** Quick settings: tiny work size, few iterations, CPU. */
    private static ParamValues quick(CommandSpec spec) {
        return spec.defaults().set(NeuralStyleSpec.ITERATIONS, 3).set(NeuralStyleSpec.MAX_SIZE, 48)
            .set(NeuralStyleSpec.PROVIDER, "CPU");
    }

    private static ImagePlus shapes(int w, int h) {
        ColorProcessor cp = new ColorProcessor(w, h);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) cp.set(x, y, ((x * 5) << 16) | ((y * 7) << 8) | ((x + y) * 3 & 0xff));
        return new ImagePlus("shapes.png", cp);
    }

    // ---- parameters ------------------------------------------------------------------------------

    @Test
    void specKeysAreUniqueAndOptimisationParamsAreShared() {
        List<String> keys = NeuralStyleSpec.spec().params().stream().map(Param::key).toList();
        assertEquals(keys.size(), new HashSet<>(keys).size(), keys.toString());
        List<String> interpolation = InterpolationSpec.spec().params().stream().map(Param::key).toList();
        for (Param p : NeuralStyleSpec.optimisationParams()) {
            assertTrue(keys.contains(p.key()) && interpolation.contains(p.key()), p.key());
        }
    }

    @Test
    void macroTextIsConvertedAndChecked() {
        ParamValues v = NeuralStyleSpec.spec().defaults().set(NeuralStyleSpec.OPTIMIZER, "adam")
            .set(NeuralStyleSpec.TV_WEIGHT, "0.001").set(NeuralStyleSpec.ITERATIONS, "40")
            .set(NeuralStyleSpec.PRESERVE_COLOURS, "true");
        assertEquals("Adam", v.string(NeuralStyleSpec.OPTIMIZER));
        assertEquals(0.001, v.number(NeuralStyleSpec.TV_WEIGHT));
        assertEquals(40, v.integer(NeuralStyleSpec.ITERATIONS));
        assertTrue(v.toMacroOptions().startsWith("style=[] more_styles=[] quality=Balanced planes=[Current plane] temporal_weight=0 iterations_after_first=0 vgg=[] "), v.toMacroOptions());
        assertTrue(v.toMacroOptions().contains(" optimizer=Adam ") && v.toMacroOptions().contains(" preserve_colours "),
            v.toMacroOptions());
        assertTrue(v.toMacroOptions().contains(" levels=1 iterations_coarse=100 "), "shown next to levels: "
            + v.toMacroOptions());
        v.set(NeuralStyleSpec.COARSE_ITERATIONS, "20");
        assertEquals(20, v.integer(NeuralStyleSpec.COARSE_ITERATIONS));
        assertTrue(v.toMacroOptions().contains(" iterations_coarse=20 "), v.toMacroOptions());
        assertEquals("iterations_coarse must be between 0 and 100000, not -1.", assertThrows(IllegalArgumentException.class,
            () -> v.set(NeuralStyleSpec.COARSE_ITERATIONS, -1)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> v.set(NeuralStyleSpec.ITERATIONS, 0));
        assertEquals("iterations must be between 1 and 100000, not 0.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.set(NeuralStyleSpec.INIT, "zeros"));
        assertTrue(e.getMessage().contains("'zeros' is not a valid init; choose one of [content, noise, image, model, universal, colours]"), e.getMessage());
    }

    @Test
    void workSizeCapsTheLongerSide() {
        assertArrayEquals(new int[] {512, 384}, NeuralStyleImages.workSize(1024, 768, 512));
        assertArrayEquals(new int[] {300, 200}, NeuralStyleImages.workSize(300, 200, 512));
        assertArrayEquals(new int[] {3000, 2000}, NeuralStyleImages.workSize(3000, 2000, 0));
    }

    @Test
    void aMaxSizeThatShrinksTheImageBelowTheMinimumIsNamedAsTheCause() {
        ImagePlus content = new ImagePlus("content", new ColorProcessor(256, 192));
        ParamValues v = quick(NeuralStyleSpec.spec()).set(NeuralStyleSpec.STYLE, starryNight())
            .set(NeuralStyleSpec.MAX_SIZE, 1);
        StyleTransferException e = assertThrows(StyleTransferException.class,
            () -> NeuralStyleCommand.run(content, v, Progress.NONE, null));
        assertEquals("max_size=1 makes the 256x192 image 1x1, too small to optimise; use max_size=0 for full size"
            + " or at least 10.", e.getMessage());
        // 10 is the least that works: 10x8 (7.5 rounds up).
        assertArrayEquals(new int[] {10, 8}, NeuralStyleCommand.workSize(256, 192, 10));
    }

    // ---- style lists -----------------------------------------------------------------------------

    @Test
    void styleWeightsAddingUpToMoreThanOneAreRefused() {
        assertTrue(message(() -> NeuralStyleImages.styles("a.jpg", "b.jpg:0.7, c.jpg:0.6", 64))
            .contains("add up to 1.3"));
    }

    @Test
    void moreStylesAreFoundBesideTheFirstAndWeighted() {
        var styles = NeuralStyleImages.styles(starryNight(), "the_scream.jpg:0.25", 64);
        assertEquals(2, styles.size());
        assertEquals(0.75, styles.get(0).weight(), 1e-12);
        assertEquals(0.25, styles.get(1).weight(), 1e-12);
        assertEquals(64, Math.max(styles.get(1).image().width(), styles.get(1).image().height()));
        assertEquals("starry_night+the_scream", NeuralStyleCommand.styleName(NeuralStyleSpec.spec().defaults()
            .set(NeuralStyleSpec.STYLE, starryNight()).set(NeuralStyleSpec.MORE_STYLES, "the_scream.jpg:0.25")));
    }

    @Test
    void missingStyleFileIsAClearError() {
        String m = message(() -> NeuralStyleImages.styles("/no/such/style.jpg", "", 64));
        assertTrue(m.startsWith("style: '/no/such/style.jpg' is neither the title of an open image nor an existing file"), m);
        assertTrue(message(() -> NeuralStyleImages.styles(" ", "", 64)).startsWith("style is empty"));
    }

    @Test
    void tinyStyleImageIsRejectedWithItsSize() {
        Path dot = tmp.resolve("dot.png");
        new FileSaver(new ImagePlus("dot", new ColorProcessor(1, 1))).saveAsPng(dot.toString());
        String m = message(() -> NeuralStyleImages.styles(dot.toString(), "", 64));
        assertTrue(m.contains("is 1x1 pixels; a style needs at least 16x16"), m);
    }

    // ---- mask ------------------------------------------------------------------------------------

    @Test
    void roiBecomesAMaskAtTheWorkSize() {
        ImagePlus imp = shapes(80, 40);
        imp.setRoi(new Roi(0, 0, 40, 40));
        float[] mask = NeuralStyleImages.roiMask(imp, 40, 20);
        assertEquals(800, mask.length);
        assertEquals(1f, mask[5 * 40 + 5], 1e-6);
        assertEquals(0f, mask[5 * 40 + 35], 1e-6);
        for (float v : mask) assertTrue(v >= 0 && v <= 1);
    }

    @Test
    void useRoiWithoutSelectionIsAClearError() {
        String m = message(() -> NeuralStyleImages.roiMask(shapes(40, 40), 40, 40));
        assertTrue(m.contains("has no area selection"), m);
    }

    // ---- VGG layers ------------------------------------------------------------------------------

    @Test
    void partialVggNamesItsLayersWhenAStyleLayerIsMissing() {
        VggWeights w = NeuralStyleVgg.load(SharedData.model(NeuralStyleVgg.DEFAULT_FILE).toString());
        String m = message(() -> NeuralStyleVgg.layers(w, "relu1_1, relu4_1", ""));
        assertTrue(m.startsWith("style_layers: the VGG-19 weights have no layer relu4_1."), m);
        assertTrue(m.contains("conv1_1..conv3_4") && m.contains("usable style layers relu1_1..relu3_4"), m);
        assertTrue(message(() -> NeuralStyleVgg.layers(w, "pool2", "")).contains("not a VGG-19 ReLU layer name"));
        GatysGraphSpec spec = NeuralStyleVgg.layers(w, "relu1_1 relu2_1", "relu3_1");
        assertEquals(List.of("relu1_1", "relu2_1"), spec.styleLayers());
        assertEquals(List.of("relu3_1"), spec.contentLayers());
        assertEquals(GatysGraphSpec.defaults(w).styleLayers(), NeuralStyleVgg.layers(w, "", "").styleLayers());
    }

    @Test
    void missingVggFileIsAClearError() {
        String m = message(() -> NeuralStyleVgg.load("/no/such/vgg19.pth"));
        assertTrue(m.contains("/no/such/vgg19.pth") && m.contains("does not exist"), m);
    }

    @Test
    void withoutVggWeightsTheMessageNamesTheDownloadAndADownloadedOneIsUsed(@TempDir Path models,
                                                                            @TempDir Path user) throws Exception {
        ModelEntry entry = ModelCatalog.get().byId(NeuralStyleVgg.CATALOGUE_ID).orElseThrow();
        assertEquals(ModelEntry.VGG, entry.kind());
        assertTrue(entry.download().isPresent(), "Models... can download " + entry.id());
        String[] keys = {ModelLocator.MODELS_PROPERTY, ModelLocator.USER_MODELS_PROPERTY};
        String[] before = {System.getProperty(keys[0]), System.getProperty(keys[1])};
        try {
            System.setProperty(keys[0], models.toString());
            System.setProperty(keys[1], user.toString());
            String m = message(() -> NeuralStyleVgg.load(""));
            assertTrue(m.startsWith("No VGG-19 weights are installed: download them with Plugins > Style Transfer >"
                + " Models... (model vgg19), put "), m);
            // Where Models... puts the download; a damaged file shows that it is the one read.
            Path downloaded = user.resolve(entry.file());
            Files.createDirectories(downloaded.getParent());
            Files.write(downloaded, new byte[] {1, 2, 3});
            m = message(() -> NeuralStyleVgg.load(""));
            assertTrue(m.contains(downloaded.getFileName().toString()), m);
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) System.clearProperty(keys[i]);
                else System.setProperty(keys[i], before[i]);
            }
        }
    }

    // ---- runs ------------------------------------------------------------------------------------

    @Test
    void stylisesAGreyStackKeepingTypeDimensionsAndCalibration() {
        ImageStack stack = new ImageStack(40, 30);
        for (int z = 0; z < 2; z++) {
            ShortProcessor sp = new ShortProcessor(40, 30);
            for (int i = 0; i < 1200; i++) sp.set(i, 1000 + (i * (z + 3)) % 3000);
            stack.addSlice("z" + z, sp);
        }
        ImagePlus imp = new ImagePlus("grey", stack);
        imp.getCalibration().pixelWidth = 0.5;
        ParamValues v = quick(NeuralStyleSpec.spec()).set(NeuralStyleSpec.STYLE, starryNight())
            .set(NeuralStyleSpec.PLANES, PlaneScope.ALL);
        StyleResult r = NeuralStyleCommand.run(imp, v, Progress.NONE, NeuralStyleListener.NONE);
        assertEquals(2, r.image().getStackSize());
        assertEquals(ImagePlus.GRAY16, r.image().getType());
        assertEquals(0.5, r.image().getCalibration().pixelWidth);
        assertEquals("grey-starry_night", r.image().getTitle());
        assertEquals(2, r.planes());
    }

    @Test
    void cancelKeepsTheBestImageAndSaysWhere() {
        ImagePlus imp = shapes(48, 32);
        int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
        int[] updates = {0};
        Progress cancelAfterTwo = new Progress() {
            @Override
            public void update(long done, long total, String status) {
                if (status != null && status.contains("iteration")) updates[0]++;
            }

            @Override
            public boolean isCancelled() {
                return updates[0] >= 2;
            }
        };
        ParamValues v = quick(NeuralStyleSpec.spec()).set(NeuralStyleSpec.STYLE, starryNight())
            .set(NeuralStyleSpec.ITERATIONS, 50);
        StyleResult r = NeuralStyleCommand.run(imp, v, cancelAfterTwo, NeuralStyleListener.NONE);
        assertEquals("shapes-starry_night (cancelled at iteration 2)", r.image().getTitle());
        assertFalse(java.util.Arrays.equals(before, (int[]) r.image().getProcessor().getPixels()), "nothing was stylised");
        assertArrayEquals(before, (int[]) imp.getProcessor().getPixels(), "the source was modified");
    }

    @Test
    void coarseLevelsRunIterationsCoarseAndTheLastLevelIterations() {
        // 96x64 has room for 2 levels (each at least NeuralStylizer.MIN_LEVEL_SIZE): 48x32, then 96x64.
        ProgressProbe probe = ProgressProbe.never();
        ParamValues v = quick(NeuralStyleSpec.spec()).set(NeuralStyleSpec.STYLE, starryNight())
            .set(NeuralStyleSpec.MAX_SIZE, 96).set(NeuralStyleSpec.TOLERANCE, 0).set(NeuralStyleSpec.LEVELS, 2)
            .set(NeuralStyleSpec.ITERATIONS, 3).set(NeuralStyleSpec.COARSE_ITERATIONS, 2);
        NeuralStyleCommand.run(shapes(96, 64), v, probe, NeuralStyleListener.NONE);
        assertEquals(2, probe.count("level 1/2"), probe.statuses().toString());
        assertEquals(1, probe.count("level 1/2 (48x32), iteration 2/2"), probe.statuses().toString());
        assertEquals(3, probe.count("level 2/2"), probe.statuses().toString());
        assertEquals(1, probe.count("level 2/2 (96x64), iteration 3/3"), probe.statuses().toString());

        // 0 = as many as on the last level.
        ProgressProbe same = ProgressProbe.never();
        NeuralStyleCommand.run(shapes(96, 64), v.set(NeuralStyleSpec.COARSE_ITERATIONS, 0), same, NeuralStyleListener.NONE);
        assertEquals(1, same.count("level 1/2 (48x32), iteration 3/3"), same.statuses().toString());
    }

    @Test
    void initModelStartsFromTheFastModelsOutputAndNamesAMissingModel() {
        String net = CommandFixtures.styleNet(tmp, false, 4).toString();
        ImagePlus imp = shapes(48, 32);
        double fromContent = startLoss(imp, startOptions());
        double fromModel = startLoss(imp, startOptions().set(NeuralStyleSpec.INIT, NeuralStyleSettings.Init.MODEL)
            .set(NeuralStyleSpec.INIT_MODEL, net));
        // The random network's output is far from the content: the run starts elsewhere.
        assertTrue(Math.abs(fromContent - fromModel) > 0.01 * fromContent, fromContent + " vs " + fromModel);

        String none = assertThrows(StyleTransferException.class, () -> NeuralStyleCommand.run(imp,
            startOptions().set(NeuralStyleSpec.INIT, NeuralStyleSettings.Init.MODEL), Progress.NONE,
            NeuralStyleListener.NONE)).getMessage();
        assertTrue(none.startsWith("init=model needs init_model: the id of a fast style model"), none);
        String unknown = assertThrows(StyleTransferException.class, () -> NeuralStyleCommand.run(imp,
            startOptions().set(NeuralStyleSpec.INIT, NeuralStyleSettings.Init.MODEL)
                .set(NeuralStyleSpec.INIT_MODEL, "no_such_net"), Progress.NONE, NeuralStyleListener.NONE)).getMessage();
        assertTrue(unknown.contains("no_such_net"), unknown);
    }

    @Test
    void initColoursStartsFromTheContentInTheStylesColours() {
        ImagePlus imp = shapes(48, 32);
        double fromContent = startLoss(imp, startOptions());
        double fromColours = startLoss(imp, startOptions().set(NeuralStyleSpec.INIT, NeuralStyleSettings.Init.COLOURS));
        assertTrue(fromColours < fromContent, fromColours + " vs " + fromContent);
    }

    private static ParamValues startOptions() {
        return quick(NeuralStyleSpec.spec()).set(NeuralStyleSpec.STYLE, starryNight()).set(NeuralStyleSpec.ITERATIONS, 1)
            .set(NeuralStyleSpec.TOLERANCE, 0);
    }

    /** The loss after the first iteration of a one-iteration run. */
    private static double startLoss(ImagePlus imp, ParamValues v) {
        double[] loss = {Double.NaN};
        NeuralStyleCommand.run(imp, v, Progress.NONE, new NeuralStyleListener() {
            @Override
            public void onIteration(IterationInfo info) {
                loss[0] = info.loss().total();
            }
        });
        return loss[0];
    }

    @Test
    void evolutionIsAStackOfFramesEndingWithTheResult() {
        ParamValues v = quick(NeuralStyleSpec.spec()).set(NeuralStyleSpec.STYLE, starryNight())
            .set(NeuralStyleSpec.ITERATIONS, 4).set(NeuralStyleSpec.TOLERANCE, 0).set(NeuralStyleSpec.KEEP_EVOLUTION, 2);
        StyleResult r = NeuralStyleCommand.run(shapes(48, 32), v, Progress.NONE, NeuralStyleListener.NONE);
        assertEquals(3, r.image().getNFrames());
        assertEquals("result", r.image().getStack().getSliceLabel(3));
    }

    @Test
    void interpolationGivesOneFramePerStep() {
        ParamValues v = quick(InterpolationSpec.spec()).set(InterpolationSpec.STYLE_A, starryNight())
            .set(InterpolationSpec.STYLE_B, "the_scream.jpg").set(InterpolationSpec.STEPS, 3)
            .set(NeuralStyleSpec.ITERATIONS, 2);
        StyleResult r = InterpolationCommand.run(shapes(48, 32), v, Progress.NONE, NeuralStyleListener.NONE);
        assertEquals(3, r.image().getNFrames());
        assertEquals("shapes-starry_night-to-the_scream", r.image().getTitle());
        assertEquals("t=0.500", r.image().getStack().getSliceLabel(2));
        assertEquals(ImagePlus.COLOR_RGB, r.image().getType());
    }

    private static String message(Runnable r) {
        return assertThrows(StyleTransferException.class, r::run).getMessage();
    }
}
