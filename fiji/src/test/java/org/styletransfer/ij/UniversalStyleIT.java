package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.styletransfer.command.AnnotationSpec;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.NeuralStyleVgg;
import org.styletransfer.command.UniversalStyleSpec;
import org.styletransfer.models.ModelLocator;
import org.styletransfer.scijava.UniversalScijavaCommand;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.testutil.StandInDecoders;
import org.styletransfer.testutil.SyntheticFigure;
import org.styletransfer.vgg.VggWeightsReader;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Universal Style Transfer... in a real ImageJ under Xvfb: the dialog records every option of the
 * spec under its key and the recorded line replays headless, in a fresh ImageJ, to the same pixels
 * (three runs between them set every option: the style options, the selection and figure options,
 * a stack with temporal coherence and an output folder); the issue's macro line
 * {@code run("Universal Style Transfer...", "style=[...] strength=1")} works with every other option
 * left out, and the SciJava command gives the same pixels. Stand-in decoders (untrained, see
 * {@link StandInDecoders}) are put into the user model folder, where the plugin finds decoders.
 */
class UniversalStyleIT {
    private static final Path IMAGE = Paths.get("test-images", TestImageGenerator.SHAPES_RGB).toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final CommandSpec SPEC = UniversalStyleSpec.spec();
    private static Path out;
    private static Path style;
    private static Path decoders;

    @BeforeAll
    static void prepare() throws IOException {
        out = ImageJProcess.macroOutputFolder("universal");
        ImageJProcess.assumeSharedModels();
        style = SharedData.styleImage("starry_night.jpg").toAbsolutePath().normalize();
        decoders = StandInDecoders.write(ModelLocator.userModelFolder().resolve("decoders"),
            VggWeightsReader.read(SharedData.model(NeuralStyleVgg.DEFAULT_FILE))).toAbsolutePath().normalize();
    }

    /**
     * The style options: the style and one of more_styles named by the titles of open images (they
     * record as their files), another of more_styles a bare file name beside the style, and every
     * other option of the style, performance and advanced blocks set to a value other than its default.
     */
    @Test
    void styleOptionsRecordAndReplayHeadlessToTheSamePixels() throws IOException {
        Path dir = caseFolder("dialog");
        Path image = dir.resolve("content.png");
        save(new ImagePlus("content", TestImageGenerator.shapesRgb().getProcessor().resize(96, 64)), image);
        // A picture away from the style's folder, so that only its recorded path finds it again.
        Path painted = dir.resolve("painted.png");
        ImagePlus wave = IJ.openImage(SharedData.styleImage("great_wave.jpg").toString());
        save(new ImagePlus("painted", wave.getProcessor().resize(80, 56)), painted);
        String recorded = driveDialog(dir, image, "universal-style-dialog.png",
            DialogDriver.OPEN + style, DialogDriver.OPEN + painted,
            change(UniversalStyleSpec.STYLE, style.getFileName().toString()),
            change(UniversalStyleSpec.MORE_STYLES, "painted.png:0.3, the_scream.jpg:0.2"),
            change(UniversalStyleSpec.STRENGTH, "0.8"),
            change(UniversalStyleSpec.LEVELS, "2"),
            change(UniversalStyleSpec.METHOD, "AdaIN"),
            change(UniversalStyleSpec.STYLE_SCALE, "0.5"),
            change(UniversalStyleSpec.PRESERVE_COLOURS, "true"),
            change(UniversalStyleSpec.PLANES, "Current plane"),
            change(UniversalStyleSpec.PROVIDER, "CPU"),
            change(UniversalStyleSpec.TILE_SIZE, "64"),
            change(UniversalStyleSpec.TILE_OVERLAP, "16"),
            change(UniversalStyleSpec.DECODERS, decoders.toString()),
            change(UniversalStyleSpec.VGG, SharedData.model(NeuralStyleVgg.DEFAULT_FILE).toAbsolutePath().toString()),
            change(UniversalStyleSpec.THREADS, "1"));
        assertRecords(recorded, "style=" + style, "more_styles=[" + painted + ":0.3, the_scream.jpg:0.2]",
            "strength=0.8", "levels=2", "method=AdaIN", "style_scale=0.5", " preserve_colours ",
            "planes=[Current plane]", "provider=CPU", "tile_size=64", "tile_overlap=16", "decoders=" + decoders,
            "vgg=", "threads=1");
        assertReplays(dir, image);
    }

