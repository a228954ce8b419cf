package org.styletransfer.io;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.plugin.AVI_Reader;
import ij.plugin.FolderOpener;
import ij.plugin.filter.AVI_Writer;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.planes.PlaneFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Opens and saves images, stacks, videos and image sequences through ImageJ's own readers and
 * writers, chosen by the path: {@code .avi} files (ImageJ's AVI reader and writer, JPEG or PNG
 * frames), folders (image sequences: every image in the folder is one plane; written as one TIFF
 * per plane), and every other format ImageJ knows ({@code .tif} stacks included). Opened virtually,
 * videos, TIFF stacks and sequences read one plane at a time, and saving a virtual stack reads its
 * planes one at a time too, so long videos never have to fit in memory.
 */
public final class MediaIO {
    /** JPEG quality of AVI frames, as ImageJ's own default. */
    public static final int DEFAULT_JPEG_QUALITY = 90;

    /** The extensions {@link #saveOther} writes (besides TIFF, AVI and folders). */
    private static final Set<String> OTHER_FORMATS = Set.of("png", "jpg", "jpeg", "gif", "bmp", "zip");

    /** How AVI frames are compressed. */
    public enum AviCompression {
        /** Lossy, small, plays in every video player (Motion JPEG). */
        JPEG(AVI_Writer.JPEG_COMPRESSION),
        /** Lossless, larger; ImageJ and Fiji read it back pixel for pixel, many players do not. */
        PNG(AVI_Writer.PNG_COMPRESSION),
        /** Raw frames. */
        NONE(AVI_Writer.NO_COMPRESSION);

        private final int code;

        AviCompression(int code) {
            this.code = code;
        }
    }

    private MediaIO() {
    }

    /** True for the video files this class reads and writes ({@code .avi}). */
    public static boolean isVideo(Path path) {
        return extension(path).equals("avi");
    }

    /**
     * True when {@code path} names an image sequence: an existing folder, or a path without a file
     * extension (a folder to be created).
     */
    public static boolean isSequence(Path path) {
        return Files.isDirectory(path) || extension(path).isEmpty();
    }

    /**
     * Checks, before any work is done, that {@link #save} can write {@code path}'s format.
     *
     * @throws StyleTransferException naming the formats it can write, when it cannot
     */
    public static void checkSavable(Path path) {
        if (!isVideo(path) && !isSequence(path) && !isTiff(path) && !OTHER_FORMATS.contains(extension(path))) {
            throw unsavable(path);
        }
    }

    /**
     * True when {@link #save} keeps every plane of a stack at {@code path} (videos, folders, TIFF
     * and ZIP); the other formats keep the current plane only.
     */
    public static boolean keepsAllPlanes(Path path) {
        return isVideo(path) || isSequence(path) || isTiff(path) || extension(path).equals("zip");
    }

    /**
     * Opens a video, image sequence folder or image file. With {@code virtual} the planes are read
     * from disk when needed (videos, TIFF stacks and sequences), otherwise all are read now.
     * Videos get their frame rate as the calibration's fps and their frames as time points.
     *
     * @throws StyleTransferException when the path is missing or ImageJ cannot read it
     */
    public static ImagePlus open(Path path, boolean virtual) {
        if (!Files.exists(path)) throw new StyleTransferException(path + " does not exist.");
        if (Files.isRegularFile(path) && !isVideo(path)) {
            String other = ImageFiles.notAnImage(path);
            if (other != null) {
                throw new StyleTransferException("'" + path + "' is not an image ImageJ can read" + other
                    + "; give an image, a stack (TIFF), a video (AVI) or a folder of images.");
            }
        }
        ImagePlus imp = ImageFiles.withoutDialogs(() -> read(path, virtual));
        if (imp == null || imp.getStackSize() < 1) {
            throw new StyleTransferException("ImageJ cannot read " + path + (Files.isDirectory(path)
                ? ": the folder holds no images of one size." : ": not an image or video format it knows, or damaged."));
        }
        return imp;
    }

    private static ImagePlus read(Path path, boolean virtual) {
        if (Files.isDirectory(path)) return FolderOpener.open(path.toString(), virtual ? "virtual" : "");
        if (isVideo(path)) return openAvi(path, virtual);
        if (virtual && isTiff(path)) return IJ.openVirtual(path.toString());
        return IJ.openImage(path.toString());
    }

