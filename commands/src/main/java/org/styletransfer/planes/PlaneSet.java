package org.styletransfer.planes;

import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelSource;
import org.styletransfer.image.PixelTarget;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.io.MediaIO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The planes of an ImageJ image that a style algorithm processes, and the new image their results
 * go into. RGB planes go through the networks as colour; every other plane (8-, 16- or 32-bit, one
 * channel of a composite) goes through as grey luminance, mapped from its channel's value range to
 * 0..255 and back, so 16- and 32-bit results keep the source's range. The source is only read.
 *
 * <p>Planes are read one at a time, so a virtual source (a video, a large TIFF opened virtually)
 * is never loaded whole. Results are collected in memory, or, when an output folder is given,
 * written to disk one TIFF per plane and returned as a virtual stack on that folder: then memory
 * does not depend on the number of planes. Reading ({@link #readFrame}) and writing
 * ({@link #write(Frame, ColorImage)}) may run on two different threads, one each, so that a
 * pipeline can overlap them with the network run.</p>
 *
 * <p>A command that works tile by tile ({@link Work#TILED}, {@link #process}) holds no float copy
 * of a plane: about the result plane plus a strip of rows. When even the result of a single RGB
 * plane does not fit, it is written to a TIFF row by row instead (in the output folder, or a new
 * temporary folder), the result image is a preview, and {@link #largeResultNote()} says so.</p>
 *
 * <p>What the set needs of the source is taken when it is made ({@link SourceSnapshot}), so a run
 * finishes even when the user closes the source meanwhile: closing flushes the image, but the set
 * holds its planes' pixels. The result does not change when the source is closed.</p>
 *
 * <p>A plane that cannot be read (a virtual stack's file deleted or damaged) is not processed: its
 * place in the result holds a blank plane labelled "not read: ...", so that the result keeps the
 * source's order and structure, and {@link #unreadable()} names it.</p>
 */
public final class PlaneSet {
    /** Networks need some context; smaller images are almost surely a mistake. */
    public static final int MIN_SIZE = 8;
    /** Working memory per pixel of one plane read whole as floats: tile accumulators, float copies, network tensors. */
    private static final long WORK_BYTES_PER_PIXEL = 64;
    /**
     * Rows of the strip that a plane processed in tiles ({@link #process}) holds as float sums
     * (16 bytes a pixel): at least the tallest automatic tile, with room for a larger one.
     */
    private static final long STRIP_ROWS = 1024;
    /** Working memory of a tiled plane besides the strip: bands of rows, tiles, statistics image. */
    private static final long TILED_WORK_BYTES = 64L << 20;

    /** How a command works on a plane, which sets the memory it needs. */
    public enum Work {
        /** The whole plane as a float colour image ({@link #readFrame}, {@link #write(Frame, ColorImage)}). */
        WHOLE,
        /** Tile by tile from the source plane into the result plane ({@link #process}). */
        TILED
    }

    /** Planes that a pipeline may hold besides the one being processed (read ahead, waiting to be written). */
    private static final int PIPELINE_PLANES = 4;

    private final SourceSnapshot source;
    private final int[] indices;
    private final double[] channelMin;
    private final double[] channelMax;
    private final ImageStack result;
    private final PlaneFolder folder;
    /** The selection results are limited to, or null for whole planes. */
    private volatile SelectionArea selection;
    /** Puts annotations back from the source into each result plane, or null for none. */
    private volatile Protection protection;
    /** Positions in this set of the planes written blank because they could not be read. */
    private final List<Integer> unreadable = new ArrayList<>();
    /** Where a single RGB result too large for memory is written as it is made; null otherwise. */
    private final Path largeFile;
    /** Why the result went to {@link #largeFile} instead of memory; "" otherwise. */
    private final String largeReason;
    /** The preview of the result written to {@link #largeFile}, once written. Guarded by this. */
    private ImagePlus largePreview;
    private String largeNote = "";

    private PlaneSet(ImagePlus source, int[] indices, Path outputFolder) {
        this(source, indices, outputFolder, null, "");
    }

    private PlaneSet(ImagePlus source, int[] indices, Path outputFolder, Path largeFile, String largeReason) {
        this.source = new SourceSnapshot(source);
        this.indices = indices;
        int nc = this.source.channels();
        this.channelMin = new double[nc];
        this.channelMax = new double[nc];
        this.result = new ImageStack(width(), height());
        this.folder = outputFolder == null ? null
            : new PlaneFolder(outputFolder, PlaneFolder.DEFAULT_PREFIX, width(), height());
        this.largeFile = largeFile;
        this.largeReason = largeReason;
        measureRanges();
    }

    /** A set of some planes of {@code from}'s source, with its value ranges, results in memory. */
    private PlaneSet(PlaneSet from, int[] indices) {
        this.source = from.source;
        this.indices = indices;
        this.channelMin = from.channelMin;
        this.channelMax = from.channelMax;
        this.result = new ImageStack(width(), height());
        this.folder = null;
        this.largeFile = null;
        this.largeReason = "";
    }

    /**
     * One plane read for processing: its position in this set, the source pixels (needed again to
     * write the result: type, LUT, non-finite pixels) and the 0..255 colour image.
     *
     * @param k      position in this set, 0-based
     * @param source the source plane as read (not to be modified); null when it could not be read
     * @param label  the source's slice label, or null
     * @param image  the plane as a 0..255 colour image; null when it could not be read
     */
    public record Frame(int k, ImageProcessor source, String label, ColorImage image) {
        /**
         * False for a plane that could not be read (a virtual stack's file gone or damaged): it is
         * not to be processed, and writing it stores a blank plane in its place.
         */
        public boolean readable() {
            return source != null;
        }
    }

    /**
     * Selects the planes to process: the displayed one, or all.
     *
     * @throws StyleTransferException when there is no usable image or the result cannot fit in memory
     */
    public static PlaneSet of(ImagePlus source, boolean allPlanes) {
        return of(source, allPlanes, null);
    }

    /**
     * Selects the planes to process and where their results go: into memory when
     * {@code outputFolder} is null, else one TIFF per plane into that folder (created when needed),
     * which {@link #result} then opens as a virtual stack.
     *
     * @throws StyleTransferException when there is no usable image, the folder cannot be created,
     *                                or the result (in memory) or the working memory cannot fit
     */
    public static PlaneSet of(ImagePlus source, boolean allPlanes, Path outputFolder) {
        return of(source, allPlanes, outputFolder, Work.WHOLE);
    }

    /**
     * As {@link #of(ImagePlus, boolean, Path)}, for a command that works on planes as {@code work}
     * says: {@link Work#TILED} needs about the result plane itself plus a strip of rows, not a
     * whole-plane float copy.
     */
    public static PlaneSet of(ImagePlus source, boolean allPlanes, Path outputFolder, Work work) {
        check(source);
        int[] indices;
        if (allPlanes) {
            indices = new int[source.getStackSize()];
            for (int i = 0; i < indices.length; i++) indices[i] = i + 1;
        } else {
            indices = new int[] {source.getCurrentSlice()};
        }
        int w = source.getWidth();
        int h = source.getHeight();
        long needed = neededBytes(w, h, source.getBytesPerPixel(), indices.length, outputFolder == null, work);
        long free = freeBytes(needed);
        if (needed > free && work == Work.TILED && indices.length == 1 && source.getType() == ImagePlus.COLOR_RGB) {
            // The one result plane cannot be held: write it to a TIFF row by row instead of refusing.
            checkMemory(source, 0, 1, false, work, free);
            String reason = String.format(Locale.ROOT, "The %dx%d result needs about %d MB of memory, but only %d MB"
                + " are free", w, h, needed >> 20, free >> 20);
            return new PlaneSet(source, indices, null, largeFile(source, outputFolder), reason);
        }
        checkMemory(source, source.getBytesPerPixel(), indices.length, outputFolder == null, work, free);
        return new PlaneSet(source, indices, outputFolder);
    }

    /** The file a result too large for memory goes to: the output folder's first plane, or a new temporary folder. */
    private static Path largeFile(ImagePlus source, Path outputFolder) {
        if (outputFolder != null) {
            return new PlaneFolder(outputFolder, PlaneFolder.DEFAULT_PREFIX, source.getWidth(), source.getHeight())
                .file(1);
        }
        try {
            return java.nio.file.Files.createTempDirectory("style-transfer-")
                .resolve(MediaIO.safeName(source.getTitle()) + "-styled.tif");
        } catch (java.io.IOException e) {
            throw new StyleTransferException("The result of '" + source.getTitle() + "' does not fit in memory and no"
                + " temporary folder can be made for it (" + e.getMessage() + "): set output_folder to a folder"
                + " with room, or give ImageJ more memory (Edit > Options > Memory & Threads).", e);
        }
    }

    /**
     * The heap Java may still allocate. When that looks short of {@code needed}, garbage is collected
     * first, as a full heap would be before Java refused an allocation: unreachable objects are not
     * a shortage (measured: a 256 MB heap holding 150 MB of dropped arrays showed 90 MB free, and an
     * 800x800 plane needing 109 MB was refused).
     */
    private static long freeBytes(long needed) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (free >= needed) return free;
        System.gc();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Refuses a missing image with the one message every command gives.
     *
     * @throws StyleTransferException when {@code imp} is null
     */
    public static ImagePlus requireImage(ImagePlus imp) {
        if (imp == null) throw new StyleTransferException("No image is open: open an image or stack first.");
        return imp;
    }

    private static void check(ImagePlus imp) {
        requireImage(imp);
        if (SourceSnapshot.isClosed(imp)) {
            throw new StyleTransferException("'" + imp.getTitle() + "' was closed before it could be read: open it"
                + " again and run the command on it.");
        }
        if (imp.getStackSize() < 1 || imp.getProcessor() == null) {
            throw new StyleTransferException("'" + imp.getTitle() + "' has no planes (empty stack): nothing to stylise.");
        }
        if (imp.getWidth() < MIN_SIZE || imp.getHeight() < MIN_SIZE) {
            throw new StyleTransferException("'" + imp.getTitle() + "' is " + imp.getWidth() + "x" + imp.getHeight()
                + " pixels; style networks need at least " + MIN_SIZE + "x" + MIN_SIZE
                + ". Enlarge it first (Image > Scale...).");
        }
        int type = imp.getType();
        if (type != ImagePlus.GRAY8 && type != ImagePlus.GRAY16 && type != ImagePlus.GRAY32
            && type != ImagePlus.COLOR_RGB) {
            throw new StyleTransferException("'" + imp.getTitle() + "' is an 8-bit indexed-colour image, whose values"
                + " are palette indices: convert it to RGB first (Image > Type > RGB Color).");
        }
    }

    /**
     * Bytes a run over {@code planes} planes of a {@code width x height} image with
     * {@code bytesPerPixel} needs: the results kept in memory, and the working memory of one plane.
     */
    static long neededBytes(int width, int height, int bytesPerPixel, int planes, boolean inMemory, Work work) {
        long pixels = (long) width * height;
        long resultBytes = pixels * (inMemory ? planes : 0) * bytesPerPixel;
        if (work == Work.TILED) {
            // The plane being made is held until it is stored, also when results go to disk.
            long current = inMemory ? 0 : pixels * bytesPerPixel;
            return resultBytes + current + 16L * width * Math.min(height, STRIP_ROWS) + TILED_WORK_BYTES;
        }
        // A pipeline holds a few source planes and colour images besides the one being worked on.
        long pipelineBytes = pixels * PIPELINE_PLANES * (bytesPerPixel + 2L * 3 * Float.BYTES);
        return resultBytes + pixels * WORK_BYTES_PER_PIXEL + pipelineBytes;
    }

    /**
     * @param resultBytesPerPixel bytes a pixel of a result held in memory (0 when none is)
     * @param inMemory            true when the results are kept in memory, false when they go to disk
     */
    private static void checkMemory(ImagePlus imp, int resultBytesPerPixel, int planes, boolean inMemory, Work work,
                                    long free) {
        long needed = neededBytes(imp.getWidth(), imp.getHeight(), resultBytesPerPixel, planes, inMemory, work);
        if (needed <= free) return;
        String size = imp.getWidth() + "x" + imp.getHeight();
        // Fewer planes or a folder only help when several results would be kept in memory.
        if (inMemory && planes > 1) {
            throw new StyleTransferException(String.format(
                "'%s' (%s, %d planes) needs about %d MB for the result and working memory, but only %d MB are free."
                    + " Process the current plane only, crop or scale the image, or give ImageJ more memory"
                    + " (Edit > Options > Memory & Threads). Or set output_folder to write the result to disk"
                    + " plane by plane.", imp.getTitle(), size, planes, needed >> 20, free >> 20));
        }
        throw new StyleTransferException(String.format(
            "'%s' (%s) needs about %d MB for one plane's result and working memory, but only %d MB are free. Crop"
                + " or scale the image, or give ImageJ more memory (Edit > Options > Memory & Threads).",
            imp.getTitle(), size, needed >> 20, free >> 20));
    }

    /** Number of planes to process. */
    public int size() {
        return indices.length;
    }

    public int width() {
        return source.width();
    }

    public int height() {
        return source.height();
    }

    /** The source's dimensions C, Z, T when this set was made (which planes follow each other in time). */
    public int[] dimensionsCzt() {
        return new int[] {source.channels(), source.slices(), source.frames()};
    }

    /** The source's title, as it was when this set was made (for result titles and messages). */
    public String title() {
        return source.title();
    }

    /** True when planes go through the networks as colour. */
    public boolean isRgb() {
        return source.type() == ImagePlus.COLOR_RGB;
    }

    /**
     * A new set of plane {@code k} alone, read and mapped as this set does, with an empty result in
     * memory: for images made of several results of one plane (an evolution, interpolation steps,
     * previews), with this set's {@link #protect protection}. It works from what this set holds, so it also works after the source was closed.
     */
    public PlaneSet onePlane(int k) {
        PlaneSet one = new PlaneSet(this, new int[] {indices[k]});
        // Every image made of this plane's results keeps its annotations.
        one.protection = protection;
        return one;
    }

    /**
     * Limits every plane's result to {@code area} (null for whole planes): the result planes keep
     * the source's pixels outside it (see {@link SelectionArea#blend}). Set it before the first
     * plane is written.
     */
    public void limitTo(SelectionArea area) {
        this.selection = area;
    }

    /**
     * Where a plane's annotations are, so that they come back from the source into its result
     * (protect_annotations).
     */
    @FunctionalInterface
    public interface Protection {
        /**
         * The soft mask of the annotations of one source plane, row by row: 1 takes the source's
         * pixel, 0 keeps the result's; null when the plane has none.
         *
         * @param stackIndex the plane's stack position in the source (1-based)
         * @param plane      the plane as the networks see it, 0..255 colour
         */
        float[] mask(int stackIndex, ColorImage plane);
    }

    /**
     * Puts each plane's annotations (as {@code protection} finds them; null for none) back from the
     * source into its result, after any selection ({@link #limitTo}) was applied. Set it before the
     * first plane is written. A result too large for memory ({@link #largeResultNote()}) is left
     * without it.
     */
    public void protect(Protection protection) {
        this.protection = protection;
    }

    /**
     * {@code out}, the result of plane {@code k}, with the annotations of {@code src} put back into
     * it (in place) through their soft mask, in the plane's own type and values: where the mask is
     * 1 the source's pixels come back bit for bit.
     */
    private ImageProcessor restoreAnnotations(int k, ImageProcessor src, ImageProcessor out) {
        Protection p = protection;
        if (p == null) return out;
        int c = channelOf(indices[k]);
        float[] mask = p.mask(indices[k], PlanePixels.read(src, channelMin[c], channelMax[c]));
        if (mask == null) return out;
        float[] weights = new float[mask.length];
        for (int i = 0; i < mask.length; i++) weights[i] = 1f - mask[i];
        SelectionArea.ofWeights(width(), height(), weights).blendInto(src, out, out);
        return out;
    }

    /** Planes whose results are stored so far. */
    public synchronized int written() {
        if (largeFile != null) return largePreview != null ? 1 : 0;
        return folder != null ? folder.size() : result.getSize();
    }

    /** True when the results go to disk ({@link #of(ImagePlus, boolean, Path)} with a folder). */
    public boolean writesToDisk() {
        return folder != null;
    }

    /** The output folder, or null when the results are kept in memory. */
    public Path outputFolder() {
        return folder == null ? null : folder.dir();
    }

    /**
     * Where the result went when it did not fit in memory and was written to a TIFF instead, and
     * what {@link #result} shows of it (once written); "" otherwise.
     */
    public synchronized String largeResultNote() {
        return largeNote;
    }

    /** {@link PlaneFolder#earlierPlanesNote()} of the output folder; "" when results stay in memory. */
    public String earlierPlanesNote() {
        return folder == null ? "" : folder.earlierPlanesNote();
    }

    /** True when the source's planes are read from disk on demand (AVI, virtual TIFF, image sequence). */
    public boolean isSourceVirtual() {
        return source.isVirtual();
    }

    private ImageProcessor plane(int k) {
        return source.plane(indices[k]);
    }

    private int channelOf(int stackIndex) {
        return source.channelOf(stackIndex);
    }

    /**
     * Plane {@code k} as a 0..255 colour image (grey planes replicated into R, G and B).
     *
     * @throws StyleTransferException when the plane cannot be read (see {@link Frame#readable()})
     */
    public ColorImage read(int k) {
        Frame frame = readFrame(k);
        if (!frame.readable()) {
            throw new StyleTransferException("Plane " + indices[k] + " of '" + title() + "' cannot be read: its file"
                + " is missing or damaged (see the Log). Restore it, or open the image again.");
        }
        return frame.image();
    }

    /**
     * Reads plane {@code k} once, for {@link #write(Frame, ColorImage)}: a virtual source then
     * reads (and decodes) each plane only once.
     *
     * @return the plane; one that is not {@link Frame#readable()} when its file is missing or damaged
     * @throws SourceClosedException when the source was closed and the plane can no longer be read
     */
    public Frame readFrame(int k) {
        ImageProcessor ip = plane(k);
        String label = source.label(indices[k]);
        if (ip == null) return new Frame(k, null, label, null);
        int c = channelOf(indices[k]);
        return new Frame(k, ip, label, PlanePixels.read(ip, channelMin[c], channelMax[c]));
    }

    /** Stores the stylised plane {@code k}; planes must be written in order. */
    public void write(int k, ColorImage styled) {
        store(new Frame(k, plane(k), source.label(indices[k]), null), styled);
    }

    /**
     * Stores the stylised plane of {@code frame} (in memory or as a file); planes must be written
     * in order, from one thread at a time. A frame that is not {@link Frame#readable()} stores a
     * blank plane ({@code styled} is ignored) and is counted in {@link #unreadable()}.
     */
    public synchronized void write(Frame frame, ColorImage styled) {
        if (frame.k() != written()) {
            throw new IllegalStateException("plane " + frame.k() + " written after " + written() + " planes");
        }
        store(frame, styled);
    }

    private synchronized void store(Frame frame, ColorImage styled) {
        ImageProcessor src = frame.source();
        ImageProcessor out;
        String label = frame.label();
        if (!frame.readable()) {
            out = blank();
            label = "not read: " + (label == null ? "plane " + indices[frame.k()] : label);
            unreadable.add(frame.k());
        } else {
            int c = channelOf(indices[frame.k()]);
            out = PlanePixels.write(styled, src, channelMin[c], channelMax[c]);
        }
        SelectionArea area = selection;
        if (area != null && frame.readable()) out = area.blend(src, out);
        if (frame.readable()) out = restoreAnnotations(frame.k(), src, out);
        store(label, out);
    }

    private synchronized void store(String label, ImageProcessor out) {
        if (folder != null) {
            folder.add(label, out, calibration());
        } else {
            result.addSlice(label, out);
        }
    }

    /**
     * Makes and stores the result of plane {@code k} tile by tile: {@code style} reads the source
     * plane (as 0..255 colour, mapped as {@link #read} does) and writes the result plane (mapped
     * back as {@link #write(Frame, ColorImage)} does), without whole-plane float copies. Planes
     * must be processed in order, from one thread.
     *
     * <p>With a selection ({@link #limitTo}) the result plane starts as a copy of the source and
     * only writes inside the selection's bounding box reach it, so {@code style} need only make that
     * part; what it wrote is then blended with the source by the selection's weights, as
     * {@link #write(Frame, ColorImage)} does. A plane that cannot be read is stored blank without
     * calling {@code style}.</p>
     *
     * @throws SourceClosedException when the source was closed and the plane can no longer be read
     */
    public void process(int k, BiConsumer<PixelSource, PixelTarget> style) {
        if (k != written()) throw new IllegalStateException("plane " + k + " processed after " + written() + " planes");
        ImageProcessor src = plane(k);
        String label = source.label(indices[k]);
        if (largeFile != null) {
            processToFile(k, src, style);
            return;
        }
        if (src == null) {
            store(new Frame(k, null, label, null), null);
            return;
        }
        int c = channelOf(indices[k]);
        SelectionArea area = selection;
        ImageProcessor out = area == null ? PlanePixels.newResult(src) : src.duplicate();
        PixelTarget target = PlanePixels.target(out, src, channelMin[c], channelMax[c]);
        style.accept(PlanePixels.source(src, channelMin[c], channelMax[c]),
            area == null ? target : PlanePixels.clipped(target, area.bounds()));
        if (area != null) area.blendInto(src, out, out);
        store(label, restoreAnnotations(k, src, out));
    }

    /**
     * The one RGB plane written row by row to {@link #largeFile}, keeping only a preview in memory;
     * a plane that cannot be read is written blank.
     */
    private void processToFile(int k, ImageProcessor src, BiConsumer<PixelSource, PixelTarget> style) {
        try (TiffRows file = new TiffRows(largeFile, width(), height())) {
            SelectionArea area = selection;
            PixelSource pixels = src == null ? null : PlanePixels.source(src, 0, 255);
            if (src == null || area != null) {
                // Blank, or the source where the selection leaves it.
                ColorImage band = new ColorImage(width(), Math.min(SelectionArea.BAND, height()));
                for (int y = 0; y < height(); y += SelectionArea.BAND) {
                    // The last band may be shorter; a blank band stays zero.
                    if (height() - y < band.height()) band = new ColorImage(width(), height() - y);
                    if (src != null) pixels.read(0, y, band);
                    file.write(y, band);
                }
            }
            if (src != null) {
                style.accept(pixels, area == null ? file : PlanePixels.clipped(file, area.bounds()));
                if (area != null) area.blendInto(pixels, file);
            }
            file.finish();
            ImagePlus preview = new ImagePlus("preview", file.preview());
            Calibration cal = calibration() == null ? new Calibration() : calibration().copy();
            cal.pixelWidth *= file.previewStep();
            cal.pixelHeight *= file.previewStep();
            preview.setCalibration(cal);
            synchronized (this) {
                if (src == null) unreadable.add(k);
                largePreview = preview;
                largeNote = String.format(Locale.ROOT, "%s: it was written to %s; the image shown is a preview at"
                    + " 1/%d of its size.", largeReason, largeFile, file.previewStep());
            }
        }
    }

    /** The stand-in of a plane that could not be read: zero, or NaN (no value) for 32-bit. */
    private ImageProcessor blank() {
        ImageProcessor ip = PlanePixels.emptyPlane(source.bitDepth(), width(), height());
        if (ip instanceof FloatProcessor) ip.set(Float.NaN);
        return ip;
    }

    /**
     * The source stack positions (1-based, increasing) of the planes of the {@link #result} (the
     * {@link #kept()} ones) that could not be read and are blank.
     */
    public synchronized List<Integer> unreadable() {
        int kept = kept().planes();
        return unreadable.stream().filter(k -> k < kept).map(k -> indices[k]).toList();
    }

    /**
     * What {@link #result} holds of the planes written so far: all of them for a complete run; for
     * a run that stopped early, the first whole time points (or slices, or channels), so that the
     * result keeps the source's structure.
     */
    public Extent kept() {
        int[] czt = dimensionsCzt();
        return Extent.of(czt[0], czt[1], czt[2], written(), allPlanes());
    }

    /** True when this set is every plane of its source (not one plane of it). */
    private boolean allPlanes() {
        return indices.length == source.stackSize();
    }

    /**
     * The new image: same dimensions (or the one plane), type, calibration, LUTs and display range.
     * When the results went to disk it is a virtual stack on the output folder. When fewer planes
     * than {@link #size()} were written (a cancelled run) it holds the {@link #kept()} part of them,
     * with the source's channels, slices, LUTs and composite mode.
     *
     * @throws IllegalStateException when no plane was written
     */
    public ImagePlus result(String title) {
        if (written() == 0) throw new IllegalStateException("no plane was written");
        if (largeFile != null) {
            largePreview.setTitle(title + " (preview)");
            return largePreview;
        }
        Extent kept = kept();
        ImagePlus out = new ImagePlus(title, firstPlanes(kept.planes()));
        out.setCalibration(calibration());
        out.setDimensions(kept.channels(), kept.slices(), kept.frames());
        if (allPlanes() && source.isHyperStack()) out.setOpenAsHyperStack(true);
        if (allPlanes() && source.isComposite()) {
            out = withChannelLuts(out, kept.channels());
        } else if (!isRgb()) {
            out.setDisplayRange(source.displayMin(), source.displayMax());
        }
        if (source.type() == ImagePlus.GRAY8 && source.isInvertedLut() != out.isInvertedLut()) {
            out.getProcessor().invertLut();
        }
        return out;
    }

    /** The first {@code n} planes written, in a stack of their own (the files of a folder stay as they are). */
    private synchronized ImageStack firstPlanes(int n) {
        if (folder != null) {
            ImageStack stack = folder.stack();
            while (stack.size() > n) stack.deleteLastSlice();
            return stack;
        }
        ImageStack stack = new ImageStack(width(), height());
        for (int i = 1; i <= n; i++) stack.addSlice(result.getSliceLabel(i), result.getProcessor(i));
        return stack;
    }

    /**
     * {@code out} with the LUTs (and their display ranges) of the source's first {@code channels}
     * channels: a composite in the source's mode, or for one channel a plain image with its LUT.
     */
    private ImagePlus withChannelLuts(ImagePlus out, int channels) {
        LUT[] luts = Arrays.copyOf(source.luts(), channels);
        if (channels == 1) {
            out.getProcessor().setLut(luts[0]);
            out.getStack().setColorModel(luts[0]);
            // A LUT made without a range has none (0, 0): the source's range stands in.
            boolean ranged = luts[0].min < luts[0].max;
            out.setDisplayRange(ranged ? luts[0].min : source.displayMin(), ranged ? luts[0].max : source.displayMax());
            return out;
        }
        CompositeImage co = new CompositeImage(out, source.compositeMode());
        co.setLuts(luts);
        return co;
    }

    private Calibration calibration() {
        return source.calibration();
    }

    // ---- value ranges of grey channels ---------------------------------------------------------

    private void measureRanges() {
        java.util.Arrays.fill(channelMin, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(channelMax, Double.NEGATIVE_INFINITY);
        if (isRgb()) return;
        int type = source.type();
        for (int k = 0; k < indices.length; k++) {
            int c = channelOf(indices[k]);
            if (type == ImagePlus.GRAY8) {
                channelMin[c] = 0;
                channelMax[c] = 255;
                continue;
            }
            ImageProcessor ip = plane(k);
            // A plane that cannot be read is not processed: its stand-in says nothing of the range.
            if (ip == null) continue;
            for (int i = 0, n = ip.getPixelCount(); i < n; i++) {
                float v = ip.getf(i);
                if (Float.isFinite(v)) {
                    if (v < channelMin[c]) channelMin[c] = v;
                    if (v > channelMax[c]) channelMax[c] = v;
                }
            }
        }
        for (int c = 0; c < channelMin.length; c++) {
            if (!(channelMin[c] <= channelMax[c])) {
                channelMin[c] = 0;
                channelMax[c] = 1;
            }
        }
    }

    // ---- conversions -----------------------------------------------------------------------------

    /** {@code v} rounded into 0..255. */
    static int clamp8(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    /** Shows what was not processed (for the log). */
    @Override
    public String toString() {
        return IJ.d2s(size(), 0) + " plane(s) of " + source.title();
    }
}
