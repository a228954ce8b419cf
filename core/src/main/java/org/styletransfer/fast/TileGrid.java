package org.styletransfer.fast;

import org.styletransfer.image.Region;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the tiles of an image go and how much each contributes to each pixel. Tiles overlap by at
 * least the requested amount; inside an overlap the weights of the two neighbours fall and rise
 * linearly and add up to one, so the blend has no visible seam, and a tile's own border (where the
 * network saw padding instead of the real neighbourhood) gets almost no weight.
 */
public final class TileGrid {
    private final int[] xs;
    private final int[] ys;
    private final int tileW;
    private final int tileH;
    private final int width;
    private final int height;
    /** The columns [firstX, endX) and rows [firstY, endY) of tiles that are run (all, or those of {@link #covering}). */
    private final int firstX;
    private final int endX;
    private final int firstY;
    private final int endY;

    private TileGrid(int width, int height, int tileW, int tileH, int[] xs, int[] ys) {
        this(width, height, tileW, tileH, xs, ys, 0, xs.length, 0, ys.length);
    }

    private TileGrid(int width, int height, int tileW, int tileH, int[] xs, int[] ys, int firstX, int endX,
                     int firstY, int endY) {
        this.width = width;
        this.height = height;
        this.tileW = tileW;
        this.tileH = tileH;
        this.xs = xs;
        this.ys = ys;
        this.firstX = firstX;
        this.endX = endX;
        this.firstY = firstY;
        this.endY = endY;
    }

    /**
     * The tiles of this layout that overlap {@code r}, with the weights they have in it: every
     * pixel of {@code r} comes out of them as it does out of the whole layout, so a part of the
     * image runs only the tiles it needs and gets the whole image's pixels there.
     */
    public TileGrid covering(Region r) {
        int i0 = 0;
        while (i0 < xs.length - 1 && xs[i0] + tileW <= r.x()) i0++;
        int i1 = i0 + 1;
        while (i1 < xs.length && xs[i1] < r.x() + r.width()) i1++;
        int j0 = 0;
        while (j0 < ys.length - 1 && ys[j0] + tileH <= r.y()) j0++;
        int j1 = j0 + 1;
        while (j1 < ys.length && ys[j1] < r.y() + r.height()) j1++;
        return new TileGrid(width, height, tileW, tileH, xs, ys, i0, i1, j0, j1);
    }

    /**
     * Lays out tiles of {@code tileW x tileH} over a {@code width x height} image. A tile larger
     * than the image along an axis sits at 0 and is padded by the caller.
     */
    public static TileGrid of(int width, int height, int tileW, int tileH, int overlap) {
        return of(width, height, tileW, tileH, overlap, 1);
    }

    /**
     * As {@link #of(int, int, int, int, int)}, with every tile starting at a multiple of
     * {@code align}. Networks with stride-2 layers (divisible-by-4 nets) are only shift-equivariant
     * by multiples of their total stride: a tile at another offset samples a different grid and
     * does not match the whole-image result. Tiles may then reach past the image end, into padding.
     */
    public static TileGrid of(int width, int height, int tileW, int tileH, int overlap, int align) {
        return of(width, height, tileW, tileH, overlap, align, 0);
    }

    /**
     * As {@link #of(int, int, int, int, int, int)}, over the image extended by {@code margin} pixels
     * on every side: tiles start at {@code -margin}, and the caller fills what lies outside the image
     * (by reflection), so that a network that pads with zeros sees image-like surroundings at the
     * border instead. Pixels outside the image are never part of the result.
     */
    public static TileGrid of(int width, int height, int tileW, int tileH, int overlap, int align, int margin) {
        return new TileGrid(width, height, tileW, tileH, shift(starts(width + 2 * margin, tileW, overlap, align), margin),
            shift(starts(height + 2 * margin, tileH, overlap, align), margin));
    }

    private static int[] shift(int[] starts, int margin) {
        for (int i = 0; i < starts.length; i++) starts[i] -= margin;
        return starts;
    }

    /** Evenly spread tile starts covering [0, length) with at least {@code overlap} between neighbours. */
    static int[] starts(int length, int tile, int overlap, int align) {
        int padded = (length + align - 1) / align * align;
        if (padded <= tile) return new int[] {0};
        int ov = Math.min(overlap, tile / 2);
        int n = Math.max(2, (int) Math.ceil((double) (padded - ov) / (tile - ov)));
        int last = Math.max(0, (padded - tile) / align * align);
        int[] s = new int[n];
        for (int i = 0; i < n; i++) s[i] = (int) Math.round((double) i * last / (n - 1) / align) * align;
        return s;
    }

    /** The tiles, row by row. */
    public List<Tile> tiles() {
        List<Tile> list = new ArrayList<>();
        for (int j = firstY; j < endY; j++) {
            for (int i = firstX; i < endX; i++) {
                list.add(new Tile(xs[i], ys[j], tileW, tileH, ramps(xs, i, tileW), ramps(ys, j, tileH)));
            }
        }
        return list;
    }

    /** The tiles that are run. */
    public int count() {
        return (endX - firstX) * (endY - firstY);
    }

    /** True when the layout is one tile over the whole image (also for a grid {@link #covering} a part of it). */
    public boolean isSingle() {
        return xs.length * ys.length == 1;
    }

    public int width() {
        return width;
    }

    /** Width of every tile. */
    public int tileWidth() {
        return tileW;
    }

    /** Height of every tile. */
    public int tileHeight() {
        return tileH;
    }

    public int height() {
        return height;
    }

    /** Ramp widths before and after tile i: the overlap with each neighbour, 0 at the image border. */
    private static int[] ramps(int[] starts, int i, int tile) {
        int before = i > 0 ? starts[i - 1] + tile - starts[i] : 0;
        int after = i < starts.length - 1 ? starts[i] + tile - starts[i + 1] : 0;
        return new int[] {before, after};
    }

    /**
     * One tile: its origin and size in image coordinates and its ramp widths.
     */
    public record Tile(int x, int y, int w, int h, int[] rampX, int[] rampY) {

        /** Weight of the tile-local column {@code i} (falls to near zero towards a neighbour). */
        public float weightX(int i) {
            return ramp(i, w, rampX);
        }

        /** Weight of the tile-local row {@code j}. */
        public float weightY(int j) {
            return ramp(j, h, rampY);
        }

        private static float ramp(int i, int n, int[] r) {
            float wgt = 1f;
            if (r[0] > 0) wgt = Math.min(wgt, rise(i + 0.5f, r[0]));
            if (r[1] > 0) wgt = Math.min(wgt, rise(n - i - 0.5f, r[1]));
            return wgt;
        }

        /**
         * Weight at distance {@code d} from the tile edge inside an overlap of width {@code r}: zero
         * in the outer quarter (where the network saw padding instead of the real neighbours), then
         * linear across the middle half, so that two neighbours' weights add up to one.
         */
        private static float rise(float d, int r) {
            return Math.max(0f, Math.min(1f, (d - r / 4f) / (r / 2f)));
        }
    }
}
