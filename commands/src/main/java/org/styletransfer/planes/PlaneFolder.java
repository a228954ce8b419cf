package org.styletransfer.planes;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import org.styletransfer.engine.StyleTransferException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder that receives planes one TIFF file each ({@code <prefix>00001.tif}, ...) and opens them
 * again as an ImageJ {@link VirtualStack}, which reads one plane at a time. Results of long stacks
 * and videos go through such a folder so that memory does not grow with the number of frames.
 * Files of an earlier run with the same names are overwritten; other files are left alone, and
 * {@link #earlierPlanesNote()} names an earlier run's planes that remain beyond this run's.
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

    /**
     * Renames a complete {@code part} file to {@code file}, replacing it; atomically where the file
     * system can.
     *
     * @throws StyleTransferException when it cannot be renamed
     */
    static void moveIntoPlace(Path part, Path file) {
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
    static void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // The plane's own name was never used, so nothing looks complete that is not.
        }
    }

    /**
     * A note for the user when the folder also holds planes numbered beyond those written so far,
     * under the same prefix: an earlier, longer run left them. They are not deleted (they may be
     * all that is left of that run), but reading the folder back as an image sequence would mix
     * the two runs. Best effort: a folder that cannot be listed gives no note.
     *
     * @return "" when there are none, else one sentence with their number and first and last name
     */
    public synchronized String earlierPlanesNote() {
        List<String> earlier = earlierPlanes();
        if (earlier.isEmpty()) return "";
        int n = earlier.size();
        String which = n == 1 ? earlier.get(0) : earlier.get(0) + " to " + earlier.get(n - 1);
        return String.format(Locale.ROOT, "The output folder %s also holds %d plane%s of an earlier run (%s), left as "
            + "%s: delete %s before reading the folder as an image sequence", dir, n, n == 1 ? "" : "s", which,
            n == 1 ? "it was" : "they were", n == 1 ? "it" : "them");
    }

    /** Names of the files "&lt;prefix&gt;NNNNN.tif" numbered beyond the planes written, in order. */
    private List<String> earlierPlanes() {
        Pattern plane = Pattern.compile(Pattern.quote(prefix) + "(\\d{5})\\.tif");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                .filter(name -> {
                    Matcher m = plane.matcher(name);
                    return m.matches() && Integer.parseInt(m.group(1)) > names.size();
                })
                .sorted()
                .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
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