    /**
     * Neural Style's {@code init=universal}, which finds its decoders where Universal Style Transfer
     * does: the dialog records it, and the line replays headless to the same pixels.
     */
    @Test
    void neuralStyleStartingFromTheUniversalResultRecordsAndReplaysToTheSamePixels() throws IOException {
        Path dir = caseFolder("neural-init");
        Path image = dir.resolve("content.png");
        save(new ImagePlus("content", TestImageGenerator.shapesRgb().getProcessor().resize(64, 48)), image);
        CommandSpec neural = NeuralStyleSpec.spec();
        String recorded = driveDialog("Neural Style Transfer...", neural, dir, image, "neural-init-universal-dialog.png",
            DialogDriver.change(neural, NeuralStyleSpec.STYLE, style.toString()),
            DialogDriver.change(neural, NeuralStyleSpec.INIT, "universal"),
            DialogDriver.change(neural, NeuralStyleSpec.ITERATIONS, "3"),
            DialogDriver.change(neural, NeuralStyleSpec.LEVELS, "1"),
            DialogDriver.change(neural, NeuralStyleSpec.PREVIEW_EVERY, "0"),
            DialogDriver.change(neural, NeuralStyleSpec.PROVIDER, "CPU"),
            DialogDriver.change(neural, NeuralStyleSpec.THREADS, "1"));
        for (String part : List.of(" init=universal ", " iterations=3 ", " levels=1 ", " threads=1 ")) {
            assertTrue(recorded.contains(part), part + " missing from " + recorded);
        }
        assertReplays(dir, image);
    }

