package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.NeuralStyleVgg;
import org.styletransfer.command.UniversalStyleSpec;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.scijava.UniversalScijavaCommand;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.testutil.StandInDecoders;
import org.styletransfer.vgg.VggWeightsReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Universal Style Transfer... in a real ImageJ under Xvfb: the dialog records the spec's keys and
 * the recorded line replays headless to the same pixels; the issue's macro line
 * {@code run("Universal Style Transfer...", "style=[...] strength=1")} works with every other option
 * left out, and the SciJava command gives the same pixels. Stand-in decoders (untrained, see
 * {@link StandInDecoders}) are put into the user model folder, where the plugin finds decoders.
 */
class UniversalStyleIT {
    private static final Path IMAGE = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static Path out;
    private static Path style;

    @BeforeAll
    static void prepare() throws IOException {
        out = ImageJProcess.macroOutputFolder("universal");
        ImageJProcess.assumeSharedModels();
        style = SharedData.styleImage("starry_night.jpg").toAbsolutePath().normalize();
        StandInDecoders.write(ModelLocator.userModelFolder().resolve("decoders"),
            VggWeightsReader.read(SharedData.model(NeuralStyleVgg.DEFAULT_FILE)));
    }

    @Test
    void dialogRecordsAndTheLineReplaysHeadlessToTheSamePixels() throws IOException {
        Path dialog = out.resolve("dialog");
        Files.createDirectories(dialog);
        Files.deleteIfExists(dialog.resolve("dialog-result.tif"));
        CommandSpec spec = UniversalStyleSpec.spec();
        String output = ImageJProcess.main(DialogDriver.class, List.of(IMAGE.toString(), dialog.toString(),
            ImageJProcess.buildDir().resolve("screenshots").resolve("universal-style-dialog.png").toString(),
            "Universal Style Transfer...", spec.title(),
            DialogDriver.change(spec, UniversalStyleSpec.STYLE, style.toString()),
            DialogDriver.change(spec, UniversalStyleSpec.STRENGTH, "0.8"),
            DialogDriver.change(spec, UniversalStyleSpec.LEVELS, "2"),
            DialogDriver.change(spec, UniversalStyleSpec.METHOD, "AdaIN"),
            DialogDriver.change(spec, UniversalStyleSpec.STYLE_SCALE, "0.5"),
            DialogDriver.change(spec, UniversalStyleSpec.PROVIDER, "CPU"),
            DialogDriver.change(spec, UniversalStyleSpec.TILE_SIZE, "64")), TIMEOUT).assertOk().output();
        String recorded = Files.readString(dialog.resolve("recorded.txt")).trim();
        assertTrue(recorded.startsWith("run(\"Universal Style Transfer...\", \"style="), output);
        for (String kv : List.of("strength=0.8", "levels=2", "method=AdaIN", "style_scale=0.5", "provider=CPU",
            "tile_size=64")) {
            assertTrue(recorded.contains(kv), kv + " missing from " + recorded);
        }
        ImagePlus[] results = ImageJProcess.replayRecorded(dialog, IMAGE);
        assertEquals(ImagePlus.COLOR_RGB, results[1].getType());
        assertArrayEquals(rgb(results[0]), rgb(results[1]), "the replayed result differs from the dialog's");
    }

    @Test
    void theIssuesMacroLineWorksAndSciJavaAgrees() throws Exception {
        Path result = out.resolve("macro.tif");
        Files.deleteIfExists(result);
        Path macro = ImageJProcess.writeMacro(out, "universal.ijm", "open(\"" + ImageJProcess.macroPath(IMAGE) + "\");\n"
            + "run(\"Universal Style Transfer...\", \"style=[" + ImageJProcess.macroPath(style) + "] strength=1\");\n"
            + "saveAs(\"Tiff\", \"" + ImageJProcess.macroPath(result) + "\");\n");
        String output = ImageJProcess.batch(macro, null, TIMEOUT).assertOk().output();
        ImagePlus styled = ImageJProcess.openWritten(result, output);
        ImagePlus source = IJ.openImage(IMAGE.toString());
        assertEquals(source.getWidth(), styled.getWidth());
        assertTrue(differing(rgb(source), rgb(styled)) > 0.5, "most pixels change");

        Context context = new Context(CommandService.class, ModuleService.class);
        try {
            var info = context.service(CommandService.class).getCommand(UniversalScijavaCommand.class);
            assertNotNull(info, "UniversalScijavaCommand is not in the plugin index");
            Object scijava = context.service(ModuleService.class).run(info, true, "image", source,
                "style", style.toString(), "strength", 1.0).get().getOutput("result");
            assertArrayEquals(rgb(styled), rgb((ImagePlus) scijava), "SciJava and the macro differ");
        } finally {
            context.dispose();
        }
    }

    private static int[] rgb(ImagePlus imp) {
        int[] px = ((int[]) imp.getProcessor().getPixels()).clone();
        for (int i = 0; i < px.length; i++) px[i] &= 0xffffff;
        return px;
    }

    private static double differing(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n / (double) a.length;
    }
}
