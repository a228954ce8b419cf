package org.styletransfer.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import org.styletransfer.engine.StyleTransferException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A folder that receives planes one TIFF file each ({@code <prefix>00001.tif}, ...) and opens them
 * again as an ImageJ {@link VirtualStack}, which reads one plane at a time. Results of long stacks
 * and videos go through such a folder so that memory does not grow with the number of frames.
 * Files of an earlier run with the same names are overwritten; other files are left alone.
 *
 * <p>Each plane is written to {@code <name>.part} and then renamed, so a file with a plane's name
 * is always complete: a run that is cancelled, fails (disk full) or is killed while writing never
 * leaves a half-written plane behind under that name.</p>
 */
public final class PlaneFolder {
    /** The default file name prefix of the planes. */
    public static final String DEFAULT_PREFIX = "plane_";
    /** Suffix of a plane's file while it is being written. */
    static final String PART = ".part";

    private final Path dir;
    private final String prefix;
    private final int width;
    private final int height;
    private final List<String> names = new ArrayList<>();
    private int bitDepth;

    /**
     * Creates the folder when needed.
     *
     * @throws StyleTransferException when the folder cannot be created or is a file
     */
    public PlaneFolder(Path dir, String prefix, int width, int height) {
        this.dir = dir.toAbsolutePath().normalize();
        this.prefix = prefix;
        this.width = width;
        this.height = height;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new StyleTransferException("Cannot create the output folder " + this.dir + " (" + e + ")."
                + " Choose a folder you can write to.", e);
        }
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** Planes written so far. */
    public synchronized int size() {
        return names.size();
    }

    /** The file that plane {@code n} (1-based) is written to. */
    public Path file(int n) {
        return dir.resolve(String.format(Locale.ROOT, "%s%05d.tif", prefix, n));
    }

    /**
     * Writes the next plane as a TIFF with its label and calibration (so that the file alone opens
     * correctly too).
     *
     * @throws StyleTransferException when the file cannot be written (disk full, no permission)
     */
    public synchronized void add(String label, ImageProcessor ip, Calibration calibration) {
        Path file = file(names.size() + 1);
        Path part = file.resolveSibling(file.getFileName() + PART);
        // A one-plane stack, not a bare processor: FileSaver only stores a slice label from a stack.
        ImageStack stack = new ImageStack(ip.getWidth(), ip.getHeight());
        stack.addSlice(label, ip);
        ImagePlus one = new ImagePlus(label == null ? "" : label, stack);
        if (calibration != null) one.setCalibration(calibration);
        try {
            if (!new FileSaver(one).saveAsTiff(part.toString())) {
                throw new StyleTransferException("Cannot write " + file + ": is the disk full or the folder read-only?");
            }
            moveIntoPlace(part, file);
        } finally {
            deleteQuietly(part);
        }
        bitDepth = one.getBitDepth();
        names.add(file.getFileName().toString());
    }

    private static void moveIntoPlace(Path part, Path file) {
        try {
            try {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StyleTransferException("Cannot write " + file + " (" + e + "): is the folder writable?", e);
        }
    }

    /** Removes what a failed write left; a file that cannot be removed is only a leftover. */
    private static void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // The plane's own name was never used, so nothing looks complete that is not.
        }
    }

    /**
     * The planes written so far as a virtual stack: no pixels are held in memory; each plane is
     * read from its file when shown or processed.
     */
    public synchronized VirtualStack stack() {
        VirtualStack stack = new VirtualStack(width, height, null, dir.toString());
        for (String name : names) stack.addSlice(name);
        if (bitDepth > 0) stack.setBitDepth(bitDepth);
        return stack;
    }
}
