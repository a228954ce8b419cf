package org.styletransfer.planes;

import org.styletransfer.image.ColorImage;

import ij.ImagePlus;
import ij.ImageStack;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import org.styletransfer.engine.StyleTransferException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * ImgLib2 views of ImageJ images and of {@link ColorImage}s that share the pixel arrays instead of
 * copying them: writing through a view changes the image. For scripts that want to hand the
 * plugin's inputs or results to ImgLib2 algorithms.
 */
public final class ImgLib2Views {
    private ImgLib2Views() {
    }

    /**
     * All planes of an in-memory ImageJ image as one {@code PlanarImg} with axes X, Y, C, Z, T
     * (ImageJ's own plane order, so plane i of the view is stack slice i+1). 8-bit gives
     * UnsignedByteType, 16-bit UnsignedShortType, 32-bit FloatType and RGB ARGBType.
     *
     * @throws StyleTransferException for virtual stacks, whose pixels are not held in memory
     */
    public static PlanarImg<?, ?> wrap(ImagePlus imp) {
        ImageStack stack = imp.getStack();
        if (stack.isVirtual()) {
            throw new StyleTransferException("'" + imp.getTitle() + "' is a virtual stack: its planes are read from"
                + " disk one at a time and cannot be wrapped; duplicate it into memory first (Image > Duplicate...).");
        }
        long[] dims = {imp.getWidth(), imp.getHeight(), imp.getNChannels(), imp.getNSlices(), imp.getNFrames()};
        switch (imp.getType()) {
            case ImagePlus.GRAY8:
            case ImagePlus.COLOR_256:
                return ImgLib2Views.<UnsignedByteType, ByteArray>planar(stack, dims, p -> new ByteArray((byte[]) p),
                    UnsignedByteType::new);
            case ImagePlus.GRAY16:
                return ImgLib2Views.<UnsignedShortType, ShortArray>planar(stack, dims, p -> new ShortArray((short[]) p),
                    UnsignedShortType::new);
            case ImagePlus.GRAY32:
                return ImgLib2Views.<FloatType, FloatArray>planar(stack, dims, p -> new FloatArray((float[]) p),
                    FloatType::new);
            case ImagePlus.COLOR_RGB:
                return ImgLib2Views.<ARGBType, IntArray>planar(stack, dims, p -> new IntArray((int[]) p), ARGBType::new);
            default:
                throw new StyleTransferException("Unsupported image type of '" + imp.getTitle() + "'.");
        }
    }

    private static <T extends NativeType<T>, A extends ArrayDataAccess<A>> PlanarImg<T, A> planar(ImageStack stack, long[] dims,
            Function<Object, A> access, Function<PlanarImg<T, A>, T> type) {
        List<A> planes = new ArrayList<>(stack.getSize());
        for (int i = 1; i <= stack.getSize(); i++) planes.add(access.apply(stack.getPixels(i)));
        PlanarImg<T, A> img = new PlanarImg<>(planes, dims, new Fraction());
        img.setLinkedType(type.apply(img));
        return img;
    }

    /** A {@link ColorImage} as a float image with axes X, Y, C (C = R, G, B), sharing its array. */
    public static ArrayImg<FloatType, FloatArray> wrap(ColorImage image) {
        return ArrayImgs.floats(image.data(), image.width(), image.height(), 3);
    }
}
