package org.styletransfer.planes;


import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import org.styletransfer.io.ImageFiles;

import java.io.File;
import java.util.BitSet;

/**
 * What a {@link PlaneSet} needs of its source image, taken when the set is made: the planes, and
 * the dimensions, type, calibration, LUTs and display range its result copies.
 *
 * <p>Closing an image's window flushes the image: ImageJ drops its processor and nulls the pixel
 * arrays of its stack. A style run must not depend on the source staying open (a user may close
 * it while a long run goes on), so the planes of an image in memory are held here by their pixel
 * arrays, in a stack of our own, and the run finishes from them. A virtual stack cannot be held
 * like that; it is kept as it is, and most (those that read files) work on after their image is
 * closed. One that does not (its reader closed with the window) fails to read with
 * {@link SourceClosedException}.</p>
 *
 * <p>A virtual stack may also have lost planes on disk: ImageJ's {@link VirtualStack} gives a white
 * "File not found" (or "Error opening") picture for a file that was deleted or cannot be decoded,
 * and prints to the Log, rather than failing. Such planes are reported as unreadable (null), so
 * that the picture is never taken for the plane.</p>
 */
final class SourceSnapshot {
    private final ImagePlus image;
    private final ImageStack stack;
    private final String title;
    private final int width;
    private final int height;
    private final int type;
    private final int bitDepth;
    private final int channels;
    private final int slices;
    private final int frames;
    private final int stackSize;
    private final boolean hyperStack;
    /** The composite mode of a multi-channel composite, or -1. */
    private final int compositeMode;
    private final LUT[] luts;
    private final double displayMin;
    private final double displayMax;
    private final boolean invertedLut;
    private final Calibration calibration;
    /**
     * Stack positions found unreadable: they stay so for the run, so that every read of a plane
     * (a 16 or 32-bit plane is read twice: for its range, then to style it) gives the same answer.
     */
    private final BitSet lost = new BitSet();
    /** Stack positions whose file looked like the error picture but was opened once and decodes. */
    private final BitSet decodes = new BitSet();

    /** Takes the snapshot; {@code imp} must be open (checked by the caller). */
    SourceSnapshot(ImagePlus imp) {
        this.image = imp;
        this.stack = holdPlanes(imp.getStack());
        this.title = imp.getTitle();
        this.width = imp.getWidth();
        this.height = imp.getHeight();
        this.type = imp.getType();
        this.bitDepth = imp.getBitDepth();
        this.channels = imp.getNChannels();
        this.slices = imp.getNSlices();
        this.frames = imp.getNFrames();
        this.stackSize = imp.getStackSize();
        this.hyperStack = imp.isHyperStack();
        boolean composite = imp instanceof CompositeImage && channels > 1;
        this.compositeMode = composite ? ((CompositeImage) imp).getMode() : -1;
        this.luts = composite ? ((CompositeImage) imp).getLuts() : null;
        this.displayMin = imp.getDisplayRangeMin();
        this.displayMax = imp.getDisplayRangeMax();
        this.invertedLut = imp.isInvertedLut();
        Calibration c = imp.getCalibration();
        this.calibration = c == null ? null : c.copy();
    }

    /**
     * A stack of its own on the same pixel arrays (nothing is copied), which flushing the source
     * cannot empty; a virtual stack as it is.
     */
    private static ImageStack holdPlanes(ImageStack source) {
        if (source.isVirtual()) return source;
        ImageStack held = new ImageStack(source.getWidth(), source.getHeight(), source.getColorModel());
        for (int i = 1; i <= source.getSize(); i++) held.addSlice(source.getSliceLabel(i), source.getPixels(i));
        return held;
    }

    /**
     * True when {@code imp} was closed (its window closed, which flushes it): its processor is gone
     * although it had a size. An image that never had pixels ({@code new ImagePlus()}) is not closed.
     */
    static boolean isClosed(ImagePlus imp) {
        return imp.getProcessor() == null && imp.getWidth() > 0;
    }