    /**
     * The selection and figure options on a figure with burned-in annotations, an oval selection
     * and an overlay (kept in the TIFF, so the replay opens the image with both): only the inside
     * of the selection is stylised, the annotations come back from the overlay's shapes, and the
     * overlay is burned into the result.
     */
    @Test
    void selectionAndFigureOptionsRecordAndReplayHeadlessToTheSamePixels() throws IOException {
        Path dir = caseFolder("selection");
        Path image = dir.resolve("figure.tif");
        ImagePlus figure = SyntheticFigure.make(SyntheticFigure.Type.RGB, 96, 64, 5).image();
        Roi selection = new OvalRoi(12, 6, 72, 52);
        figure.setRoi(selection);
        Roi mark = new Roi(new Rectangle(36, 24, 24, 16));
        mark.setStrokeColor(Color.YELLOW);
        figure.setOverlay(new Overlay(mark));
        assertTrue(new FileSaver(figure).saveAsTiff(image.toString()), "could not write " + image);
        ImagePlus reopened = IJ.openImage(image.toString());
        assertNotNull(reopened.getRoi(), "the TIFF keeps the selection");
        assertNotNull(reopened.getOverlay(), "the TIFF keeps the overlay");

        String recorded = driveDialog(dir, image, "universal-selection-dialog.png",
            change(UniversalStyleSpec.STYLE, style.toString()),
            change(UniversalStyleSpec.LEVELS, "1"),
            change(UniversalStyleSpec.USE_ROI, "true"),
            change(AnnotationSpec.PROTECT_ANNOTATIONS, "true"),
            change(AnnotationSpec.ANNOTATIONS_FROM, "Overlay"),
            change(AnnotationSpec.FLATTEN_OVERLAY, "true"));
        assertRecords(recorded, "levels=1", " use_roi ", "style_outside=[]", " protect_annotations ",
            "annotations_from=Overlay", " flatten_overlay");
        ImagePlus[] results = assertReplays(dir, image);
        int[] source = rgb(reopened);
        int[] styled = rgb(results[0]);
        int outside = 0;
        int stylised = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                int i = y * 96 + x;
                if (selection.contains(x, y)) {
                    if (styled[i] != source[i]) stylised++;
                } else {
                    assertEquals(source[i], styled[i], "outside the selection at " + x + "," + y);
                    outside++;
                }
            }
        }
        assertTrue(outside > 500 && stylised > 1000, outside + " pixels outside, " + stylised + " stylised inside");
    }

    /**
     * A short time series with a rectangle selection: the outside takes a second style, frames
     * are smoothed along the motion, and the result goes to an output folder (the replay writes
     * the same folder again).
     */
    @Test
    void aStackWithTemporalCoherenceAndAnOutputFolderRecordsAndReplays() throws IOException {
        Path dir = caseFolder("stack");
        Path image = dir.resolve("frames.tif");
        ImagePlus frames = frames(64, 48, 3);
        frames.setRoi(new Roi(8, 8, 40, 28));
        assertTrue(new FileSaver(frames).saveAsTiff(image.toString()), "could not write " + image);
        Path planes = dir.resolve("planes");
        String recorded = driveDialog(dir, image, "universal-stack-dialog.png",
            change(UniversalStyleSpec.STYLE, style.toString()),
            change(UniversalStyleSpec.LEVELS, "1"),
            change(UniversalStyleSpec.USE_ROI, "true"),
            change(UniversalStyleSpec.STYLE_OUTSIDE, SharedData.styleImage("the_scream.jpg").toAbsolutePath().toString()),
            change(UniversalStyleSpec.PLANES, "All planes"),
            change(UniversalStyleSpec.TEMPORAL_COHERENCE, "0.6"),
            change(UniversalStyleSpec.OUTPUT_FOLDER, planes.toString()));
        assertRecords(recorded, " use_roi ", "style_outside=", "planes=[All planes]", "temporal_coherence=0.6",
            "output_folder=" + planes);
        ImagePlus[] results = assertReplays(dir, image);
        assertEquals(3, results[0].getStackSize());
        try (var files = Files.list(planes)) {
            assertEquals(3, files.filter(f -> f.toString().endsWith(".tif")).count(), "one TIFF per plane in " + planes);
        }
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

    // ---- the dialog, recorded and replayed -----------------------------------------------------

    private static Path caseFolder(String name) throws IOException {
        Path dir = out.resolve(name);
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("dialog-result.tif"));
        return dir;
    }

    private static String change(String key, String value) {
        return DialogDriver.change(SPEC, key, value);
    }

    /**
     * Plays the user on {@code image}: the Defaults button first (the dialog offers the values of
     * the previous case), then {@code changes}, then OK; returns the recorded line.
     */
    private static String driveDialog(Path dir, Path image, String screenshot, String... changes) throws IOException {
        return driveDialog("Universal Style Transfer...", SPEC, dir, image, screenshot, changes);
    }

    /** {@link #driveDialog(Path, Path, String, String...)} for the menu command {@code command}. */
    private static String driveDialog(String command, CommandSpec spec, Path dir, Path image, String screenshot,
                                      String... changes) throws IOException {
        List<String> args = new ArrayList<>(List.of(image.toString(), dir.toString(),
            ImageJProcess.buildDir().resolve("screenshots").resolve(screenshot).toString(),
            command, spec.title(), DialogDriver.DEFAULTS));
        args.addAll(List.of(changes));
        String output = ImageJProcess.main(DialogDriver.class, args, TIMEOUT).assertOk().output();
        String recorded = Files.readString(dir.resolve("recorded.txt")).trim();
        assertTrue(recorded.startsWith("run(\"" + command + "\", \"style="), output);
        return recorded;
    }

    /** Every key of the spec is in the recorded line (a flag only when on), and so is each of {@code expected}. */
    private static void assertRecords(String recorded, String... expected) {
        String options = " " + recorded.substring(recorded.indexOf(", \"") + 3, recorded.lastIndexOf('"')) + " ";
        for (String kv : expected) assertTrue(options.contains(kv), kv + " missing from " + recorded);
        for (var p : SPEC.params()) {
            if (p.kind() == org.styletransfer.command.Param.Kind.BOOLEAN) continue;
            assertTrue(options.contains(" " + p.key() + "="), p.key() + " missing from " + recorded);
        }
    }

    /** The recorded line replayed in a fresh headless ImageJ gives the dialog's pixels on every plane. */
    private static ImagePlus[] assertReplays(Path dir, Path image) throws IOException {
        ImagePlus[] results = ImageJProcess.replayRecorded(dir, image);
        assertEquals(ImagePlus.COLOR_RGB, results[1].getType());
        assertEquals(results[0].getStackSize(), results[1].getStackSize(), "planes");
        for (int i = 1; i <= results[0].getStackSize(); i++) {
            results[0].setSlice(i);
            results[1].setSlice(i);
            assertArrayEquals(rgb(results[0]), rgb(results[1]), "the replayed result differs from the dialog's on plane " + i);
        }
        return results;
    }

    // ---- images --------------------------------------------------------------------------------

    /** {@code n} frames (a time series) of a disc and a bar moving right over a gradient. */
    private static ImagePlus frames(int w, int h, int n) {
        ImageStack stack = new ImageStack(w, h);
        for (int t = 0; t < n; t++) {
            ColorProcessor cp = new ColorProcessor(w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int dx = x - 20 - 3 * t;
                    int dy = y - 24;
                    boolean disc = dx * dx + dy * dy < 100;
                    boolean bar = x > 40 + 2 * t && x < 46 + 2 * t;
                    int r = disc ? 230 : 40 + 3 * x;
                    int g = bar ? 220 : 60 + 3 * y;
                    int b = disc || bar ? 30 : 120;
                    cp.set(x, y, (r << 16) | (g << 8) | b);
                }
            }
            stack.addSlice(cp);
        }
        ImagePlus imp = new ImagePlus("frames", stack);
        imp.setDimensions(1, 1, n);
        return imp;
    }

    private static void save(ImagePlus imp, Path file) {
        assertTrue(new FileSaver(imp).saveAsPng(file.toString()), "could not write " + file);
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
