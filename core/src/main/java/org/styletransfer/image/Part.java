package org.styletransfer.image;

/**
 * The part {@code r} of an image (inside it), read and written through the whole one: nothing is
 * copied. {@link PixelSource#part} hands it out as a source only, so {@link #write} is reachable
 * only when {@code whole} is a {@link PixelTarget} ({@link PixelTarget#part}).
 */
record Part(PixelSource whole, Region r) implements PixelTarget {
    @Override
    public int width() {
        return r.width();
    }

    @Override
    public int height() {
        return r.height();
    }

    @Override
    public void read(int x, int y, ColorImage dst) {
        whole.read(r.x() + x, r.y() + y, dst);
    }

    @Override
    public void write(int x, int y, ColorImage rows) {
        ((PixelTarget) whole).write(r.x() + x, r.y() + y, rows);
    }
}
