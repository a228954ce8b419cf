package org.styletransfer.command;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.LUT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.planes.DisplayedColours;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** planes=[As displayed (RGB)]: the merged colours of a composite, one RGB result per Z/T position. */
class AsDisplayedTest {
    @TempDir
    static Path tmp;
    private static Path model;

    @BeforeAll
    static void net() {
        model = CommandFixtures.styleNet(tmp, true, 12);
    }

    /** What ImageJ itself shows of {@code imp} at (z, t), as RGB. */
    private static int[] shown(CompositeImage imp, int z, int t) {
        imp.setPosition(1, z, t);
        imp.updateImage();
        return (int[]) new ColorProcessor(imp.getImage()).getPixels();
    }

    @Test
    void theRenderingIsWhatImageJShows() {
        for (int channels : new int[] {3, 7}) {
            CompositeImage imp = CommandFixtures.compositeHyperstack("c" + channels, 24, 16, channels, 2, 2);
            ImagePlus rgb = DisplayedColours.of(imp);
            assertEquals(ImagePlus.COLOR_RGB, rgb.getType());
            assertArrayEquals(new int[] {1, 2, 2}, new int[] {rgb.getNChannels(), rgb.getNSlices(), rgb.getNFrames()});
            for (int t = 1; t <= 2; t++) {
                for (int z = 1; z <= 2; z++) {
                    int[] ours = (int[]) rgb.getStack().getPixels(rgb.getStackIndex(1, z, t));
                    assertArrayEquals(shown(imp, z, t), ours, channels + " channels, z" + z + " t" + t);
                }
            }
        }
    }

    @Test
    void fastStyleGivesOneRgbPlanePerPositionAndKeepsTheSource() {
        CompositeImage imp = CommandFixtures.compositeHyperstack("cells", 24, 16, 3, 2, 2);
        Roi mark = new Roi(2, 2, 6, 4);
        mark.setPosition(2, 1, 2);
        imp.setOverlay(new Overlay(mark));
        List<Object> before = CommandFixtures.pixels(imp);
        ImagePlus out = FastStyleCommand.run(imp, CommandFixtures.fast(model).set(FastStyleSpec.PLANES,
            PlaneScope.AS_DISPLAYED), Progress.NONE).image();
        assertEquals(ImagePlus.COLOR_RGB, out.getType());
        assertArrayEquals(new int[] {1, 2, 2}, new int[] {out.getNChannels(), out.getNSlices(), out.getNFrames()});
        Roi copied = out.getOverlay().get(0);
        assertArrayEquals(new int[] {0, 1, 2}, new int[] {copied.getCPosition(), copied.getZPosition(),
            copied.getTPosition()}, "on the merged plane of its z and t");
        assertEquals(IJ.COMPOSITE, imp.getMode());
        assertEquals(ImagePlus.GRAY16, imp.getType());
        CommandFixtures.assertSamePlanes(new ImagePlus("", stack(before, imp)), imp, before.size());
    }

    @Test
    void lutsWithoutColourGetAMessage() {
        CompositeImage imp = CommandFixtures.compositeHyperstack("dark", 24, 16, 2, 1, 1);
        for (int c = 1; c <= 2; c++) imp.setChannelLut(LUT.createLutFromColor(Color.BLACK), c);
        String message = assertThrows(StyleTransferException.class, () -> FastStyleCommand.run(imp,
            CommandFixtures.fast(model).set(FastStyleSpec.PLANES, PlaneScope.AS_DISPLAYED), Progress.NONE)).getMessage();
        assertTrue(message.contains("one flat colour") && message.contains("planes=[All planes]"), message);
        assertEquals(1, message.lines().count());
    }

    @Test
    void rgbAndGreyImagesAreTakenAsShown() {
        ImagePlus rgb = CommandFixtures.rgbMovie("rgb", 24, 16, 2, 1);
        assertSame(rgb, DisplayedColours.of(rgb));
        ImagePlus grey = new ImagePlus("grey", CommandFixtures.compositeHyperstack("g", 24, 16, 1, 1, 1)
            .getProcessor().duplicate());
        grey.setDisplayRange(1000, 2000);
        ImagePlus shown = DisplayedColours.of(grey);
        assertEquals(ImagePlus.COLOR_RGB, shown.getType());
        assertArrayEquals((int[]) grey.getProcessor().convertToRGB().getPixels(), (int[]) shown.getProcessor().getPixels());
    }

    private static ij.ImageStack stack(List<Object> planes, ImagePlus like) {
        ij.ImageStack stack = new ij.ImageStack(like.getWidth(), like.getHeight());
        for (Object p : planes) stack.addSlice("", p);
        return stack;
    }
}
