package org.styletransfer.planes;

import org.styletransfer.image.ColorImage;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ImgLib2ViewsTest {

    @Test
    @SuppressWarnings("unchecked")
    void hyperstackViewSharesPixelsInImageJPlaneOrder() {
        ImageStack stack = new ImageStack(5, 4);
        for (int i = 0; i < 2 * 3 * 2; i++) {
            ShortProcessor sp = new ShortProcessor(5, 4);
            sp.set(1, 2, 1000 + i);
            stack.addSlice(sp);
        }
        ImagePlus imp = new ImagePlus("h", stack);
        imp.setDimensions(2, 3, 2);
        PlanarImg<UnsignedShortType, ?> img = (PlanarImg<UnsignedShortType, ?>) ImgLib2Views.wrap(imp);
        assertArrayEquals(new long[] {5, 4, 2, 3, 2}, img.dimensionsAsLongArray());
        RandomAccess<UnsignedShortType> ra = img.randomAccess();
        ra.setPosition(new long[] {1, 2, 1, 2, 1});
        int index = imp.getStackIndex(2, 3, 2);
        assertEquals(1000 + index - 1, ra.get().get());
        ra.get().set(7);
        assertEquals(7, imp.getStack().getProcessor(index).get(1, 2), "writes reach the ImageJ pixels: no copy");
    }

    @Test
    void rgbAndColorImageViews() {
        ColorProcessor cp = new ColorProcessor(3, 2);
        cp.set(2, 1, 0x123456);
        ARGBType px = ((PlanarImg<ARGBType, ?>) (PlanarImg<?, ?>) ImgLib2Views.wrap(new ImagePlus("c", cp)))
            .getAt(2, 1, 0, 0, 0);
        assertEquals(0x56, ARGBType.blue(px.get()));

        ColorImage color = new ColorImage(3, 2);
        FloatType g = ImgLib2Views.wrap(color).getAt(2, 1, 1);
        g.set(42f);
        assertEquals(42f, color.get(1, 2, 1));
    }
}
