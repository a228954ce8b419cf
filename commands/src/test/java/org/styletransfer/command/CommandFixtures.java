package org.styletransfer.command;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import org.styletransfer.onnx.TestModels;
import org.styletransfer.planes.PlaneFolder;
import org.styletransfer.testutil.SharedData;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sources, options and checks shared by the tests that cancel, close and overlap style commands:
 * small images, the random-weight networks of {@link TestModels}, and pixel comparisons.
 */
final class CommandFixtures {
    private CommandFixtures() {
    }

    /**
     * A time series of {@code frames} RGB planes, each a different smooth pattern, so that a plane
     * mixed up with another, or shifted by one, shows.
     */
    static ImagePlus rgbMovie(String title, int w, int h, int frames, int seed) {
        ImageStack stack = new ImageStack(w, h);
        for (int t = 0; t < frames; t++) {
            ColorProcessor cp = new ColorProcessor(w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = (int) (127 + 100 * Math.sin((x + 3 * t + seed) / 5.0));
                    int g = (int) (127 + 100 * Math.cos((y - 2 * t) / 4.0 + seed));
                    int b = (x * 5 + y * 3 + 40 * t + 17 * seed) & 0xff;
                    cp.set(x, y, (r << 16) | (g << 8) | b);
                }
            }
            stack.addSlice("t" + t, cp);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, 1, frames);
        return imp;
    }

    /**
     * A 16-bit composite hyperstack of {@code c} channels (green, magenta, ...: each with a display
     * range of its own), {@code z} slices and {@code t} frames, each plane a different smooth pattern.
     */
    static CompositeImage compositeHyperstack(String title, int w, int h, int c, int z, int t) {
        ImageStack stack = new ImageStack(w, h);
        for (int i = 0; i < c * z * t; i++) {
            ShortProcessor sp = new ShortProcessor(w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) sp.set(x, y, (int) (1000 + 800 * Math.sin((x + 2 * i) / 4.0) + 30 * y + 50 * i));
            }
            stack.addSlice("plane " + (i + 1), sp);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(c, z, t);
        imp.setOpenAsHyperStack(true);
        CompositeImage composite = new CompositeImage(imp, IJ.COMPOSITE);
        Color[] colours = {Color.GREEN, Color.MAGENTA, Color.CYAN, Color.YELLOW};
        for (int ch = 1; ch <= c; ch++) {
            LUT lut = LUT.createLutFromColor(colours[(ch - 1) % colours.length]);
            lut.min = 100 * ch;
            lut.max = 2000 + 500 * ch;
            composite.setChannelLut(lut, ch);
        }
        return composite;
    }

    /** {@code movie}'s planes written to {@code dir} and opened again as a virtual stack, as a video is. */
    static ImagePlus onDisk(ImagePlus movie, Path dir) {
        PlaneFolder folder = new PlaneFolder(dir, "frame_", movie.getWidth(), movie.getHeight());
        for (int i = 1; i <= movie.getStackSize(); i++) {
            folder.add(movie.getStack().getSliceLabel(i), movie.getStack().getProcessor(i), null);
        }
        ImagePlus imp = new ImagePlus(movie.getTitle(), folder.stack());
        imp.setDimensions(1, 1, movie.getStackSize());
        return imp;
    }

    /** Copies of every plane's pixels, to compare a source before and after a run. */
    static List<Object> pixels(ImagePlus imp) {
        List<Object> planes = new ArrayList<>();
        for (int i = 1; i <= imp.getStackSize(); i++) planes.add(imp.getStack().getProcessor(i).duplicate().getPixels());
        return planes;
    }

    /** Asserts that the first {@code n} planes of {@code actual} equal those of {@code expected}, pixel for pixel. */
    static void assertSamePlanes(ImagePlus expected, ImagePlus actual, int n) {
        assertTrue(actual.getStackSize() >= n, "only " + actual.getStackSize() + " planes, expected " + n);
        for (int i = 1; i <= n; i++) {
            assertTrue(Objects.deepEquals(expected.getStack().getProcessor(i).getPixels(),
                actual.getStack().getProcessor(i).getPixels()), "plane " + i + " differs");
        }
    }

    /** A random-weight style network of {@link TestModels}, written into {@code dir} once. */
    static Path styleNet(Path dir, boolean instanceNorm, long seed) {
        Path file = dir.resolve("net-" + instanceNorm + "-" + seed + ".onnx");
        try {
            if (!Files.exists(file)) TestModels.imageToImage(file, instanceNorm, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toAbsolutePath();
    }

    /** Fast Style options for the network file {@code model}, on the CPU. */
    static ParamValues fast(Path model) {
        return FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL_FILE, model.toString())
            .set(FastStyleSpec.PROVIDER, "CPU");
    }

    /** A style picture of ../shared (skips the test when the folder is missing). */
    static String styleFile(String name) {
        return SharedData.styleImage(name).toAbsolutePath().toString();
    }

    /**
     * Quick optimisation options with the partial VGG-19 of ../shared: work size 48, 3 iterations,
     * no early stop (so that a run's iterations can be counted on), CPU.
     */
    static ParamValues quick(CommandSpec spec) {
        SharedData.model(NeuralStyleVgg.DEFAULT_FILE);
        return spec.defaults().set(NeuralStyleSpec.ITERATIONS, 3).set(NeuralStyleSpec.MAX_SIZE, 48)
            .set(NeuralStyleSpec.TOLERANCE, 0).set(NeuralStyleSpec.PROVIDER, "CPU");
    }

    /** Neural Style options with {@link #quick} settings and the starry night as style, on every plane. */
    static ParamValues neural() {
        return quick(NeuralStyleSpec.spec()).set(NeuralStyleSpec.STYLE, styleFile("starry_night.jpg"))
            .set(NeuralStyleSpec.PLANES, PlaneScope.ALL);
    }

    /** The names of the files in {@code dir}, sorted; none when it does not exist. */
    static List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plane files a run of {@code n} planes leaves in its output folder, and nothing else. */
    static void assertPlaneFiles(Path dir, int n) {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= n; i++) expected.add(String.format("plane_%05d.tif", i));
        assertEquals(expected, files(dir), "files in " + dir);
    }
}