    /**
     * Stack position {@code index} (1-based) of the source.
     *
     * @return the plane, or null when it cannot be read (a virtual stack's file gone or unreadable)
     * @throws SourceClosedException when the source was closed and its virtual stack can no longer
     *                               deliver the plane
     */
    ImageProcessor plane(int index) {
        if (isLost(index)) return null;
        ImageProcessor ip;
        try {
            ip = stack.getProcessor(index);
        } catch (RuntimeException e) {
            if (isClosed(image)) throw new SourceClosedException(title, index, e);
            throw e;
        }
        if (ip == null && isClosed(image)) throw new SourceClosedException(title, index, null);
        return ip == null || lostFile(index, ip) ? null : ip;
    }

    private synchronized boolean isLost(int index) {
        return lost.get(index);
    }

    /**
     * True when stack position {@code index} comes from a file of a virtual stack that is gone,
     * cannot be read, or does not decode: what {@link VirtualStack} then gives is its error picture.
     * A position found so is remembered; so is a file that was opened to tell and decodes. Whether
     * the file is still there is asked on each read (cheap), so a file deleted during the run is
     * never taken for its plane.
     */
    private synchronized boolean lostFile(int index, ImageProcessor ip) {
        if (lost.get(index)) return true;
        if (!(stack instanceof VirtualStack vs) || vs.getDirectory() == null) return false;
        // The file of a reordered or reduced stack's position, as getProcessor finds it.
        String name = vs.getFileName(vs.translate(index));
        if (name == null || name.isEmpty()) return false;
        File file = new File(vs.getDirectory(), name);
        boolean unreadable = !file.isFile() || !file.canRead();
        // A file that exists but does not decode: only a plane that looks like the error picture
        // (white at its top, where the message is not written) is opened a second time to tell,
        // once.
        if (!unreadable && !decodes.get(index) && looksLikeErrorPicture(ip)) {
            if (opens(vs.getDirectory(), name)) {
                decodes.set(index);
            } else {
                unreadable = true;
            }
        }
        if (unreadable) lost.set(index);
        return unreadable;
    }

    /** True when the top row is white, as in the picture {@link VirtualStack} shows for a file it cannot open. */
    private static boolean looksLikeErrorPicture(ImageProcessor ip) {
        for (int x = 0; x < ip.getWidth(); x++) {
            boolean white = ip instanceof ColorProcessor ? (ip.get(x, 0) & 0xffffff) == 0xffffff : ip.getf(x, 0) == 255f;
            if (!white) return false;
        }
        return true;
    }

    /**
     * True when ImageJ can open {@code name} in {@code dir}, as {@link VirtualStack} opens its files
     * (quietly, and without the error dialogs a macro would show; see {@link ImageFiles}).
     */
    private static boolean opens(String dir, String name) {
        return ImageFiles.withoutDialogs(() -> ImageFiles.opener().openTempImage(dir, name)) != null;
    }

    String label(int index) {
        return stack.getSliceLabel(index);
    }

    /** The channel (0-based) of stack position {@code index}, in ImageJ's C, Z, T order. */
    int channelOf(int index) {
        return (index - 1) % channels;
    }

    boolean isVirtual() {
        return stack.isVirtual();
    }

    String title() {
        return title;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int type() {
        return type;
    }

    /** 8, 16, 32 (float) or 24 (RGB). */
    int bitDepth() {
        return bitDepth;
    }

    int channels() {
        return channels;
    }

    int slices() {
        return slices;
    }

    int frames() {
        return frames;
    }

    int stackSize() {
        return stackSize;
    }

    boolean isHyperStack() {
        return hyperStack;
    }

    /** True for a composite image of several channels, whose mode and LUTs the result takes over. */
    boolean isComposite() {
        return compositeMode >= 0;
    }

    int compositeMode() {
        return compositeMode;
    }

    LUT[] luts() {
        return luts.clone();
    }

    double displayMin() {
        return displayMin;
    }

    double displayMax() {
        return displayMax;
    }

    boolean isInvertedLut() {
        return invertedLut;
    }

    /** A copy of the source's calibration, or null. */
    Calibration calibration() {
        return calibration == null ? null : calibration.copy();
    }
}
