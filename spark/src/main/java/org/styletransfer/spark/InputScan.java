package org.styletransfer.spark;

import ij.ImagePlus;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.io.MediaIO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a job's inputs: the images, stacks, videos and image-sequence folders in a folder, or the
 * paths listed in a text file (one a line, relative to the file's folder; '#' starts a comment).
 */
public final class InputScan {
    private InputScan() {
    }

    /**
     * The inputs named by {@code input}, in name order, without {@code output} and hidden files.
     *
     * @throws StyleTransferException when {@code input} is missing or names nothing
     */
    public static List<InputFile> scan(Path input, Path output) {
        List<Path> paths = paths(input, output);
        if (paths.isEmpty()) {
            throw new StyleTransferException("No inputs in " + input + ": give a folder of images, stacks, videos or"
                + " image-sequence folders, or a .txt file listing them.");
        }
        return paths.stream().map(InputScan::describe).toList();
    }

    private static List<Path> paths(Path input, Path output) {
        if (!Files.exists(input)) {
            throw new StyleTransferException("Input " + input + " does not exist: give a folder of images or a .txt list of them.");
        }
        try {
            if (Files.isDirectory(input)) return folder(input, output);
            return listFile(input);
        } catch (IOException e) {
            throw new StyleTransferException("Cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> folder(Path dir, Path output) throws IOException {
        Path out = output.toAbsolutePath().normalize();
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                .filter(p -> !p.toAbsolutePath().normalize().equals(out))
                .sorted().toList();
        }
    }

    private static List<Path> listFile(Path list) throws IOException {
        List<Path> paths = new ArrayList<>();
        Path base = list.toAbsolutePath().getParent();
        for (String line : Files.readAllLines(list)) {
            String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) paths.add(base.resolve(entry));
        }
        return paths;
    }

    /**
     * What one input is: its planes and how they line up. An input the driver cannot open is
     * still listed (one task, which fails with the reader's message), so that it fails alone.
     */
    static InputFile describe(Path path) {
        String name = path.toAbsolutePath().toString();
        try {
            ImagePlus imp = MediaIO.open(path, true);
            return new InputFile(name, imp.getStackSize(), axis(imp));
        } catch (RuntimeException e) {
            return new InputFile(name, 1, InputFile.Axis.WHOLE);
        }
    }

    /** The axis along which the planes may be cut: one that holds all of them. */
    static InputFile.Axis axis(ImagePlus imp) {
        int n = imp.getStackSize();
        if (n == 1 || imp.getNChannels() > 1) return InputFile.Axis.WHOLE;
        if (imp.getNFrames() == n) return InputFile.Axis.TIME;
        if (imp.getNSlices() == n) return InputFile.Axis.SLICES;
        return InputFile.Axis.WHOLE;
    }
}
