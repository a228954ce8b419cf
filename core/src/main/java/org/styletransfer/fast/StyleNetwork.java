package org.styletransfer.fast;

import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.SessionFallback;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.engine.TensorSpec;
import org.styletransfer.onnx.InvalidModelException;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelSource;
import org.styletransfer.models.ModelCatalog.ResolvedModel;
import org.styletransfer.models.ModelEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One feed-forward style network, ready to stylise images of any size.
 *
 * <p>The graph is first made faster for ONNX Runtime ({@link ConvOutputPadding}); the result is
 * the same network.</p>
 *
 * <p>Images the network can take in one run go through it whole. Larger images (or any image
 * other than a fixed-size network's own size) go through in overlapping tiles blended by
 * {@link TileGrid}. Networks with instance normalisation would normalise every tile by its own
 * statistics, which shows as seams; for them the statistics are computed once per image (on the
 * whole image, scaled down when large) and every tile is normalised with those, through a variant
 * of the graph made by {@link InstanceNormRewrite}.</p>
 *
 * <p>Networks are cached and shared ({@link #open}); they are immutable once loaded, and each
 * {@link #stylize} call allocates its own tensors and statistics, so several threads may use one
 * network at once.</p>
 */
public final class StyleNetwork {
    /** Dynamic networks run whole images up to this many pixels (about 1 GB of activations). */
    static final long AUTO_WHOLE_PIXELS = 1024L * 1024;
    /** Tile edge chosen automatically for larger images. */
    static final int AUTO_TILE = 768;
    /** Longest edge of the image the instance-norm statistics are computed on. */
    public static final int STATS_MAX_EDGE = 1024;
    /**
     * Reflected pixels added around the image for networks that pad their convolutions with zeros
     * (e.g. Engstrom's, TensorFlow "SAME"): without them the outermost pixels came out as dark or
     * coloured stripes, worst on small images (la_muse at 96x64). 16 px brought the outer 4-px band
     * back in line with the next one (8 px: halfway; 32 px: no better than reflect-padded networks).
     */
    static final int BORDER_MARGIN = 16;

    private final ModelEntry entry;
    /** What messages call the network's file, e.g. "candy.onnx". */
    private final String fileName;
    private final String key;
    private final Provider provider;
    /** ONNX Runtime threads of this network's sessions, resolved (at least 1). */
    private final int threads;
    private final byte[] bytes;
    private final ModelSession plain;
    private final String inputName;
    private final String outputName;
    private final int fixedW;
    private final int fixedH;
    /** Reflected pixels around every image, see {@link #BORDER_MARGIN}; 0 for other networks. */
    private final int margin;
    private final Optional<InstanceNormRewrite> rewrite;
    /** Inputs besides the image computed from each whole image; null for networks read from files. */
    private final ImageInputs imageInputs;
    private ModelSession statsSession;
    private ModelSession fixedSession;

    /**
     * What a network built in memory needs besides the pixels: inputs computed once from the whole
     * image (as instance-norm statistics are), so that every tile gets the same; and, for an image
     * that goes through in one tile, a run of its own (which may share work between computing those
     * inputs and stylising, e.g. one encoder pass for both).
     */
    public interface ImageInputs {
        /**
         * The extra inputs for an image; the caller closes the tensors.
         *
         * @param wholeInput the whole image (scaled down to {@link #STATS_MAX_EDGE} when larger) as the
         *                   network takes it in one tile, margin included
         * @param fallback   the job's provider fallback, for any model run this needs
         */
        Map<String, FloatTensor> of(FloatTensor wholeInput, SessionFallback fallback);

        /**
         * Stylises an image that goes through in one tile: {@code in} holds it as the network takes
         * it, {@code out} (of the same shape) receives the network's output.
         */
        void runWhole(FloatTensor in, FloatTensor out, SessionFallback fallback);
    }

    /** A network's bytes as given, parsed, with its OrtSession cache key and the name messages give it. */
    private record Source(String fileName, String key, byte[] original, OnnxModel model) {
        static Source of(Path file) {
            byte[] original = readBytes(file);
            return new Source(file.getFileName().toString(),
                file.toAbsolutePath() + "|" + original.length + "|" + lastModified(file), original, parse(file, original));
        }
    }

    private StyleNetwork(ModelEntry entry, Path file, Provider provider, int threads) {
        this(entry, Source.of(file), provider, threads, null);
    }

    private StyleNetwork(ModelEntry entry, Source source, Provider provider, int threads, ImageInputs imageInputs) {
        this.entry = entry;
        this.fileName = source.fileName();
        this.provider = provider;
        this.threads = threads;
        this.key = source.key();
        this.imageInputs = imageInputs;
        OnnxModel model = source.model();
        // A network built in memory is used as built (its extra inputs feed convolutions directly).
        this.bytes = imageInputs == null && ConvOutputPadding.apply(model) > 0 ? model.toBytes() : source.original();
        // Networks built in memory come several to a job (one per universal style transfer level): an
        // arena each, kept between runs, would hold every level's peak at once (2.8 GB for a 4K frame).
        this.plain = OnnxEngine.shared().session(key, label(), () -> bytes, provider, threads, imageInputs == null);
        // A network built in memory takes its extra inputs after the image.
        TensorSpec in = imageInputs == null ? plain.signature().imageInput(label()) : plain.inputs().get(0);
        this.inputName = in.name();
        this.outputName = plain.outputs().get(0).name();
        this.fixedW = (int) Math.max(0, in.dim(3));
        this.fixedH = (int) Math.max(0, in.dim(2));
        // A fixed-size network takes images of its own size: a margin would need tiles.
        this.margin = !isFixedSize() && padsWithZeros(model) ? roundUp(BORDER_MARGIN, Math.max(1, entry.multiple())) : 0;
        this.rewrite = imageInputs == null ? InstanceNormRewrite.of(model) : Optional.empty();
    }

    /** Networks opened recently, so that a batch over many images parses each model once. */
    private static final Map<String, StyleNetwork> OPEN = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StyleNetwork> eldest) {
            return size() > 8;
        }
    };

    /**
     * Loads the network, or returns the one already loaded from the same unchanged file, and
     * checks that it is an image-to-image model.
     *
     * @param threads ONNX Runtime threads of the network's runs; 0 for the engine's default
     *                ({@link OnnxEngine#threads(int)}, taken now)
     */
    public static StyleNetwork open(ResolvedModel model, Provider provider, int threads) {
        int n = OnnxEngine.shared().threads(threads);
        Path file = model.file();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new StyleTransferException("Cannot read the model file " + file + ": " + e.getMessage(), e);
        }
        String cacheKey = file.toAbsolutePath() + "|" + size + "|" + lastModified(file) + "|" + provider
            + "|" + n + "|" + model.entry();
        synchronized (OPEN) {
            StyleNetwork net = OPEN.get(cacheKey);
            if (net == null) {
                net = new StyleNetwork(model.entry(), file, provider, n);
                OPEN.put(cacheKey, net);
            }
            return net;
        }
    }

    /**
     * A network built in memory (not cached by {@link #open}): {@code model} takes the image and the
     * inputs {@code imageInputs} computes from each whole image, e.g. a universal style transfer
     * step whose feature transform depends on the image's statistics. It is run whole or tiled like
     * any other; every tile of an image gets the same extra inputs.
     *
     * @param entry    the pixel convention, size multiple and name of the network
     * @param key      identifies the model for the OrtSession cache: equal keys must mean equal models
     * @param model    the image [1,3,H,W] as its first input, the extra inputs after it
     * @param threads  ONNX Runtime threads of the network's runs; 0 for the engine's default
     */
    public static StyleNetwork inMemory(ModelEntry entry, String key, OnnxModel model, Provider provider, int threads,
                                        ImageInputs imageInputs) {
        Source source = new Source(entry.id(), key, model.toBytes(), model);
        return new StyleNetwork(entry, source, provider, OnnxEngine.shared().threads(threads),
            java.util.Objects.requireNonNull(imageInputs));
    }

    public ModelEntry entry() {
        return entry;
    }

    /** ONNX Runtime threads of this network's runs. */
    public int threads() {
        return threads;
    }

    /** "CPU" or "CUDA": where this network runs. */
    public String provider() {
        return plain.provider();
    }

    /** Why the provider differs from the one asked for, or "". */
    public String providerNote() {
        return plain.providerNote();
    }

    /** Reflected pixels added around every image before it goes through the network (0: none). */
    public int margin() {
        return margin;
    }

    /**
     * Whether the network pads with zeros: a Conv with padding of its own (explicit pads or
     * auto_pad SAME), or a Pad in constant mode. Networks that reflect-pad (Pad mode "reflect", as
     * in pytorch/examples) see mirrored image at the border already.
     */
    static boolean padsWithZeros(OnnxModel model) {
        for (OnnxNode node : model.nodes()) {
            if (!node.isDefaultDomain()) continue;
            if (node.opType().equals("Conv") && convPads(node)) return true;
            if (node.opType().equals("Pad")
                && node.attribute("mode").map(OnnxAttribute::stringValue).orElse("constant").equals("constant")) {
                return true;
            }
        }
        return false;
    }

    private static boolean convPads(OnnxNode conv) {
        String auto = conv.attribute("auto_pad").map(OnnxAttribute::stringValue).orElse("NOTSET");
        if (auto.startsWith("SAME")) return true;
        long[] pads = conv.attribute("pads").map(OnnxAttribute::ints).orElse(new long[0]);
        for (long p : pads) if (p != 0) return true;
        return false;
    }

    /** True for networks that only take one input size (e.g. 1x3x256x256). */
    public boolean isFixedSize() {
        return fixedW > 0 && fixedH > 0;
    }

    private String label() {
        return "model '" + entry.id() + "' (" + fileName + ")";
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StyleTransferException("Cannot read the model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static OnnxModel parse(Path file, byte[] bytes) {
        try {
            return OnnxModel.parse(bytes);
        } catch (InvalidModelException e) {
            // The decoder's text (wire types, field numbers, byte offsets, and protobuf's own guess
            // that the input "has been truncated") is for a bug report: it stays in the cause.
            throw new StyleTransferException(file.getFileName() + " is not a complete ONNX model."
                + " The file is probably truncated or corrupt: download or export it again.", e);
        }
    }

    // ---- planning --------------------------------------------------------------------------------

    /** The tile layout used for a {@code width x height} image. */
    public TileGrid grid(int width, int height, int tileSize, int overlap) {
        int m = Math.max(1, entry.multiple());
        if (isFixedSize()) return TileGrid.of(width, height, fixedW, fixedH, overlap, m);
        int w = roundUp(width + 2 * margin, m);
        int h = roundUp(height + 2 * margin, m);
        boolean whole = tileSize <= 0 ? (long) w * h <= AUTO_WHOLE_PIXELS : w <= tileSize && h <= tileSize;
        if (whole) return TileGrid.of(width, height, w, h, overlap, 1, margin);
        int t = roundUp(tileSize <= 0 ? AUTO_TILE : tileSize, m);
        // Tiles no larger than the (padded) image; the overlap must leave room to advance.
        return TileGrid.of(width, height, Math.min(t, w), Math.min(t, h), Math.min(overlap, t / 2), m, margin);
    }

    static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    // ---- running ---------------------------------------------------------------------------------

    /** Finished result rows: {@code rows} (full width) are the image rows from {@code y} on, in order. */
    @FunctionalInterface
    public interface RowSink {
        void rows(int y, ColorImage rows);
    }

    /**
     * Stylises {@code src} (a part of {@code whole}, or {@code whole} itself) into 0..255 rows handed
     * to {@code sink} from top to bottom, in bands of at most {@link Strip#BAND} rows, with every
     * model run going through the job's {@code fallback}: when CUDA fails, the failed tile is run
     * again on the CPU and so is the rest of the job. Instance normalisation uses the statistics of
     * {@code whole}, so a part comes out as it does in the whole image's result. Tiles overlap only
     * within a strip one tile high, so besides the tile tensors this holds about
     * {@code 16 x width x tile height} bytes, whatever the image height; {@code whole} is only read
     * scaled down, for the statistics. Everything a call writes to is its own, so several threads
     * may stylise with one network at the same time.
     *
     * @param tick called before every tile; it may throw to cancel
     * @throws org.styletransfer.engine.ModelRunException when a run fails otherwise (e.g. out of memory)
     */
    public void stylize(PixelSource src, PixelSource whole, TileGrid grid, Runnable tick, SessionFallback fallback,
                        RowSink sink) {
        boolean global = (!grid.isSingle() || whole != src) && rewrite.isPresent();
        // A network built in memory runs a whole image itself, its inputs from that same image.
        boolean direct = imageInputs != null && grid.isSingle() && whole == src;
        Map<String, FloatTensor> stats = direct ? Map.of() : imageInputs != null ? imageInputs(whole, fallback)
            : global ? statistics(whole, fallback) : Map.of();
        ModelSession session = global ? fixedSession() : plain;
        int tw = grid.tileWidth();
        int th = grid.tileHeight();
        List<TileGrid.Tile> tiles = grid.tiles();
        Strip strip = new Strip(src.width(), src.height(), Math.min(th, src.height()));
        try (FloatTensor in = FloatTensor.allocate(1, 3, th, tw); FloatTensor out = FloatTensor.allocate(1, 3, th, tw)) {
            Map<String, FloatTensor> feeds = new HashMap<>(stats);
            feeds.put(inputName, in);
            for (int i = 0; i < tiles.size(); ) {
                int y = tiles.get(i).y();
                strip.moveTo(y);
                for (; i < tiles.size() && tiles.get(i).y() == y; i++) {
                    TileGrid.Tile tile = tiles.get(i);
                    tick.run();
                    fillInput(src, tile, in);
                    if (direct) {
                        imageInputs.runWhole(in, out, fallback);
                    } else {
                        fallback.run(session, feeds, Map.of(outputName, out));
                    }
                    accumulate(out, tile, strip);
                }
                // Later tile rows start lower: the rows above the next one's start are final. The
                // last row ends at the image's end, or, for a grid covering a part, at its own end.
                strip.emit(i < tiles.size() ? tiles.get(i).y() : Math.min(src.height(), y + th), sink);
            }
        } finally {
            stats.values().forEach(FloatTensor::close);
        }
    }

    /**
     * Copies a tile (reflecting at the image border) into the input tensor, in the net's
     * convention, reading from {@code src} only the region the tile and its reflection cover.
     */
    private void fillInput(PixelSource src, TileGrid.Tile t, FloatTensor in) {
        int[] xs = reflected(t.x(), t.w(), src.width());
        int[] ys = reflected(t.y(), t.h(), src.height());
        int x0 = min(xs);
        int y0 = min(ys);
        ColorImage patch = new ColorImage(max(xs) - x0 + 1, max(ys) - y0 + 1);
        src.read(x0, y0, patch);
        java.nio.FloatBuffer b = in.buffer();
        float scale = (float) ((entry.inMax() - entry.inMin()) / 255.0);
        float offset = (float) entry.inMin();
        int plane = t.w() * t.h();
        float[] d = patch.data();
        for (int c = 0; c < 3; c++) {
            int from = entry.bgr() ? 2 - c : c;
            for (int j = 0; j < t.h(); j++) {
                int row = patch.index(from, 0, ys[j] - y0);
                int dst = c * plane + j * t.w();
                for (int i = 0; i < t.w(); i++) {
                    b.put(dst + i, d[row + xs[i] - x0] * scale + offset);
                }
            }
        }
    }

    /** The image positions of {@code n} tile positions from {@code start} on, reflected into [0, size). */
    private static int[] reflected(int start, int n, int size) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = reflect(start + i, size);
        return r;
    }

    private static int min(int[] v) {
        int m = v[0];
        for (int x : v) m = Math.min(m, x);
        return m;
    }

    private static int max(int[] v) {
        int m = v[0];
        for (int x : v) m = Math.max(m, x);
        return m;
    }

    /** Mirror index into [0, n) without repeating the edge pixel, as reflect padding does. */
    static int reflect(int i, int n) {
        if (i >= 0 && i < n) return i;
        if (n == 1) return 0;
        int period = 2 * n - 2;
        int k = Math.floorMod(i, period);
        return k < n ? k : period - k;
    }

    private void accumulate(FloatTensor out, TileGrid.Tile t, Strip strip) {
        java.nio.FloatBuffer b = out.buffer();
        float scale = (float) (255.0 / (entry.outMax() - entry.outMin()));
        float offset = (float) entry.outMin();
        int plane = t.w() * t.h();
        int width = strip.width;
        int n = strip.acc.length / 3;
        // The margin's pixels (outside the image) are not part of the result.
        int i0 = Math.max(0, -t.x());
        int i1 = Math.min(t.w(), width - t.x());
        float[] wx = new float[t.w()];
        for (int i = i0; i < i1; i++) wx[i] = t.weightX(i);
        for (int j = Math.max(0, -t.y()); j < t.h() && t.y() + j < strip.height; j++) {
            float wy = t.weightY(j);
            int p = (t.y() + j - strip.top) * width + t.x();
            for (int i = i0; i < i1; i++) strip.wsum[p + i] += wy * wx[i];
            for (int c = 0; c < 3; c++) {
                int from = c * plane + j * t.w();
                int to = (entry.bgr() ? 2 - c : c) * n + p;
                for (int i = i0; i < i1; i++) {
                    float v = (b.get(from + i) - offset) * scale;
                    strip.acc[to + i] += wy * wx[i] * Math.max(0f, Math.min(255f, v));
                }
            }
        }
    }

    /**
     * The weighted sums of one tile row: {@code rows} full-width image rows from {@code top} on.
     * Moving it down to the next tile row keeps the rows that row overlaps and clears the rest.
     */
    private static final class Strip {
        /** Rows handed to the sink at a time, so that the normalised copy stays small. */
        static final int BAND = 64;
        final int width;
        final int height;
        final int rows;
        final float[] acc;
        final float[] wsum;
        int top;

        Strip(int width, int height, int rows) {
            this.width = width;
            this.height = height;
            this.rows = rows;
            this.acc = new float[3 * rows * width];
            this.wsum = new float[rows * width];
        }

        /** Makes image row {@code y} the strip's first row; the rows above it were emitted. */
        void moveTo(int y) {
            int d = Math.min(rows, y - top);
            if (d <= 0) return;
            int keep = (rows - d) * width;
            for (int c = 0; c < 3; c++) shift(acc, c * rows * width, d * width, keep);
            shift(wsum, 0, d * width, keep);
            top = y;
        }

        private void shift(float[] a, int base, int by, int keep) {
            System.arraycopy(a, base + by, a, base, keep);
            java.util.Arrays.fill(a, base + keep, base + rows * width, 0f);
        }

        /** Hands the normalised rows from {@link #top} up to {@code end} (exclusive) to {@code sink}. */
        void emit(int end, RowSink sink) {
            int n = rows * width;
            for (int y = top; y < end; y += BAND) {
                int h = Math.min(BAND, end - y);
                ColorImage band = new ColorImage(width, h);
                float[] d = band.data();
                int m = width * h;
                int from = (y - top) * width;
                for (int p = 0; p < m; p++) {
                    float ws = wsum[from + p];
                    float inv = ws > 0 ? 1f / ws : 0f;
                    d[p] = acc[from + p] * inv;
                    d[m + p] = acc[n + from + p] * inv;
                    d[2 * m + p] = acc[2 * n + from + p] * inv;
                }
                sink.rows(y, band);
            }
        }
    }

    // ---- whole-image instance-norm statistics -------------------------------------------------------

    private Map<String, FloatTensor> statistics(PixelSource img, SessionFallback fallback) {
        InstanceNormRewrite r = rewrite.orElseThrow();
        ColorImage small = statsImage(img);
        // With the margin the tiles have, so that tiled and whole-image runs normalise alike.
        int w = small.width() + 2 * margin;
        int h = small.height() + 2 * margin;
        TileGrid whole = TileGrid.of(small.width(), small.height(), w, h, 0, 1, margin);
        Map<String, float[]> values;
        try (FloatTensor in = FloatTensor.allocate(1, 3, h, w)) {
            fillInput(small, whole.tiles().get(0), in);
            List<String> names = new java.util.ArrayList<>(r.meanNames());
            names.addAll(r.varNames());
            values = fallback.runAndCopy(statsSession(), Map.of(inputName, in), names);
        }
        Map<String, FloatTensor> stats = new HashMap<>();
        values.forEach((name, v) -> {
            FloatTensor t = FloatTensor.allocate(1, v.length, 1, 1);
            t.buffer().put(0, v);
            stats.put(name, t);
        });
        return stats;
    }

    /**
     * The extra inputs of a network built in memory for {@code img}: from the image scaled down to
     * {@link #STATS_MAX_EDGE} when larger, filled in as one tile of it would be (margin included),
     * so that an image small enough comes out as when it goes through in one tile.
     */
    private Map<String, FloatTensor> imageInputs(PixelSource img, SessionFallback fallback) {
        double s = Math.min(1.0, (double) STATS_MAX_EDGE / Math.max(img.width(), img.height()));
        ColorImage small = resize(img, Math.max(1, (int) Math.round(img.width() * s)),
            Math.max(1, (int) Math.round(img.height() * s)));
        TileGrid.Tile tile = grid(small.width(), small.height(), Integer.MAX_VALUE, 0).tiles().get(0);
        try (FloatTensor in = FloatTensor.allocate(1, 3, tile.h(), tile.w())) {
            fillInput(small, tile, in);
            return imageInputs.of(in, fallback);
        }
    }

    /** The image the statistics come from: the net's own size, or the whole image scaled to fit. */
    private ColorImage statsImage(PixelSource img) {
        if (isFixedSize()) return resize(img, fixedW, fixedH);
        double s = Math.min(1.0, (double) STATS_MAX_EDGE / Math.max(img.width(), img.height()));
        int m = Math.max(1, entry.multiple());
        if (s == 1.0 && img.width() % m == 0 && img.height() % m == 0) return resize(img, img.width(), img.height());
        return resize(img, roundUp((int) Math.round(img.width() * s), m), roundUp((int) Math.round(img.height() * s), m));
    }

    /** {@code img} at {@code w x h}; an image already that size as it is (read whole: it is small). */
    private static ColorImage resize(PixelSource img, int w, int h) {
        if (w != img.width() || h != img.height()) return ColorImage.resize(img, w, h);
        if (img instanceof ColorImage c) return c;
        ColorImage copy = new ColorImage(w, h);
        img.read(0, 0, copy);
        return copy;
    }

    private synchronized ModelSession statsSession() {
        if (statsSession == null) {
            statsSession = OnnxEngine.shared().session(key + "|stats", label() + " (statistics)",
                () -> rewrite.orElseThrow().statsModel(), provider, threads, false);
        }
        return statsSession;
    }

    private synchronized ModelSession fixedSession() {
        if (fixedSession == null) {
            fixedSession = OnnxEngine.shared().session(key + "|fixed-stats", label() + " (tiled)",
                () -> rewrite.orElseThrow().fixedStatsModel(), provider, threads);
        }
        return fixedSession;
    }
}
