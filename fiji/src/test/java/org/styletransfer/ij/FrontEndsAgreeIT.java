package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.styletransfer.cli.Main;
import org.styletransfer.command.NeuralStyleVgg;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.fast.FastStyleSettings;
import org.styletransfer.fast.FastStylizer;
import org.styletransfer.fast.StyleNetwork;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.scijava.FastStyleScijavaCommand;
import org.styletransfer.scijava.NeuralStyleScijavaCommand;
import org.styletransfer.scijava.UniversalScijavaCommand;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.testutil.StandInDecoders;
import org.styletransfer.testutil.TinyVgg;
import org.styletransfer.universal.DecoderFiles;
import org.styletransfer.universal.UniversalSettings;
import org.styletransfer.universal.UniversalStylizer;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeightsReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The same options give the same pixels from every front end: the menu command (the IJ1 plugin
 * reading its options), a macro in a real headless ImageJ, the SciJava command, the command line,
 * and the Java API with its default settings (Fast, Neural and Universal Style Transfer). Each front
 * end leaves every other option at its own default, so the test fails when a front end's default
 * differs from the core's.
 */
class FrontEndsAgreeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    /** Fast Style: a non-default strength, everything else at its default. */
    private static final double STRENGTH = 0.6;
    /**
     * Neural Style: two levels and more full-size iterations than the coarse levels' default, so
     * that the coarse default decides how many iterations the half-size level gets.
     */
    private static final int LEVELS = 2;
    private static final int ITERATIONS = NeuralStyleSettings.DEFAULT_COARSE_ITERATIONS + 10;
    /** Universal Style: a non-default strength, everything else (levels, method, style scale ...) at its default. */
    private static final double UNIVERSAL_STRENGTH = 0.7;

    private static Path out;
    private static Path content;
    private static Path style;
    /** A style picture whose longer side is the content's, which Universal Style uses as it is. */
    private static Path edgeStyle;
    /** A painting as it comes: every front end scales it to the image the same way. */
    private static Path painting;
    private static Context context;

    @BeforeAll
    static void prepare() throws IOException {
        out = ImageJProcess.macroOutputFolder("front-ends");
        ImageJProcess.assumeSharedModels();
        content = out.resolve("content.png");
        style = out.resolve("style.png");
        save(new ImagePlus("content", TestImageGenerator.shapesRgb().getProcessor().resize(96, 64)), content);
        // Smaller than the work size: no front end resamples it, so all give the stylizer the same pixels.
        save(new ImagePlus("style", new ColorProcessor(64, 48, rgb(TinyVgg.style(64, 48, 3)))), style);
        edgeStyle = out.resolve("style-edge.png");
        save(new ImagePlus("style-edge", new ColorProcessor(96, 72, rgb(TinyVgg.style(96, 72, 5)))), edgeStyle);
        painting = SharedData.styleImage("udnie.jpg").toAbsolutePath().normalize();
        // Where the plugin finds decoders when none are named: the user model folder (see UniversalStyleIT).
        StandInDecoders.write(ModelLocator.userModelFolder().resolve("decoders"),
            VggWeightsReader.read(SharedData.model(NeuralStyleVgg.DEFAULT_FILE)));
        context = new Context(CommandService.class, ModuleService.class);
    }

    @AfterAll
    static void stop() {
        if (context != null) context.dispose();
    }

    private static void save(ImagePlus imp, Path file) {
        assertFalse(!new FileSaver(imp).saveAsPng(file.toString()), "could not write " + file);
    }

    @Test
    void fastStyleGivesTheSamePixelsEverywhere() throws Exception {
        String options = "model=candy strength=" + STRENGTH;
        Map<String, int[]> results = new LinkedHashMap<>();
        results.put("menu", menu("fast", options));
        results.put("macro", macro("Fast Style Transfer...", options));
        results.put("SciJava", pixels((ImagePlus) scijava(FastStyleScijavaCommand.class,
            "model", "candy", "strength", STRENGTH)));
        results.put("command line", commandLine("stylize", "--model", "candy", "--strength", String.valueOf(STRENGTH)));

        StyleNetwork candy = StyleNetwork.open(ModelCatalog.get().resolve("candy"), Provider.DEFAULT, 0);
        FastStylizer api = new FastStylizer(List.of(candy), new double[] {1},
            FastStyleSettings.defaults().withStrength(STRENGTH));
        results.put("Java API", rgb(api.apply(read(content), () -> { })));
        assertAllEqual(results);
    }

    @Test
    void neuralStyleGivesTheSamePixelsEverywhere() throws Exception {
        String options = "style=[" + ImageJProcess.macroPath(style) + "] iterations=" + ITERATIONS + " levels=" + LEVELS;
        Map<String, int[]> results = new LinkedHashMap<>();
        results.put("menu", menu("neural", options));
        results.put("macro", macro("Neural Style Transfer...", options));
        results.put("SciJava", pixels((ImagePlus) scijava(NeuralStyleScijavaCommand.class,
            "style", style.toString(), "iterations", ITERATIONS, "levels", LEVELS)));

        NeuralStylizer api = new NeuralStylizer(VggWeightsReader.read(SharedData.model(NeuralStyleVgg.DEFAULT_FILE)));
        NeuralStyleSettings settings = NeuralStyleSettings.builder().iterations(ITERATIONS).levels(LEVELS).build();
        List<StyleImage> styles = List.of(StyleImage.of(read(style)));
        results.put("Java API", rgb(api.stylize(read(content), styles, settings, Progress.NONE).image()));
        assertAllEqual(results);

        // The coarse default matters here: as many coarse iterations as full-size ones paint another picture.
        int[] allFull = rgb(api.stylize(read(content), styles, settings.toBuilder().coarseIterations(ITERATIONS).build(),
            Progress.NONE).image());
        assertFalse(Arrays.equals(results.get("Java API"), allFull), "the coarse default made no difference");
    }

    /**
     * Universal Style with a painting from the shared images (scaled to the image by each front end)
     * and the stand-in decoders: the menu command, a macro, the SciJava command and the
     * {@code universal} subcommand. The Java API takes its pictures at the size given; its case is
     * {@link #universalStyleJavaApiGivesTheCommandsPixels}.
     */
    @Test
    void universalStyleGivesTheSamePixelsEverywhere() throws Exception {
        String options = "style=[" + ImageJProcess.macroPath(painting) + "] strength=" + UNIVERSAL_STRENGTH;
        Map<String, int[]> results = new LinkedHashMap<>();
        results.put("SciJava", pixels((ImagePlus) scijava(UniversalScijavaCommand.class,
            "style", painting.toString(), "strength", UNIVERSAL_STRENGTH)));
        results.put("menu", menu("universal", options));
        results.put("macro", macro("Universal Style Transfer...", options));
        results.put("command line", commandLine("universal", "--style", painting.toString(),
            "--strength", String.valueOf(UNIVERSAL_STRENGTH)));
        assertAllEqual(results, "SciJava");
        assertFalse(Arrays.equals(pixels(IJ.openImage(content.toString())), results.get("SciJava")),
            "the result equals the content");
    }

    /**
     * Universal Style through the Java API with its default settings and a non-default strength: a
     * picture already at the size the commands bring pictures to (the image's longer side at
     * style_scale 1) gives the SciJava command's pixels.
     */
    @Test
    void universalStyleJavaApiGivesTheCommandsPixels() throws Exception {
        Map<String, int[]> results = new LinkedHashMap<>();
        results.put("SciJava", pixels((ImagePlus) scijava(UniversalScijavaCommand.class,
            "style", edgeStyle.toString(), "strength", UNIVERSAL_STRENGTH)));
        VggWeights vgg = VggWeightsReader.read(SharedData.model(NeuralStyleVgg.DEFAULT_FILE));
        UniversalStylizer api = new UniversalStylizer(vgg, DecoderFiles.load(UniversalSettings.DEFAULT_LEVELS, "", vgg),
            List.of(new StyleImage(read(edgeStyle), 1)), UniversalSettings.defaults().withStrength(UNIVERSAL_STRENGTH),
            Provider.DEFAULT, 0);
        results.put("Java API", rgb(api.apply(read(content), () -> { })));
        assertAllEqual(results);
        assertFalse(Arrays.equals(pixels(IJ.openImage(content.toString())), results.get("Java API")),
            "the result equals the content");
    }

    private static void assertAllEqual(Map<String, int[]> results) {
        assertAllEqual(results, "Java API");
    }

    private static void assertAllEqual(Map<String, int[]> results, String reference) {
        int[] expected = results.get(reference);
        results.forEach((frontEnd, pixels) -> assertArrayEquals(expected, pixels,
            frontEnd + " gave other pixels than the " + reference + " (" + differing(expected, pixels) + " differ)"));
    }

    private static int differing(int[] a, int[] b) {
        if (a.length != b.length) return Math.max(a.length, b.length);
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }

    // ---- the front ends ------------------------------------------------------------------------

    private static int[] menu(String command, String options) throws IOException {
        Path result = out.resolve(command + "-menu.tif");
        Files.deleteIfExists(result);
        String output = ImageJProcess.mainOnTestClassPath(MenuRunProbe.class,
            List.of(command, content.toString(), options, result.toString()), TIMEOUT).assertOk().output();
        return pixels(ImageJProcess.openWritten(result, output));
    }

    private static int[] macro(String command, String options) throws IOException {
        Path result = out.resolve(command.replaceAll("\\W", "") + "-macro.tif");
        Files.deleteIfExists(result);
        Path macro = ImageJProcess.writeMacro(out, "run.ijm", "open(\"" + ImageJProcess.macroPath(content) + "\");\n"
            + "run(\"" + command + "\", \"" + options + "\");\n"
            + "saveAs(\"Tiff\", \"" + ImageJProcess.macroPath(result) + "\");\n");
        String output = ImageJProcess.batch(macro, null, TIMEOUT).assertOk().output();
        return pixels(ImageJProcess.openWritten(result, output));
    }

    private static Object scijava(Class<? extends org.scijava.command.Command> command, Object... inputs)
            throws Exception {
        Object[] all = new Object[inputs.length + 2];
        all[0] = "image";
        all[1] = IJ.openImage(content.toString());
        System.arraycopy(inputs, 0, all, 2, inputs.length);
        var info = context.service(CommandService.class).getCommand(command);
        assertNotNull(info, command + " is not in the plugin index");
        Object result = context.service(ModuleService.class).run(info, true, all).get().getOutput("result");
        assertNotNull(result, command + " gave no result");
        return result;
    }

    private static int[] commandLine(String subcommand, String... options) {
        Path result = out.resolve(subcommand + "-cli.png");
        String[] args = new String[options.length + 3];
        args[0] = subcommand;
        args[1] = content.toString();
        args[2] = result.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(log, true);
        assertEquals(Main.OK, Main.run(args, printed, printed), log.toString());
        return pixels(ImageJProcess.openWritten(result, log.toString()));
    }

    // ---- pixels as the Java API sees them ------------------------------------------------------

    private static int[] pixels(ImagePlus imp) {
        assertEquals(ImagePlus.COLOR_RGB, imp.getType(), imp.getTitle());
        int[] px = ((int[]) imp.getProcessor().getPixels()).clone();
        for (int i = 0; i < px.length; i++) px[i] &= 0xffffff;
        return px;
    }

    /** A PNG as the Java API takes it: planar R, G, B, 0..255, without ImageJ. */
    private static ColorImage read(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        int w = img.getWidth();
        int h = img.getHeight();
        int n = w * h;
        float[] data = new float[3 * n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = img.getRGB(x, y);
                int i = y * w + x;
                data[i] = (c >> 16) & 0xff;
                data[n + i] = (c >> 8) & 0xff;
                data[2 * n + i] = c & 0xff;
            }
        }
        return new ColorImage(w, h, data);
    }

    /** A result as 8-bit RGB, rounded and clamped as any image writer would. */
    private static int[] rgb(ColorImage img) {
        int n = img.width() * img.height();
        float[] d = img.data();
        int[] px = new int[n];
        for (int i = 0; i < n; i++) px[i] = (clamp8(d[i]) << 16) | (clamp8(d[n + i]) << 8) | clamp8(d[2 * n + i]);
        return px;
    }

    private static int clamp8(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
