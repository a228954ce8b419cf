package org.styletransfer.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes the synthetic images in {@code test-images/} that the macros, tests and README examples
 * use. Everything is computed from formulas (no randomness, no external data), so running it again
 * gives the same files:
 * {@code mvn -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.styletransfer.ij.TestImageGenerator}.
 */
public final class TestImageGenerator {
    /** File names, relative to the output folder. */
    public static final String SHAPES_RGB = "shapes_rgb.png";
    public static final String BLOBS16 = "blobs16.tif";
    public static final String GRAY8 = "gray8.png";

    /** Sizes; kept small so that stylising them on a CPU takes about a second. */
    public static final int SHAPES_W = 384, SHAPES_H = 256;
    public static final int BLOBS_W = 160, BLOBS_H = 128, BLOBS_SLICES = 3;
    public static final int GRAY_W = 192, GRAY_H = 128;

    private TestImageGenerator() {
    }

    /** @param args optional output folder, {@code test-images} by default */
    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "test-images");
        writeAll(dir);
        System.out.println("Wrote test images to " + dir.toAbsolutePath());
    }

    /** Writes all test images into {@code dir} (created if needed). */
    public static void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        save(new FileSaver(shapesRgb()).saveAsPng(dir.resolve(SHAPES_RGB).toString()), SHAPES_RGB);
        // The committed TIFF is little-endian; ImageJ's default byte order depends on its version
        // and the user's preferences, so it is set here and put back.
        boolean intel = Prefs.intelByteOrder;
        Prefs.intelByteOrder = true;
        try {
            save(new FileSaver(blobs16()).saveAsTiffStack(dir.resolve(BLOBS16).toString()), BLOBS16);
        } finally {
            Prefs.intelByteOrder = intel;
        }
        save(new FileSaver(gray8()).saveAsPng(dir.resolve(GRAY8).toString()), GRAY8);
    }

    private static void save(boolean ok, String name) throws IOException {
        if (!ok) throw new IOException("Could not write " + name);
    }

    /** Colour gradients, discs, rings and rows of "text" strokes: edges and flat areas to stylise. */
    public static ImagePlus shapesRgb() {
        ColorProcessor cp = new ColorProcessor(SHAPES_W, SHAPES_H);
        for (int y = 0; y < SHAPES_H; y++) {
            for (int x = 0; x < SHAPES_W; x++) {
                cp.set(x, y, shapesPixel(x, y));
            }
        }
        return new ImagePlus("shapes_rgb", cp);
    }

    private static int shapesPixel(int x, int y) {
        double u = x / (double) SHAPES_W, v = y / (double) SHAPES_H;
        int r = (int) (40 + 180 * u), g = (int) (60 + 150 * v), b = (int) (200 - 120 * u * v);
        if (inDisc(x, y, 96, 96, 60)) return rgb(230, 80 + (int) (100 * v), 40);
        if (inRing(x, y, 270, 110, 70, 48)) return rgb(30, 110, 200 - (int) (80 * u));
        if (inDisc(x, y, 200, 190, 34)) return rgb(250, 230, 90);
        if (inTextBand(x, y)) return rgb(20, 20, 30);
        if (((x / 16) + (y / 16)) % 2 == 0 && y > 200 && x > 300) return rgb(240, 240, 240);
        return rgb(r, g, b);
    }

    /** Short horizontal strokes in three lines at the bottom left, like a line of text. */
    private static boolean inTextBand(int x, int y) {
        if (x < 20 || x > 160 || y < 180 || y > 236) return false;
        int line = (y - 180) / 20, inLine = (y - 180) % 20;
        int word = (x + 7 * line) / 12;
        return inLine >= 4 && inLine < 10 && (x + 7 * line) % 12 < 8 && word % 5 != 4;
    }

    /** Three slices of Gaussian blobs on a ramp, 16-bit, values between about 1000 and 40000. */
    public static ImagePlus blobs16() {
        ImageStack stack = new ImageStack(BLOBS_W, BLOBS_H);
        for (int z = 0; z < BLOBS_SLICES; z++) stack.addSlice("z" + (z + 1), blobSlice(z));
        ImagePlus imp = new ImagePlus("blobs16", stack);
        Calibration cal = imp.getCalibration();
        // A non-default calibration, so that tests can check that results keep it.
        cal.pixelWidth = cal.pixelHeight = 0.25;
        cal.pixelDepth = 1.5;
        cal.setUnit("micron");
        return imp;
    }

    private static ShortProcessor blobSlice(int z) {
        ShortProcessor sp = new ShortProcessor(BLOBS_W, BLOBS_H);
        double[][] blobs = {{40, 40, 14}, {110, 50, 20}, {70, 95, 10}, {130, 105, 8}};
        for (int y = 0; y < BLOBS_H; y++) {
            for (int x = 0; x < BLOBS_W; x++) {
                double value = 1000 + 4000.0 * x / BLOBS_W;
                for (double[] b : blobs) {
                    double dx = x - b[0] - 6 * z, dy = y - b[1], s = b[2] * (1 + 0.15 * z);
                    value += 35000 * Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
                }
                sp.set(x, y, (int) Math.min(40000, value));
            }
        }
        return sp;
    }

    /** Concentric waves with a dark square and a bright bar, 8-bit. */
    public static ImagePlus gray8() {
        ByteProcessor bp = new ByteProcessor(GRAY_W, GRAY_H);
        for (int y = 0; y < GRAY_H; y++) {
            for (int x = 0; x < GRAY_W; x++) {
                double d = Math.hypot(x - GRAY_W / 2.0, y - GRAY_H / 2.0);
                int v = (int) (128 + 100 * Math.cos(d / 6.0));
                if (x > 20 && x < 60 && y > 20 && y < 60) v = 20;
                if (y > 95 && y < 105 && x > 100) v = 245;
                bp.set(x, y, v);
            }
        }
        return new ImagePlus("gray8", bp);
    }

    private static boolean inDisc(int x, int y, int cx, int cy, int r) {
        return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
    }

    private static boolean inRing(int x, int y, int cx, int cy, int outer, int inner) {
        return inDisc(x, y, cx, cy, outer) && !inDisc(x, y, cx, cy, inner);
    }

    private static int rgb(int r, int g, int b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