    private static ImagePlus openAvi(Path path, boolean virtual) {
        AVI_Reader reader = new AVI_Reader();
        reader.displayDialog(false);
        reader.setVirtual(virtual);
        // run() (unlike the static open methods) also sets the frame rate from the file's header.
        reader.run(path.toString());
        ImagePlus imp = reader.getImagePlus();
        if (imp != null && imp.getStackSize() > 1) imp.setDimensions(1, 1, imp.getStackSize());
        return imp;
    }

    /**
     * Saves by the path: {@code .avi} as a JPEG-compressed video, a folder (existing, or a path
     * without extension) as one TIFF per plane, any other extension in that format ({@code .tif}
     * for stacks). Virtual stacks are read one plane at a time.
     *
     * @throws StyleTransferException when the file cannot be written
     */
    public static void save(ImagePlus imp, Path path) {
        if (isVideo(path)) saveAvi(imp, path, AviCompression.JPEG, DEFAULT_JPEG_QUALITY);
        else if (isSequence(path)) saveSequence(imp, path);
        else if (isTiff(path)) saveTiff(imp, path);
        else saveOther(imp, path);
    }

    /**
     * Writes an AVI: one frame per time point (of a hyperstack, else per plane), at the frame
     * rate of the calibration ({@code fps}; ImageJ's animation rate when 0). RGB, composites and
     * JPEG frames are written as colour, other images as 8-bit grey with their LUT.
     *
     * @param jpegQuality 0..100, used for {@link AviCompression#JPEG}
     */
    public static void saveAvi(ImagePlus imp, Path path, AviCompression compression, int jpegQuality) {
        createParent(path);
        try {
            new AVI_Writer().writeImage(imp, path.toString(), compression.code, jpegQuality);
        } catch (IOException | RuntimeException e) {
            throw new StyleTransferException("Cannot write the video " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes every plane as its own TIFF ({@code <title>_00001.tif}, ...) into {@code dir}, with
     * its slice label and the calibration, in stack order; returns the folder.
     */
    public static Path saveSequence(ImagePlus imp, Path dir) {
        ImageStack stack = imp.getStack();
        PlaneFolder folder = new PlaneFolder(dir, prefix(imp.getTitle()), imp.getWidth(), imp.getHeight());
        for (int i = 1; i <= stack.getSize(); i++) {
            folder.add(stack.getSliceLabel(i), stack.getProcessor(i), imp.getCalibration());
        }
        return folder.dir();
    }

    private static void saveTiff(ImagePlus imp, Path path) {
        createParent(path);
        FileSaver saver = new FileSaver(imp);
        boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(path.toString()) : saver.saveAsTiff(path.toString());
        if (!ok) throw new StyleTransferException("Cannot write " + path + ": is the disk full or the folder read-only?");
    }

    private static void saveOther(ImagePlus imp, Path path) {
        createParent(path);
        // FileSaver, not IJ.saveAs: IJ.saveAs goes through IJ.run, which builds ImageJ's menus
        // (and needs a display) in a headless process.
        FileSaver saver = new FileSaver(imp);
        String file = path.toString();
        boolean ok = switch (extension(path)) {
            case "png" -> saver.saveAsPng(file);
            case "jpg", "jpeg" -> saver.saveAsJpeg(file);
            case "gif" -> saver.saveAsGif(file);
            case "bmp" -> saver.saveAsBmp(file);
            case "zip" -> saver.saveAsZip(file);
            default -> throw unsavable(path);
        };
        if (!ok || !Files.isRegularFile(path)) {
            throw new StyleTransferException("Cannot write " + path + ": is the disk full or the folder read-only?");
        }
    }

    private static StyleTransferException unsavable(Path path) {
        return new StyleTransferException("Cannot save '." + extension(path) + "' files (the extension chooses the"
            + " format); use .tif, .png, .jpg, .gif, .bmp, .zip, .avi or a folder (one TIFF per plane).");
    }

    /** File name prefix for a sequence: the title without extension, in safe characters. */
    static String prefix(String title) {
        String base = safeName(title);
        return (base.isEmpty() ? "frame" : base) + "_";
    }

    /**
     * An image title as the start of a file name: without its extension, each run of characters
     * other than letters, digits, '.', '_' and '-' replaced by one '_'; "" for no title.
     */
    public static String safeName(String title) {
        String base = title == null ? "" : title.replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
        return base.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    private static boolean isTiff(Path path) {
        String ext = extension(path);
        return ext.equals("tif") || ext.equals("tiff");
    }

    private static String extension(Path path) {
        Path name = path.getFileName();
        if (name == null) return "";
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    private static void createParent(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StyleTransferException("Cannot create the folder " + parent + ": " + e.getMessage(), e);
        }
    }
}
