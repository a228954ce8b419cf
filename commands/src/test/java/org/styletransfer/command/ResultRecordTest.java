package org.styletransfer.command;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.Arrow;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.LUT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.Progress;
import org.styletransfer.models.Checksums;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a result keeps of its source besides pixels (overlay on the right planes, Info, properties,
 * calibration, LUTs, display ranges, slice labels, composite mode), the record of how it was made
 * (which replays to the same pixels), and flatten_overlay.
 */
class ResultRecordTest {
    @TempDir
    static Path tmp;
    private static Path model;

    @BeforeAll
    static void net() {
        model = CommandFixtures.styleNet(tmp, true, 11);
    }

    /** A 2-channel, 2-slice, 2-frame composite with calibration, Info, a property and an overlay of three shapes. */
    private static CompositeImage figure() {
        CompositeImage imp = CommandFixtures.compositeHyperstack("cells.tif", 32, 24, 2, 2, 2);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.25;
        cal.pixelHeight = 0.25;
        cal.setUnit("nm");
        imp.setProperty("Info", "Acquired on the confocal");
        imp.setProp("Objective", "63x");
        TextRoi text = new TextRoi(2, 2, "10 um");
        text.setPosition(1, 2, 1);
        Arrow arrow = new Arrow(5, 20, 20, 5);
        Roi box = new Roi(10, 10, 8, 6);
        box.setPosition(3);
        imp.setOverlay(new Overlay());
        imp.getOverlay().add(text);
        imp.getOverlay().add(arrow);
        imp.getOverlay().add(box);
        return imp;
    }

    @Test
    void allPlanesKeepOverlayMetadataAndLuts() throws Exception {
        CompositeImage source = figure();
        List<Object> before = CommandFixtures.pixels(source);
        ImagePlus out = FastStyleCommand.run(source, CommandFixtures.fast(model), Progress.NONE).image();

        Overlay overlay = out.getOverlay();
        assertNotNull(overlay, "the overlay is copied");
        assertEquals(3, overlay.size());
        assertArrayEquals(new int[] {1, 2, 1}, position(overlay.get(0)), "text on its plane");
        assertEquals(0, overlay.get(1).getPosition(), "arrow on every plane");
        assertArrayEquals(new int[] {1, 2, 1}, position(overlay.get(2)), "stack position 3 is c1 z2 t1");
        assertInstanceOf(TextRoi.class, overlay.get(0));
        assertEquals("10 um", ((TextRoi) overlay.get(0)).getText().trim());

        assertEquals(0.25, out.getCalibration().pixelWidth);
        assertEquals("nm", out.getCalibration().getUnit());
        assertEquals("63x", out.getProp("Objective"));
        assertEquals("plane 3", out.getStack().getSliceLabel(3));
        CompositeImage composite = assertInstanceOf(CompositeImage.class, out);
        assertEquals(IJ.COMPOSITE, composite.getMode());
        for (int c = 1; c <= 2; c++) {
            LUT lut = composite.getChannelLut(c);
            LUT expected = source.getChannelLut(c);
            assertEquals(expected.getRGB(255), lut.getRGB(255), "channel " + c + " colour");
            assertEquals(expected.min, lut.min);
            assertEquals(expected.max, lut.max);
        }
        String info = out.getInfoProperty();
        assertTrue(info.startsWith("Acquired on the confocal\n" + ResultRecord.INFO_HEADER), info);
        assertTrue(info.contains("Macro: run(\"Fast Style Transfer...\", \"model="), info);
        assertTrue(info.contains("model_file=" + model) || info.contains("model_file=[" + model + "]"), info);
        assertTrue(info.contains("sha256=" + Checksums.sha256(model)), info);
        assertTrue(info.contains("Provider: CPU"), info);
        // The source keeps its pixels and its overlay.
        CommandFixtures.assertSamePlanes(stackOf(before, source), source, before.size());
        assertEquals(3, source.getOverlay().size());
    }

    @Test
    void aGreyImageKeepsItsLutDisplayRangeAndLabel() {
        ImagePlus source = new ImagePlus("grey.tif", CommandFixtures.compositeHyperstack("g", 32, 24, 1, 1, 1)
            .getProcessor().duplicate());
        source.getProcessor().setLut(LUT.createLutFromColor(Color.ORANGE));
        source.setDisplayRange(1200, 2400);
        source.getStack().setSliceLabel("DAPI", 1);
        ImagePlus out = FastStyleCommand.run(source, CommandFixtures.fast(model), Progress.NONE).image();
        assertEquals(1200, out.getDisplayRangeMin());
        assertEquals(2400, out.getDisplayRangeMax());
        assertEquals(source.getProcessor().getLut().getRGB(200), out.getProcessor().getLut().getRGB(200), "LUT colour");
        assertEquals("DAPI", out.getStack().getSliceLabel(1));
    }

    @Test
    void theDisplayedPlaneKeepsTheShapesShownOnIt() {
        CompositeImage source = figure();
        source.setPosition(1, 2, 1);
        ImagePlus out = FastStyleCommand.run(source, CommandFixtures.fast(model).set(FastStyleSpec.PLANES,
            PlaneScope.CURRENT), Progress.NONE).image();
        assertEquals(3, out.getOverlay().size(), "all three show on c1 z2 t1");
        for (Roi roi : out.getOverlay().toArray()) assertEquals(0, roi.getPosition(), roi.toString());
        source.setPosition(2, 1, 2);
        ImagePlus other = FastStyleCommand.run(source, CommandFixtures.fast(model).set(FastStyleSpec.PLANES,
            PlaneScope.CURRENT), Progress.NONE).image();
        assertEquals(1, other.getOverlay().size(), "only the arrow shows on c2 z1 t2");
        assertInstanceOf(Arrow.class, other.getOverlay().get(0));
    }

