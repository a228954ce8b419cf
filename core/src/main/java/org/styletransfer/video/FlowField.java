package org.styletransfer.video;

/**
 * A dense displacement field on a {@code width x height} grid: pixel (x, y) of the frame the field
 * belongs to corresponds to point (x + u, y + v) of the other frame. Components are in pixels,
 * row-major, and the arrays are shared, not copied.
 */
public final class FlowField {
    private final int width;
    private final int height;
    private final float[] u;
    private final float[] v;

    /** A zero field. */
    public FlowField(int width, int height) {
        this(width, height, new float[width * height], new float[width * height]);
    }

    /** Wraps the two component planes (each width*height, row-major). */
    public FlowField(int width, int height, float[] u, float[] v) {
        if (u.length != width * height || v.length != width * height) {
            throw new IllegalArgumentException("flow planes must have " + width * height + " values");
        }
        this.width = width;
        this.height = height;
        this.u = u;
        this.v = v;
    }

    /** A field that moves every pixel by the same (du, dv): handy for tests and global motion. */
    public static FlowField uniform(int width, int height, float du, float dv) {
        FlowField f = new FlowField(width, height);
        java.util.Arrays.fill(f.u, du);
        java.util.Arrays.fill(f.v, dv);
        return f;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Horizontal displacements, row-major. */
    public float[] u() {
        return u;
    }

    /** Vertical displacements, row-major. */
    public float[] v() {
        return v;
    }

    /** Horizontal displacement at (x, y). */
    public float u(int x, int y) {
        return u[y * width + x];
    }

    /** Vertical displacement at (x, y). */
    public float v(int x, int y) {
        return v[y * width + x];
    }
}
