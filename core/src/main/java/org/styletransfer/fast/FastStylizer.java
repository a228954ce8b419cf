package org.styletransfer.fast;

import org.styletransfer.engine.ModelRunException;
import org.styletransfer.engine.RunNotes;
import org.styletransfer.engine.SessionFallback;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelSource;
import org.styletransfer.image.PixelTarget;
import org.styletransfer.image.Region;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Fast style transfer of one image with a weighted blend of networks: each network runs once
 * (tiled as it needs), the results are averaged with their weights, and the blend is mixed with the
 * original by the style strength.
 *
 * <p>One instance is one job (a plane or a stack): it remembers what happened to the job. When a
 * plane runs out of memory (in ONNX Runtime or the JVM), it is stylised again with tiles of half
 * the size, down to {@link #MIN_TILE}, and later planes keep the smaller tiles. When CUDA fails, the
 * job moves to the CPU ({@link SessionFallback}). Both are told in {@link #notes()} and
 * {@link #provider()}. The source image is never modified, retries included. Thread-safe: several
 * threads may apply one instance, and separate instances share networks and sessions safely.</p>
 */
public final class FastStylizer {
    /** Out-of-memory retries do not go below this tile edge: smaller tiles spend most of their work on overlap. */
    static final int MIN_TILE = 128;

    /** The tile size and overlap a network runs with; 0 = automatic size. */
    private record Tiling(int tileSize, int overlap) {
    }

    private final List<StyleNetwork> networks;
    private final double[] weights;
    private final double strength;
    /** One per network; smaller after running out of memory. Guarded by this. */
    private final Tiling[] tilings;
    private final RunNotes notes = new RunNotes();
    private final SessionFallback fallback = new SessionFallback(notes);
    private final AtomicInteger planes = new AtomicInteger();

    /**
     * @param networks the networks to run
     * @param weights  one weight per network, at least one positive (normalised to sum 1)
     * @param strength 1 = fully stylised, 0 = the original
     * @param tileSize tile edge, or 0 for automatic
     * @param overlap  overlap between tiles in pixels
     */
    public FastStylizer(List<StyleNetwork> networks, double[] weights, double strength, int tileSize, int overlap) {
        this(networks, weights, new FastStyleSettings(strength, tileSize, overlap));
    }

    /**
     * @param networks the networks to run
     * @param weights  one weight per network, at least one positive (normalised to sum 1)
     * @param settings strength and tiling, e.g. {@link FastStyleSettings#defaults()}
     */
    public FastStylizer(List<StyleNetwork> networks, double[] weights, FastStyleSettings settings) {
        if (networks.isEmpty() || networks.size() != weights.length) {
            throw new IllegalArgumentException("need one weight per network");
        }
        double sum = 0;
        for (double w : weights) sum += w;
        if (!(sum > 0)) throw new IllegalArgumentException("the blend weights must add up to more than 0");
        this.networks = List.copyOf(networks);
        this.weights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) this.weights[i] = weights[i] / sum;
        this.strength = settings.strength();
        this.tilings = new Tiling[networks.size()];
        java.util.Arrays.fill(tilings, new Tiling(settings.tileSize(), settings.overlap()));
    }

    /** Tiles run for the part {@code region} of one {@code width x height} image (for progress). */
    public int tilesPerImage(int width, int height, Region region) {
        int n = 0;
        for (int i = 0; i < networks.size(); i++) {
            if (weights[i] == 0) continue;
            n += plan(i, width, height, region).grid().count();
        }
        return n;
    }

    /**
     * Shows every note of this job to {@code listener} as it happens, e.g.
     * {@code stylizer.onNote(progress::note)}.
     *
     * @return this stylizer
     */
    public FastStylizer onNote(Consumer<String> listener) {
        notes.listen(listener);
        return this;
    }

    /** What happened to this job so far (retries with smaller tiles, a move to the CPU), oldest first. */
    public List<String> notes() {
        return notes.all();
    }

    /**
     * The provider(s) the job ran on: the first network's ("CPU", "CUDA"), or, after CUDA failed,
     * e.g. "CUDA, then CPU (CUDA failed at plane 3: ...)".
     */
    public String provider() {
        return fallback.provider(networks.get(0).provider());
    }

    /** Why the provider differs from the one asked for (e.g. no CUDA in this build), or "". */
    public String providerNote() {
        return networks.get(0).providerNote();
    }

    /**
     * Stylises {@code img} (not modified) as the next plane of this job; {@code tick} runs before
     * every tile and may throw to cancel.
     *
     * @throws StyleTransferException when even the smallest tiles do not fit in memory
     */
    public ColorImage apply(ColorImage img, Runnable tick) {
        return apply(img, Region.all(img.width(), img.height()), tick);
    }

    /**
     * Stylises the part {@code region} of {@code img} (not modified) as the next plane of this job,
     * returning an image of the region's size: the same pixels as that part of
     * {@link #apply(ColorImage, Runnable)}'s result, give or take rounding. Only the region and a
     * margin of the tile overlap around it go through the networks (with the whole image's
     * instance-norm statistics), so a small region is quick.
     *
     * @throws StyleTransferException when even the smallest tiles do not fit in memory
     */
    public ColorImage apply(ColorImage img, Region region, Runnable tick) {
        ColorImage out = new ColorImage(region.width(), region.height());
        apply(img, region, out, tick);
        return out;
    }

    /**
     * Stylises {@code src} (not modified) into {@code target} (of the same size) as the next plane
     * of this job, tile by tile: see {@link #apply(PixelSource, Region, PixelTarget, Runnable)}.
     *
     * @throws StyleTransferException when even the smallest tiles do not fit in memory
     */
    public void apply(PixelSource src, PixelTarget target, Runnable tick) {
        apply(src, Region.all(src.width(), src.height()), target, tick);
    }

    /**
     * Stylises the part {@code region} of {@code src} (not modified) into {@code target}, of the
     * region's size, as the next plane of this job, tile by tile: neither is held as a whole-image
     * float copy, so the memory this takes besides the target is one tile row of sums and a few
     * bands of rows. Only the region and a margin of the tile overlap around it go through the
     * networks, normalised with the instance-norm statistics of the whole of {@code src}. With
     * several networks, each is blended into what the target holds so far (read back as the target
     * stores it, e.g. rounded to 8 bits), and the strength mix comes with the last.
     *
     * @throws StyleTransferException when even the smallest tiles do not fit in memory
     */
    public void apply(PixelSource src, Region region, PixelTarget target, Runnable tick) {
        int plane = planes.incrementAndGet();
        fallback.at("plane " + plane);
        PixelSource part = src.part(region);
        int last = weights.length - 1;
        while (weights[last] == 0) last--;
        double before = 0;
        for (int i = 0; i <= last; i++) {
            if (weights[i] == 0) continue;
            Blend blend = new Blend(part, target, before, weights[i], i == last ? strength : 1);
            stylize(i, src, region, tick, plane, blend);
            before += weights[i];
        }
    }

    /**
     * What network {@code i} runs for {@code region} of a {@code width x height} image: the part
     * {@code area} of the image it reads, and the tiles over that part.
     */
    private record Plan(Region area, TileGrid grid) {
    }

    /**
     * How network {@code i} runs on {@code region} of a {@code width x height} image. The whole
     * image runs its whole layout. A part of an image that is laid out in several tiles runs the
     * tiles of the whole image's layout that overlap it ({@link TileGrid#covering}), which give its
     * pixels as the whole image's run does. A part of an image that goes through in one tile runs
     * on the part and the tile overlap around it, the context a tile's border gets from its
     * neighbours, in a layout of its own.
     */
    private synchronized Plan plan(int i, int width, int height, Region region) {
        Region all = Region.all(width, height);
        TileGrid whole = grid(i, width, height);
        if (region.equals(all)) return new Plan(all, whole);
        if (!whole.isSingle()) return new Plan(all, whole.covering(region));
        Region context = region.grow(tilings[i].overlap(), networks.get(i).entry().multiple(), width, height);
        return new Plan(context, grid(i, context.width(), context.height()));
    }

    /**
     * Network {@code i} on the part {@code region} of {@code whole} (see {@link #plan}), the rows
     * of the part handed to {@code blend}; after running out of memory, again with smaller tiles
     * until it fits.
     */
    private void stylize(int i, PixelSource whole, Region region, Runnable tick, int plane, Blend blend) {
        while (true) {
            Plan plan = plan(i, whole.width(), whole.height(), region);
            TileGrid grid = plan.grid();
            StyleNetwork.RowSink sink = plan.area().equals(region) ? blend : cut(region.within(plan.area()), blend);
            try {
                networks.get(i).stylize(whole.part(plan.area()), whole, grid, tick, fallback, sink);
                return;
            } catch (ModelRunException | OutOfMemoryError e) {
                if (!ModelRunException.isOutOfMemory(e)) throw e;
                shrinkTiles(i, grid, plane, e);
            }
        }
    }

    /** Rows of a context image handed on as the rows of its part {@code r} (in the context's coordinates). */
    private static StyleNetwork.RowSink cut(Region r, StyleNetwork.RowSink to) {
        return (y, rows) -> {
            int from = Math.max(y, r.y());
            int end = Math.min(y + rows.height(), r.y() + r.height());
            if (from >= end) return;
            to.rows(from - r.y(), rows.crop(new Region(r.x(), from - y, r.width(), end - from)));
        };
    }

    /**
     * Blends one network's finished rows into the target: the weighted mean with the networks
     * before it, then (for the last) the strength mix with the source. Rows stored by an attempt
     * that later ran out of memory are not blended in again by the retry.
     */
    private static final class Blend implements StyleNetwork.RowSink {
        private final PixelSource src;
        private final PixelTarget target;
        private final float before;
        private final float weight;
        private final float strength;
        private int stored;

        Blend(PixelSource src, PixelTarget target, double before, double weight, double strength) {
            this.src = src;
            this.target = target;
            this.before = (float) before;
            this.weight = (float) weight;
            this.strength = (float) strength;
        }

        @Override
        public void rows(int y, ColorImage styled) {
            int skip = stored - y;
            if (skip >= styled.height()) return;
            if (skip > 0) {
                ColorImage rest = new ColorImage(styled.width(), styled.height() - skip);
                styled.read(0, skip, rest);
                rows(stored, rest);
                return;
            }
            float[] out = styled.data();
            if (before > 0) {
                float[] prev = readRows(target, y, styled.height());
                float total = before + weight;
                for (int p = 0; p < out.length; p++) out[p] = (before * prev[p] + weight * out[p]) / total;
            }
            if (strength < 1) {
                float[] orig = readRows(src, y, styled.height());
                for (int p = 0; p < out.length; p++) out[p] = strength * out[p] + (1 - strength) * orig[p];
            }
            target.write(y, styled);
            stored = y + styled.height();
        }

        private static float[] readRows(PixelSource from, int y, int rows) {
            ColorImage band = new ColorImage(from.width(), rows);
            from.read(0, y, band);
            return band.data();
        }
    }

    private synchronized TileGrid grid(int i, int width, int height) {
        Tiling t = tilings[i];
        return networks.get(i).grid(width, height, t.tileSize(), t.overlap());
    }

    /**
     * Halves network {@code i}'s tiles after {@code failed} ran out of memory (keeping the overlap's
     * share of the tile and the network's stride alignment), or throws when they cannot get smaller.
     */
    private synchronized void shrinkTiles(int i, TileGrid failed, int plane, Throwable cause) {
        StyleNetwork net = networks.get(i);
        int edge = edge(failed);
        // Another thread of this job may have made the tiles smaller already: just retry with those.
        if (edge(grid(i, failed.width(), failed.height())) < edge) return;
        int smaller = Math.max(MIN_TILE, edge / 2);
        int overlap = failed.isSingle() ? tilings[i].overlap()
            : (int) Math.round(tilings[i].overlap() * (double) smaller / edge);
        TileGrid next = net.grid(failed.width(), failed.height(), smaller, overlap);
        if (net.isFixedSize() || edge(next) >= edge) throw outOfMemory(net, failed, plane, cause);
        tilings[i] = new Tiling(smaller, overlap);
        String model = networks.size() > 1 ? ", model '" + net.entry().id() + "'" : "";
        notes.add(String.format(Locale.ROOT, "Out of memory with %s tiles; retried with %s tiles (plane %d%s)",
            size(failed), size(next), plane, model));
    }

    private static int edge(TileGrid grid) {
        return Math.max(grid.tileWidth(), grid.tileHeight());
    }

    /** "768-px" for square tiles, "300x200-px" otherwise. */
    private static String size(TileGrid grid) {
        int w = grid.tileWidth();
        int h = grid.tileHeight();
        return (w == h ? String.valueOf(w) : w + "x" + h) + "-px";
    }

    private StyleTransferException outOfMemory(StyleNetwork net, TileGrid failed, int plane, Throwable cause) {
        String tiles = size(failed) + " tiles" + (net.isFixedSize() ? " (the model's fixed size)" : " (the smallest)");
        String cpu = "CUDA".equals(net.provider()) && !fallback.fellBack() ? ", choose provider CPU" : "";
        return new StyleTransferException(String.format(Locale.ROOT,
            "Out of memory stylising the %dx%d image (plane %d) with model '%s', even with %s: %s. Use fewer threads "
                + "(Edit > Options > Memory & Threads)%s, a smaller image, or give ImageJ more memory "
                + "(Edit > Options > Memory, or -Xmx).",
            failed.width(), failed.height(), plane, net.entry().id(), tiles, ModelRunException.reason(cause), cpu),
            cause);
    }
}
