package org.styletransfer.fast;

import org.styletransfer.engine.ModelRunException;
import org.styletransfer.engine.RunNotes;
import org.styletransfer.engine.SessionFallback;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.ColorImage;
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

    /** Tiles run for one {@code width x height} image, summed over the networks (for progress). */
    public int tilesPerImage(int width, int height) {
        return tilesPerImage(width, height, Region.all(width, height));
    }

    /** Tiles run for the part {@code region} of one {@code width x height} image (for progress). */
    public int tilesPerImage(int width, int height, Region region) {
        int n = 0;
        for (int i = 0; i < networks.size(); i++) {
            if (weights[i] == 0) continue;
            // The whole image's context is the whole image.
            Region r = context(i, width, height, region);
            n += grid(i, r.width(), r.height()).count();
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
        int plane = planes.incrementAndGet();
        fallback.at("plane " + plane);
        ColorImage src = region.covers(img) ? img : img.crop(region);
        float[] out = new float[src.data().length];
        for (int i = 0; i < networks.size(); i++) {
            if (weights[i] == 0) continue;
            float[] styled = stylize(i, img, region, tick, plane).data();
            float w = (float) weights[i];
            for (int p = 0; p < out.length; p++) out[p] += w * styled[p];
        }
        if (strength < 1) {
            float s = (float) strength;
            float[] orig = src.data();
            for (int p = 0; p < out.length; p++) out[p] = s * out[p] + (1 - s) * orig[p];
        }
        return new ColorImage(src.width(), src.height(), out);
    }

    /**
     * Network {@code i} on the part {@code region} of {@code img}: on the part and its context
     * (see {@link #context}), cut back to the part afterwards.
     */
    private ColorImage stylize(int i, ColorImage img, Region region, Runnable tick, int plane) {
        if (region.covers(img)) return stylize(i, img, img, tick, plane);
        Region context = context(i, img.width(), img.height(), region);
        ColorImage styled = stylize(i, img.crop(context), img, tick, plane);
        return styled.crop(region.within(context));
    }

    /**
     * What network {@code i} runs on for {@code region} of a {@code width x height} image: the
     * region and the tile overlap around it, the context a tile's border gets from its neighbours.
     */
    private synchronized Region context(int i, int width, int height, Region region) {
        return region.grow(tilings[i].overlap(), networks.get(i).entry().multiple(), width, height);
    }

    /** Network {@code i} on {@code img}; after running out of memory, again with smaller tiles until it fits. */
    private ColorImage stylize(int i, ColorImage img, ColorImage whole, Runnable tick, int plane) {
        while (true) {
            TileGrid grid = grid(i, img.width(), img.height());
            try {
                return networks.get(i).stylize(img, whole, grid, tick, fallback);
            } catch (ModelRunException | OutOfMemoryError e) {
                if (!ModelRunException.isOutOfMemory(e)) throw e;
                shrinkTiles(i, grid, plane, e);
            }
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
