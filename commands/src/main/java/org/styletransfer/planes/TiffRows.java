package org.styletransfer.planes;

import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelTarget;

import ij.process.ColorProcessor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * An RGB result plane too large for memory, written to an uncompressed TIFF (one strip per row)
 * as its rows arrive, with a small preview sampled on the way. The file is written as
 * {@code <name>.part} and renamed when complete ({@link #finish}), so a file with the final name
 * is always whole.
 */
final class TiffRows implements PixelTarget, AutoCloseable {
    /** Longest edge of the preview. */
    static final int PREVIEW_EDGE = 2048;
    private static final int ENTRIES = 10;

    private final Path file;
    private final Path part;
    private final int width;
    private final int height;
    private final long dataStart;
    private final RandomAccessFile out;
    private final int step;
    private final ColorProcessor preview;

    /**
     * Creates {@code file}'s part file with the TIFF header of a {@code width x height} RGB image.
     *
     * @throws StyleTransferException when the image is too large for a TIFF (4 GB) or the file cannot be written
     */
    TiffRows(Path file, int width, int height) {
        this.file = file;
        this.part = file.resolveSibling(file.getFileName() + PlaneFolder.PART);
        this.width = width;
        this.height = height;
        this.dataStart = 8 + 2 + ENTRIES * 12 + 4 + 6 + 8L * height;
        if (dataStart + 3L * width * height >= 1L << 32) {
            throw new StyleTransferException(String.format("The %dx%d result is over 4 GB, the most a TIFF file can"
                + " hold: crop or scale the image.", width, height));
        }
        this.step = (Math.max(width, height) + PREVIEW_EDGE - 1) / PREVIEW_EDGE;
        this.preview = new ColorProcessor((width + step - 1) / step, (height + step - 1) / step);
        try {
            this.out = new RandomAccessFile(part.toFile(), "rw");
            out.setLength(0);
            out.write(header());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Every {@code step}-th pixel of every {@code step}-th row. */
    ColorProcessor preview() {
        return preview;
    }

    /** How many times smaller the preview is along each axis. */
    int previewStep() {
        return step;
    }

    private byte[] header() {
        ByteBuffer b = ByteBuffer.allocate((int) dataStart).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        long bits = 8 + 2 + ENTRIES * 12 + 4;
        long offsets = bits + 6;
        long counts = offsets + 4L * height;
        b.putShort((short) ENTRIES);
        entry(b, 256, 4, 1, width);
        entry(b, 257, 4, 1, height);
        entry(b, 258, 3, 3, bits);
        entry(b, 259, 3, 1, 1);
        entry(b, 262, 3, 1, 2);
        entry(b, 273, 4, height, offsets);
        entry(b, 277, 3, 1, 3);
        entry(b, 278, 4, 1, 1);
        entry(b, 279, 4, height, counts);
        entry(b, 284, 3, 1, 1);
        b.putInt(0);
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        for (int y = 0; y < height; y++) b.putInt((int) (dataStart + 3L * width * y));
        for (int y = 0; y < height; y++) b.putInt(3 * width);
        return b.array();
    }

    /** One IFD entry; a single SHORT sits in the low bytes of the value field. */
    private static void entry(ByteBuffer b, int tag, int type, long count, long value) {
        b.putShort((short) tag).putShort((short) type).putInt((int) count);
        if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt((int) value);
        }
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public synchronized void read(int x, int y, ColorImage dst) {
        byte[] row = new byte[3 * dst.width()];
        float[] d = dst.data();
        int n = dst.width() * dst.height();
        try {
            for (int j = 0; j < dst.height(); j++) {
                out.seek(dataStart + 3L * ((long) (y + j) * width + x));
                out.readFully(row);
                for (int i = 0; i < dst.width(); i++) {
                    int k = j * dst.width() + i;
                    d[k] = row[3 * i] & 0xff;
                    d[n + k] = row[3 * i + 1] & 0xff;
                    d[2 * n + k] = row[3 * i + 2] & 0xff;
                }
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public synchronized void write(int x, int y, ColorImage rows) {
        float[] d = rows.data();
        int w = rows.width();
        int n = w * rows.height();
        byte[] bytes = new byte[3 * n];
        for (int k = 0; k < n; k++) {
            bytes[3 * k] = (byte) PlaneSet.clamp8(d[k]);
            bytes[3 * k + 1] = (byte) PlaneSet.clamp8(d[n + k]);
            bytes[3 * k + 2] = (byte) PlaneSet.clamp8(d[2 * n + k]);
        }
        try {
            if (w == width) {
                out.seek(dataStart + 3L * width * y);
                out.write(bytes);
            } else {
                for (int j = 0; j < rows.height(); j++) {
                    out.seek(dataStart + 3L * ((long) (y + j) * width + x));
                    out.write(bytes, 3 * j * w, 3 * w);
                }
            }
        } catch (IOException e) {
            throw failed(e);
        }
        sample(x, y, bytes, w, rows.height());
    }

    /** Takes the preview's pixels among the {@code w x rows} pixels written at ({@code x}, {@code y}). */
    private void sample(int x, int y, byte[] bytes, int w, int rows) {
        for (int j = 0; j < rows; j++) {
            if ((y + j) % step != 0) continue;
            for (int i = (step - x % step) % step; i < w; i += step) {
                int k = 3 * (j * w + i);
                preview.set((x + i) / step, (y + j) / step,
                    ((bytes[k] & 0xff) << 16) | ((bytes[k + 1] & 0xff) << 8) | (bytes[k + 2] & 0xff));
            }
        }
    }

    /** Closes the file and gives it its final name. */
    void finish() {
        try {
            out.close();
        } catch (IOException e) {
            throw failed(e);
        }
        PlaneFolder.moveIntoPlace(part, file);
    }

    /** Closes and removes the part file of an unfinished plane. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // Nothing was promised under the final name.
        }
        PlaneFolder.deleteQuietly(part);
    }

    private StyleTransferException failed(IOException e) {
        return new StyleTransferException("Cannot write " + part + ": " + e.getMessage()
            + ". Check that the disk has room (about " + (3L * width * height >> 20) + " MB) and is writable.", e);
    }
}
