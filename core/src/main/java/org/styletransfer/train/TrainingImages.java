package org.styletransfer.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The pictures a decoder trains on, held in memory as packed RGB, and the random crops drawn
 * from them: a random picture, a random scale (a square window of crop x 2^u pixels, u uniform in
 * [0, {@value #MAX_OCTAVES}], as far as the picture allows), a random position and a horizontal
 * flip half the time, resampled bilinearly to crop x crop.
 */
public final class TrainingImages {

    /** How many octaves larger than the crop a source window may be. */
    static final double MAX_OCTAVES = 1.5;

    private record Picture(String name, int width, int height, int[] rgb) {
    }

    private final List<Picture> pictures;

    private TrainingImages(List<Picture> pictures) {
        this.pictures = pictures;
    }

    /**
     * Reads every JPEG and PNG file of {@code folder} (not its subfolders), in name order.
     *
     * @throws IllegalArgumentException when the folder is missing, holds no picture, or a picture
     *                                  cannot be read, naming it
     */
    public static TrainingImages read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("training image folder not found: " + folder
                    + " (give a folder of JPEG or PNG pictures)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(TrainingImages::isPicture).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no JPEG or PNG pictures in " + folder
                    + " (give a folder of training pictures)");
        }
        List<Picture> pictures = new ArrayList<>();
        for (Path file : files) {
            pictures.add(load(file));
        }
        return new TrainingImages(pictures);
    }

    private static boolean isPicture(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }

    private static Picture load(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IllegalArgumentException("cannot read " + file + " as a picture (remove it or convert it to PNG)");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        return new Picture(file.getFileName().toString(), w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    /** Number of pictures. */
    public int size() {
        return pictures.size();
    }

    /**
     * Fills {@code batch} ([n,3,crop,crop] RGB 0..255, row-major) with {@code n} random crops
     * drawn with {@code random}: the same random state gives the same batch.
     */
    public void fillBatch(float[] batch, int n, int crop, SplittableRandom random) {
        int plane = crop * crop;
        for (int k = 0; k < n; k++) {
            Picture p = pictures.get(random.nextInt(pictures.size()));
            int shorter = Math.min(p.width(), p.height());
            double largest = Math.min(shorter, crop * Math.pow(2, MAX_OCTAVES));
            double window = largest <= crop ? shorter : crop * Math.pow(largest / crop, random.nextDouble());
            double x0 = random.nextDouble() * (p.width() - window);
            double y0 = random.nextDouble() * (p.height() - window);
            boolean flip = random.nextBoolean();
            double scale = window / crop;
            for (int y = 0; y < crop; y++) {
                for (int x = 0; x < crop; x++) {
                    int cx = flip ? crop - 1 - x : x;
                    sample(p, x0 + (cx + 0.5) * scale - 0.5, y0 + (y + 0.5) * scale - 0.5, batch,
                            k * 3 * plane + y * crop + x, plane);
                }
            }
        }
    }

    /** Bilinear sample at (sx, sy), clamped to the picture, into the three planes at {@code at}. */
    private static void sample(Picture p, double sx, double sy, float[] out, int at, int plane) {
        double fx = Math.min(Math.max(sx, 0), p.width() - 1);
        double fy = Math.min(Math.max(sy, 0), p.height() - 1);
        int x0 = (int) fx;
        int y0 = (int) fy;
        int x1 = Math.min(x0 + 1, p.width() - 1);
        int y1 = Math.min(y0 + 1, p.height() - 1);
        double ax = fx - x0;
        double ay = fy - y0;
        int[] rgb = p.rgb();
        int a = rgb[y0 * p.width() + x0];
        int b = rgb[y0 * p.width() + x1];
        int c = rgb[y1 * p.width() + x0];
        int d = rgb[y1 * p.width() + x1];
        for (int ch = 0; ch < 3; ch++) {
            int shift = 16 - 8 * ch;
            double top = ((a >> shift) & 255) * (1 - ax) + ((b >> shift) & 255) * ax;
            double bottom = ((c >> shift) & 255) * (1 - ax) + ((d >> shift) & 255) * ax;
            out[at + ch * plane] = (float) (top * (1 - ay) + bottom * ay);
        }
    }
}
