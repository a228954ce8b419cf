package org.styletransfer.command;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.testutil.SyntheticFigure;
import org.styletransfer.testutil.SyntheticFigure.Figure;
import org.styletransfer.testutil.SyntheticFigure.Type;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * protect_annotations on synthetic figures (text 8-24 px, scale bars 2-8 px, on RGB, 8-bit and
 * 16-bit images): annotation pixels stay within 3 grey levels (0..255) of the source, the rest is
 * stylised as without the option. The figures before and after are left in target/annotations/.
 */
class AnnotationProtectionTest {
    private static final int W = 256;
    private static final int H = 160;

    private static ParamValues fast(boolean protect) {
        return FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL, "candy").set(FastStyleSpec.PROVIDER, "CPU")
            .set(AnnotationSpec.PROTECT_ANNOTATIONS, protect);
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void fastStyleKeepsBurnedInAnnotationsAndStylisesTheRest(Type type) {
        SharedData.root();
        Figure figure = SyntheticFigure.make(type, W, H, 3);
        List<Object> before = CommandFixtures.pixels(figure.image());
        ImagePlus without = FastStyleCommand.run(figure.image(), fast(false), Progress.NONE).image();
        ImagePlus with = FastStyleCommand.run(figure.image(), fast(true), Progress.NONE).image();
        Measures m = Measures.of(figure, without.getProcessor(), with.getProcessor());
        System.out.println("Fast Style, " + type + ": " + m);
        save("fast-" + type.name().toLowerCase(Locale.ROOT), figure.image(), without, with);
        assertTrue(m.annotationWith() < 3, m.toString());
        assertTrue(m.annotationWithout() > 10, "without the option the annotations are stylised too: " + m);
        assertTrue(m.restWithVsWithout() < 1, m.toString());
        assertTrue(m.restStylised() > 15, m.toString());
        CommandFixtures.assertSamePlanes(new ImagePlus("", stackOf(before, figure.image())), figure.image(), 1);
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void neuralStyleKeepsAnnotationsOutOfTheStyleAndPutsThemBack(Type type) {
        Figure figure = SyntheticFigure.make(type, 192, 120, 5);
        ParamValues v = CommandFixtures.quick(NeuralStyleSpec.spec())
            .set(NeuralStyleSpec.STYLE, CommandFixtures.styleFile("starry_night.jpg"))
            .set(NeuralStyleSpec.MAX_SIZE, 0).set(NeuralStyleSpec.ITERATIONS, 12).set(NeuralStyleSpec.LEVELS, 1);
        ImagePlus without = NeuralStyleCommand.run(figure.image(), v, Progress.NONE, null).image();
        ImagePlus with = NeuralStyleCommand.run(figure.image(), v.set(AnnotationSpec.PROTECT_ANNOTATIONS, true),
            Progress.NONE, null).image();
        Measures m = Measures.of(figure, without.getProcessor(), with.getProcessor());
        System.out.println("Neural Style, " + type + ": " + m);
        save("neural-" + type.name().toLowerCase(Locale.ROOT), figure.image(), without, with);
        assertTrue(m.annotationWith() < 3, m.toString());
        // Statistics without the labels change the optimisation's path: the rest is stylised as
        // strongly as without the option, not pixel for pixel the same.
        assertTrue(m.restStylised() > 8, m.toString());
        assertTrue(m.restStylisedWith() > 0.8 * m.restStylised() && m.restStylisedWith() < 1.5 * m.restStylised(),
            m.toString());
    }

    @Test
    void annotationsGivenAsOverlayOrSelectionComeBackThere() {
        SharedData.root();
        Figure figure = SyntheticFigure.make(Type.GRAY8, W, H, 3);
        Rectangle box = new Rectangle(0, 0, 150, 70);
        figure.image().setOverlay(new Overlay(new Roi(box)));
        ImagePlus overlay = FastStyleCommand.run(figure.image(), fast(true)
            .set(AnnotationSpec.ANNOTATIONS_FROM, AnnotationSpec.Source.OVERLAY), Progress.NONE).image();
        assertEquals(0, maxDiffInside(figure.image().getProcessor(), overlay.getProcessor(), box), "overlay");
        figure.image().setOverlay(null);
        figure.image().setRoi(box);
        ImagePlus selection = FastStyleCommand.run(figure.image(), fast(true)
            .set(AnnotationSpec.ANNOTATIONS_FROM, AnnotationSpec.Source.SELECTION), Progress.NONE).image();
        assertEquals(0, maxDiffInside(figure.image().getProcessor(), selection.getProcessor(), box), "selection");
        // The selection marks annotations: the outside is stylised too, not kept.
        assertTrue(figure.image().getProcessor().get(200, 120) != selection.getProcessor().get(200, 120)
            || figure.image().getProcessor().get(201, 121) != selection.getProcessor().get(201, 121));
    }

    @Test
    void badMasksGetAMessageAndNeverChangeTheSource() {
        SharedData.root();
        Figure figure = SyntheticFigure.make(Type.RGB, 64, 48, 1);
        ImagePlus imp = figure.image();
        List<Object> before = CommandFixtures.pixels(imp);
        ParamValues selection = fast(true).set(AnnotationSpec.ANNOTATIONS_FROM, AnnotationSpec.Source.SELECTION);
        String none = assertThrows(StyleTransferException.class,
            () -> FastStyleCommand.run(imp, selection, Progress.NONE)).getMessage();
        assertTrue(none.contains("no area selection"), none);
        imp.setRoi(new Roi(0, 0, 64, 48));
        String all = assertThrows(StyleTransferException.class,
            () -> FastStyleCommand.run(imp, selection, Progress.NONE)).getMessage();
        assertTrue(all.contains("covers the whole image"), all);
        imp.setRoi(new Roi(-40, -40, 20, 20));
        String outside = assertThrows(StyleTransferException.class,
            () -> FastStyleCommand.run(imp, selection, Progress.NONE)).getMessage();
        assertTrue(outside.contains("no pixel") || outside.contains("no area selection"), outside);
        imp.deleteRoi();
        String overlay = assertThrows(StyleTransferException.class, () -> FastStyleCommand.run(imp,
            fast(true).set(AnnotationSpec.ANNOTATIONS_FROM, AnnotationSpec.Source.OVERLAY), Progress.NONE)).getMessage();
        assertTrue(overlay.contains("no overlay"), overlay);
        for (String message : List.of(none, all, outside, overlay)) assertEquals(1, message.lines().count(), message);
        CommandFixtures.assertSamePlanes(new ImagePlus("", stackOf(before, imp)), imp, 1);
    }

    @Test
    void aFigureWithoutAnnotationsIsStylisedAsWithoutTheOption() {
        SharedData.root();
        ImagePlus plain = new ImagePlus("plain", SyntheticFigure.make(Type.RGB, 64, 48, 2).image().getProcessor()
            .duplicate());
        // Cover the annotations with the background's mean: nothing extreme is left.
        plain.getProcessor().setColor(new java.awt.Color(120, 130, 110));
        plain.getProcessor().fill();
        StyleResult with = FastStyleCommand.run(plain, fast(true), Progress.NONE);
        StyleResult without = FastStyleCommand.run(plain, fast(false), Progress.NONE);
        assertEquals(0, maxDiffInside(without.image().getProcessor(), with.image().getProcessor(),
            new Rectangle(64, 48)));
        assertTrue(with.notes().stream().anyMatch(n -> n.contains("found no annotations")), with.notes().toString());
    }

    @Test
    void aPictureMadeOfThinLinesIsKeptWithANote() {
        SharedData.root();
        // White lines every 6 pixels on grey, as dense as a page of text: most of it is near an annotation.
        ColorProcessor stripes = new ColorProcessor(64, 48);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) stripes.set(x, y, x % 6 == 0 ? 0xffffff : 0x808080);
        ImagePlus imp = new ImagePlus("stripes", stripes);
        StyleResult r = FastStyleCommand.run(imp, fast(true), Progress.NONE);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("% of a plane for annotations")), r.notes().toString());
        for (int x = 0; x < 64; x += 6) {
            assertEquals(0, maxDiffInside(stripes, r.image().getProcessor(), new Rectangle(x, 0, 1, 48)), "line " + x);
        }
    }

    // ---- measures -------------------------------------------------------------------------------------

    /**
     * Mean absolute differences in grey levels of 0..255 (a grey image's data range mapped to it,
     * RGB averaged over the channels).
     *
     * @param annotationWith     on the annotation pixels, result with the option vs the source
     * @param annotationWithout  on the annotation pixels, result without the option vs the source
     * @param restWithVsWithout  away from the annotations (more than 4 px), with vs without the option
     * @param restStylised       away from the annotations, without the option vs the source
     * @param restStylisedWith   away from the annotations, with the option vs the source
     */
    record Measures(double annotationWith, double annotationWithout, double restWithVsWithout, double restStylised,
                    double restStylisedWith) {
        static Measures of(Figure f, ImageProcessor without, ImageProcessor with) {
            ImageProcessor src = f.image().getProcessor();
            boolean[] near = grow(f.annotations(), src.getWidth(), src.getHeight(), 4);
            boolean[] rest = new boolean[near.length];
            for (int i = 0; i < rest.length; i++) rest[i] = !near[i];
            double scale = scale(src);
            return new Measures(mean(src, with, f.annotations(), scale), mean(src, without, f.annotations(), scale),
                mean(without, with, rest, scale), mean(src, without, rest, scale), mean(src, with, rest, scale));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "annotations vs source: %.2f with the option, %.2f without; rest: %.2f"
                + " with vs without, stylised by %.2f without and %.2f with (grey levels of 0..255)", annotationWith,
                annotationWithout, restWithVsWithout, restStylised, restStylisedWith);
        }
    }

    private static double scale(ImageProcessor src) {
        if (src instanceof ColorProcessor) return 1;
        ImageStatistics s = src.getStats();
        return 255.0 / Math.max(1e-9, s.max - s.min);
    }

    private static double mean(ImageProcessor a, ImageProcessor b, boolean[] where, double scale) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < where.length; i++) {
            if (!where[i]) continue;
            n++;
            if (a instanceof ColorProcessor) {
                int p = a.get(i);
                int q = b.get(i);
                for (int s = 0; s <= 16; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255)) / 3.0;
            } else {
                sum += Math.abs(a.getf(i) - b.getf(i)) * scale;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static boolean[] grow(boolean[] m, int w, int h, int r) {
        boolean[] out = new boolean[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!m[y * w + x]) continue;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) out[yy * w + xx] = true;
                }
            }
        }
        return out;
    }

    private static int maxDiffInside(ImageProcessor a, ImageProcessor b, Rectangle r) {
        int max = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) max = Math.max(max, Math.abs(a.get(x, y) - b.get(x, y)));
        }
        return max;
    }

    private static ij.ImageStack stackOf(List<Object> planes, ImagePlus like) {
        ij.ImageStack stack = new ij.ImageStack(like.getWidth(), like.getHeight());
        for (Object p : planes) stack.addSlice("", p);
        return stack;
    }

    /** Source, result without and with the option side by side, as RGB, in target/annotations/NAME.png. */
    private static void save(String name, ImagePlus source, ImagePlus without, ImagePlus with) {
        int w = source.getWidth();
        ColorProcessor row = new ColorProcessor(3 * w + 8, source.getHeight());
        row.setColor(java.awt.Color.GRAY);
        row.fill();
        ImagePlus[] images = {source, without, with};
        for (int i = 0; i < 3; i++) row.insert(images[i].getProcessor().convertToRGB(), i * (w + 4), 0);
        try {
            Path dir = Files.createDirectories(Path.of("target", "annotations"));
            javax.imageio.ImageIO.write(row.getBufferedImage(), "png", dir.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