    @Test
    void theRecordedMacroLineReplaysToTheSamePixels() {
        CompositeImage source = figure();
        ParamValues values = CommandFixtures.fast(model).set(FastStyleSpec.STRENGTH, 0.7)
            .set(AnnotationSpec.PROTECT_ANNOTATIONS, true);
        ImagePlus first = FastStyleCommand.run(source, values, Progress.NONE).image();
        String line = first.getInfoProperty().lines().filter(l -> l.startsWith("Macro: ")).findFirst().orElseThrow();
        String options = line.substring(line.indexOf("\", \"") + 4, line.lastIndexOf("\");"));
        ParamValues replay = FastStyleSpec.spec().defaults();
        for (Param p : replay.params()) {
            if (p.kind() == Param.Kind.BOOLEAN) {
                replay.set(p.key(), (" " + options + " ").contains(" " + p.key() + " "));
            } else {
                String v = Macro.getValue(options, p.key(), null);
                if (v != null) replay.set(p.key(), v);
            }
        }
        ImagePlus second = FastStyleCommand.run(source, replay, Progress.NONE).image();
        CommandFixtures.assertSamePlanes(first, second, first.getStackSize());
    }

    @Test
    void flattenOverlayBurnsItIntoTheResult() {
        ImagePlus source = new ImagePlus("plate.png", new ColorProcessor(48, 32));
        Roi box = new Roi(4, 4, 10, 8);
        box.setFillColor(Color.RED);
        source.setOverlay(new Overlay(box));
        ImagePlus kept = FastStyleCommand.run(source, CommandFixtures.fast(model), Progress.NONE).image();
        assertNotNull(kept.getOverlay());
        assertTrue((kept.getProcessor().get(8, 8) & 0xffffff) != 0xff0000, "not burned in without the option");
        StyleResult flat = FastStyleCommand.run(source, CommandFixtures.fast(model)
            .set(AnnotationSpec.FLATTEN_OVERLAY, true), Progress.NONE);
        assertEquals(0xff0000, flat.image().getProcessor().get(8, 8) & 0xffffff);
        assertTrue(flat.image().getInfoProperty().contains(ResultRecord.INFO_HEADER));
        assertNull(source.getProcessor().getOverlay());
        assertEquals(0, source.getProcessor().get(8, 8) & 0xffffff, "the source is not flattened");

        ImagePlus movie = CommandFixtures.rgbMovie("movie", 48, 32, 3, 1);
        Roi mark = new Roi(4, 4, 10, 8);
        mark.setFillColor(Color.RED);
        mark.setPosition(2);
        movie.setOverlay(new Overlay(mark));
        ImagePlus flatMovie = FastStyleCommand.run(movie, CommandFixtures.fast(model)
            .set(AnnotationSpec.FLATTEN_OVERLAY, true), Progress.NONE).image();
        assertEquals(3, flatMovie.getStackSize());
        assertEquals(0xff0000, flatMovie.getStack().getProcessor(2).get(8, 8) & 0xffffff, "on its frame");
        assertTrue((flatMovie.getStack().getProcessor(1).get(8, 8) & 0xffffff) != 0xff0000, "not on the others");
    }

    @Test
    void flattenWithoutOverlaySaysSo() {
        ImagePlus source = new ImagePlus("plain.png", new ColorProcessor(48, 32));
        StyleResult r = FastStyleCommand.run(source, CommandFixtures.fast(model)
            .set(AnnotationSpec.FLATTEN_OVERLAY, true), Progress.NONE);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("has no overlay")), r.notes().toString());
    }

    @Test
    void optimisationCommandsKeepTheOverlayAndRecordTheirWeights() {
        ImagePlus source = CommandFixtures.rgbMovie("figure", 48, 40, 1, 2);
        source.setOverlay(new Overlay(new TextRoi(2, 2, "A")));
        source.setProperty("Info", "Panel A");
        ParamValues neural = CommandFixtures.quick(NeuralStyleSpec.spec())
            .set(NeuralStyleSpec.STYLE, CommandFixtures.styleFile("starry_night.jpg"));
        ParamValues interpolation = CommandFixtures.quick(InterpolationSpec.spec())
            .set(InterpolationSpec.STYLE_A, CommandFixtures.styleFile("starry_night.jpg"))
            .set(InterpolationSpec.STYLE_B, CommandFixtures.styleFile("the_scream.jpg")).set(InterpolationSpec.STEPS, 2);
        ImagePlus n = NeuralStyleCommand.run(source, neural, Progress.NONE, null).image();
        ImagePlus i = InterpolationCommand.run(source, interpolation, Progress.NONE, null).image();
        for (ImagePlus out : List.of(n, i)) {
            assertEquals(1, out.getOverlay().size(), out.getTitle());
            assertEquals(0, out.getOverlay().get(0).getPosition(), "on every frame of " + out.getTitle());
            String info = out.getInfoProperty();
            assertTrue(info.startsWith("Panel A\n") && info.contains("Model: ") && info.contains("model.json sha256="),
                info);
        }
        assertTrue(n.getInfoProperty().contains("Macro: run(\"Neural Style Transfer...\""));
        assertTrue(i.getInfoProperty().contains("Macro: run(\"Style Interpolation Sequence...\""));
    }

    private static int[] position(Roi roi) {
        return new int[] {roi.getCPosition(), roi.getZPosition(), roi.getTPosition()};
    }

    private static ImagePlus stackOf(List<Object> planes, ImagePlus like) {
        ij.ImageStack stack = new ij.ImageStack(like.getWidth(), like.getHeight());
        for (Object p : planes) stack.addSlice("", p);
        return new ImagePlus("", stack);
    }

}
