package org.styletransfer.universal;

import org.styletransfer.image.StyleImage;
import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.SessionFallback;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.engine.RunNotes;
import org.styletransfer.fast.FastStyleSettings;
import org.styletransfer.fast.FastStylizer;
import org.styletransfer.fast.StyleNetwork;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelSource;
import org.styletransfer.image.Region;
import org.styletransfer.lossgraph.UniversalGraphs;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Universal style transfer of images with any style picture (Li et al. 2017): for each encoder
 * level, deepest first, the image is encoded with VGG-19, its features are given the style's
 * statistics (WCT or AdaIN, {@link FeatureTransform}) and decoded back to pixels; the next level
 * starts from that image.
 *
 * <p>Each level is one image-to-image network (encoder, a 1x1 convolution with the transform,
 * decoder; {@link UniversalGraphs#level}) run by a {@link FastStylizer}, so large images go through
 * the fast networks' seamless tiles and their retries with smaller tiles when memory runs out. The
 * transform comes from the statistics of the whole image, computed once per image and level (on the
 * image scaled down to {@link #STATS_MAX_EDGE} when larger), so every tile gets the same. An image
 * that fits in one tile is encoded once for its statistics and its features both, every level in
 * one OrtSession ({@link UniversalGraphs#job}).</p>
 *
 * <p>The styles' statistics are computed once, when the stylizer is made. One instance is one job;
 * it may be applied to many images (the planes of a stack).</p>
 */
public final class UniversalStylizer {
    /** Longest edge of the images statistics are computed on, as for the fast networks' instance norms. */
    public static final int STATS_MAX_EDGE = StyleNetwork.STATS_MAX_EDGE;

    private final VggWeights weights;
    private final UniversalSettings settings;
    private final Provider provider;
    private final int threads;
    private final String weightsKey;
    private final List<String> levels;
    private final List<Decoder> decoders;
    private final List<StyleImage> styles;
    /** Per style picture, its statistics at every level. */
    private final List<Map<String, FeatureStats>> styleStats;
    private final String jobKey;
    private final Map<String, long[]> idleShapes;
    private final List<FastStylizer> steps = new ArrayList<>();
    private final RunNotes notes = new RunNotes();

    /**
     * Prepares a job: the styles' statistics at every level and one network per level.
     *
     * @param decoders one per level to run, deepest first ({@link #levelsFor} says which)
     * @param styles   the pictures of the blend; each is scaled down to {@link #STATS_MAX_EDGE} if larger
     * @param threads  ONNX Runtime threads per run; 0 for the engine's default
     */
    public UniversalStylizer(VggWeights weights, List<Decoder> decoders, List<StyleImage> styles,
                             UniversalSettings settings, Provider provider, int threads) {
        this(weights, decoders, styles, null, settings, provider, threads);
    }

    /** A job whose styles' statistics are {@code known} (one map per picture), or computed here when null. */
    private UniversalStylizer(VggWeights weights, List<Decoder> decoders, List<StyleImage> styles,
                              List<Map<String, FeatureStats>> known, UniversalSettings settings, Provider provider,
                              int threads) {
        if (decoders.isEmpty() || styles.isEmpty()) throw new IllegalArgumentException("need decoders and styles");
        this.weights = weights;
        this.settings = settings;
        this.provider = provider;
        this.threads = threads;
        this.weightsKey = weights.fingerprint(deepest(decoders));
        this.levels = decoders.stream().map(Decoder::level).toList();
        this.decoders = List.copyOf(decoders);
        this.styles = List.copyOf(styles);
        this.jobKey = "universal-job|" + decoders.stream().map(this::key).toList();
        this.idleShapes = UniversalGraphs.idleInputs(weights, levels);
        double[] w = styles.stream().mapToDouble(StyleImage::weight).toArray();
        if (known == null) {
            List<Map<String, FeatureStats>> computed = new ArrayList<>();
            SessionFallback fallback = new SessionFallback(notes);
            for (StyleImage s : styles) computed.add(statistics(levels, s.image(), fallback));
            known = computed;
        }
        this.styleStats = List.copyOf(known);
        FastStyleSettings tiling = new FastStyleSettings(1.0, settings.tileSize(), settings.overlap());
        for (Decoder d : decoders) {
            List<FeatureStats> perStyle = styleStats.stream().map(m -> m.get(d.level())).toList();
            Level level = new Level(d, perStyle, w);
            StyleNetwork net = StyleNetwork.inMemory(entry(d.level()), key(d), UniversalGraphs.level(weights, d.level(),
                d.model(), DecoderArchitecture.INPUT, DecoderArchitecture.OUTPUT), provider, threads, level);
            steps.add(new FastStylizer(List.of(net), new double[] {1}, tiling));
        }
    }

    /**
     * The same job at another strength (0 only encodes and decodes): the styles' statistics are
     * taken from this one, not computed again.
     */
    public UniversalStylizer withStrength(double strength) {
        return new UniversalStylizer(weights, decoders, styles, styleStats, settings.withStrength(strength), provider,
            threads);
    }

    /**
     * The levels to run for {@code count} levels: the {@code count} deepest of {@code available}
     * (e.g. relu1_1 .. relu3_1), deepest first.
     *
     * @throws IllegalArgumentException when fewer are available
     */
    public static List<String> levelsFor(int count, List<String> available) {
        List<String> sorted = new ArrayList<>(available);
        sorted.sort((a, b) -> Integer.compare(VggLayerNames.convIndex(b), VggLayerNames.convIndex(a)));
        if (count > sorted.size()) {
            throw new IllegalArgumentException(count + " levels asked for, but decoders exist for " + sorted.size()
                + " (" + String.join(", ", sorted) + ")");
        }
        return sorted.subList(0, count);
    }

    /** Shows every note of this job (retries with smaller tiles, a move to the CPU) to {@code listener}. */
    public UniversalStylizer onNote(Consumer<String> listener) {
        notes.listen(listener);
        steps.forEach(s -> s.onNote(listener));
        return this;
    }

    /** What happened to this job so far, oldest first. */
    public List<String> notes() {
        List<String> all = new ArrayList<>(notes.all());
        steps.forEach(s -> all.addAll(s.notes()));
        return all;
    }

    /** The provider(s) the job ran on, e.g. "CPU", or "CUDA, then CPU (...)". */
    public String provider() {
        return steps.get(0).provider();
    }

    /** Why the provider differs from the one asked for, or "". */
    public String providerNote() {
        return steps.get(0).providerNote();
    }

    /** The levels this job runs, deepest first. */
    public List<String> levels() {
        return levels;
    }

    /** Tiles run per {@code width x height} image, every level together (for progress). */
    public int tilesPerImage(int width, int height) {
        return steps.stream().mapToInt(s -> s.tilesPerImage(width, height, Region.all(width, height))).sum();
    }

    /**
     * Stylises {@code img} (not modified); {@code tick} runs before every tile and may throw to cancel.
     *
     * @throws org.styletransfer.engine.StyleTransferException when even the smallest tiles do not fit
     */
    public ColorImage apply(ColorImage img, Runnable tick) {
        ColorImage x = img;
        for (FastStylizer step : steps) x = step.apply(x, tick);
        return x;
    }

    /**
     * One level's extra inputs: the transform from an image's statistics against each style's. An
     * image that goes through whole is encoded once, for its statistics and its features both
     * (then transformed and decoded: two runs of the job graph); tiles run the level's whole network with
     * the transform of the whole image's statistics.
     */
    private final class Level implements StyleNetwork.ImageInputs {
        private final VggWeights vgg;
        private final Decoder decoder;
        /**
         * The styles' side of every transform of this level, blended by weight: computed once; null
         * at strength 0, whose transform is the identity (the universal start's second transfer).
         */
        private final FeatureTransform.Target target;

        Level(Decoder decoder, List<FeatureStats> styles, double[] weights) {
            this.vgg = UniversalStylizer.this.weights;
            this.decoder = decoder;
            this.target = settings.strength() == 0 ? null : FeatureTransform.Target.blend(styles.stream()
                .map(s -> FeatureTransform.Target.of(settings.method(), s)).toList(), weights);
        }

        @Override
        public Map<String, FloatTensor> of(FloatTensor wholeInput, SessionFallback fallback) {
            String l = decoder.level();
            Map<String, float[]> v = fallback.runAndCopy(statsSession(List.of(l)), Map.of(UniversalGraphs.IMAGE,
                wholeInput), List.of(UniversalGraphs.meanName(l), UniversalGraphs.covarianceName(l)));
            return tensors(transform(v));
        }

        @Override
        public void runWhole(FloatTensor in, FloatTensor out, SessionFallback fallback) {
            String l = decoder.level();
            int i = VggLayerNames.convIndex(l);
            int c = vgg.layers().get(i).out();
            int scale = 1 << VggLayerNames.poolsBefore(i);
            long[] shape = in.shape();
            // Every output straight into a tensor of ours: the features are the largest value of the run.
            try (FloatTensor features = FloatTensor.allocate(1, c, shape[2] / scale, shape[3] / scale);
                 FloatTensor mean = FloatTensor.allocate(c); FloatTensor cov = FloatTensor.allocate(c, c)) {
                runJob(fallback, Map.of(UniversalGraphs.imageName(l), in), Map.of(UniversalGraphs.encodedName(l),
                    features, UniversalGraphs.meanName(l), mean, UniversalGraphs.covarianceName(l), cov));
                FeatureTransform t = transform(Map.of(UniversalGraphs.meanName(l), floats(mean),
                    UniversalGraphs.covarianceName(l), floats(cov)));
                try (FloatTensor kernel = kernel(t); FloatTensor shift = shift(t)) {
                    runJob(fallback, Map.of(UniversalGraphs.featuresName(l), features, UniversalGraphs.transformName(l),
                        kernel, UniversalGraphs.shiftName(l), shift), Map.of(UniversalGraphs.stylisedName(l), out));
                }
            }
        }

        private FeatureTransform transform(Map<String, float[]> moments) {
            String l = decoder.level();
            FeatureStats content = FeatureStats.of(moments.get(UniversalGraphs.meanName(l)),
                moments.get(UniversalGraphs.covarianceName(l)));
            if (target == null) return FeatureTransform.identity(content.channels());
            return FeatureTransform.toward(content, target).withStrength(settings.strength());
        }
    }

    private static float[] floats(FloatTensor t) {
        float[] a = new float[t.size()];
        t.buffer().get(0, a);
        return a;
    }

    /** A transform as the level networks' inputs (kernel [C,C,1,1] and shift [C]); the caller closes them. */
    private static Map<String, FloatTensor> tensors(FeatureTransform t) {
        return Map.of(UniversalGraphs.TRANSFORM, kernel(t), UniversalGraphs.SHIFT, shift(t));
    }

    /** The transform's matrix as a 1x1 convolution kernel [C,C,1,1]; the caller closes it. */
    private static FloatTensor kernel(FeatureTransform t) {
        int c = t.channels();
        FloatTensor kernel = FloatTensor.allocate(c, c, 1, 1);
        kernel.buffer().put(0, t.kernel());
        return kernel;
    }

    /** The transform's shift [C]; the caller closes it. */
    private static FloatTensor shift(FeatureTransform t) {
        FloatTensor shift = FloatTensor.allocate(t.channels());
        shift.buffer().put(0, t.bias());
        return shift;
    }

    /**
     * Runs one part of the job graph ({@link UniversalGraphs#job}): {@code feeds} for that part, a
     * few idle pixels for every other part.
     */
    private void runJob(SessionFallback fallback, Map<String, FloatTensor> feeds, Map<String, FloatTensor> outputs) {
        Map<String, FloatTensor> all = new HashMap<>(feeds);
        List<FloatTensor> idle = new ArrayList<>();
        try {
            idleShapes.forEach((name, shape) -> {
                if (!feeds.containsKey(name)) {
                    FloatTensor t = FloatTensor.allocate(shape);
                    idle.add(t);
                    all.put(name, t);
                }
            });
            fallback.run(jobSession(), all, outputs);
        } finally {
            idle.forEach(FloatTensor::close);
        }
    }

    /**
     * The feature statistics of {@code image} at {@code levels} (deepest first), in one run.
     *
     * @param fallback the job's provider fallback
     */
    public Map<String, FeatureStats> statistics(List<String> levels, ColorImage image, SessionFallback fallback) {
        ColorImage img = statsImage(image);
        int needed = 1 << VggLayerNames.poolsBefore(VggLayerNames.convIndex(levels.get(0)));
        if (Math.min(img.width(), img.height()) < 4 * needed) {
            throw new StyleTransferException("A " + img.width() + "x" + img.height() + " image is too small for "
                + "universal style transfer at " + levels.get(0) + ": it needs at least " + 4 * needed + " pixels a side.");
        }
        List<String> outputs = new ArrayList<>();
        for (String l : levels) {
            outputs.add(UniversalGraphs.meanName(l));
            outputs.add(UniversalGraphs.covarianceName(l));
        }
        Map<String, float[]> values;
        try (FloatTensor in = FloatTensor.allocate(1, 3, img.height(), img.width())) {
            in.buffer().put(0, img.data());
            values = fallback.runAndCopy(statsSession(levels), Map.of(UniversalGraphs.IMAGE, in), outputs);
        }
        Map<String, FeatureStats> stats = new LinkedHashMap<>();
        for (String l : levels) {
            stats.put(l, FeatureStats.of(values.get(UniversalGraphs.meanName(l)),
                values.get(UniversalGraphs.covarianceName(l))));
        }
        return stats;
    }

    private ModelSession statsSession(List<String> levels) {
        String key = "universal-stats|" + weightsKey + "|" + levels;
        return OnnxEngine.shared().session(key, "feature statistics " + levels,
            () -> UniversalGraphs.statistics(weights, levels).toBytes(), provider, threads, false);
    }

    /*
     * The statistics and the per-level networks of tiles give their memory back after every run
     * (keepMemory false): arenas kept between runs would hold each OrtSession's peak at once, and a
     * 4K frame must stay within 2 GiB. Images that go through whole share the one job graph, whose
     * arena serves every level in turn.
     */
    private ModelSession jobSession() {
        return OnnxEngine.shared().session(jobKey, "universal style transfer " + levels, () -> UniversalGraphs.job(
            weights, levels, decoders.stream().map(Decoder::model).toList(), DecoderArchitecture.INPUT,
            DecoderArchitecture.OUTPUT).toBytes(), provider, threads, true);
    }

    /** The image statistics come from: {@code img} itself, or scaled down to {@link #STATS_MAX_EDGE}. */
    static ColorImage statsImage(PixelSource img) {
        double s = Math.min(1.0, (double) STATS_MAX_EDGE / Math.max(img.width(), img.height()));
        int w = Math.max(1, (int) Math.round(img.width() * s));
        int h = Math.max(1, (int) Math.round(img.height() * s));
        if (s == 1.0 && img instanceof ColorImage c) return c;
        return ColorImage.resize(img, w, h);
    }

    /** The pixel convention and size multiple of a level's network (RGB 0..255, one pooling halves). */
    private static ModelEntry entry(String level) {
        int multiple = 1 << VggLayerNames.poolsBefore(VggLayerNames.convIndex(level));
        return new ModelEntry("universal-" + level, "Universal style transfer at " + level, "universal", "", "", -1,
            false, 0, 255, 0, 255, multiple, "VGG-19 encoder and trained decoder", "");
    }

    private String key(Decoder d) {
        return "universal|" + weightsKey + "|" + d.level() + "|" + d.file().toAbsolutePath() + "|"
            + d.file().toFile().length() + "|" + d.file().toFile().lastModified();
    }

    private static int deepest(List<Decoder> decoders) {
        return decoders.stream().mapToInt(d -> VggLayerNames.convIndex(d.level())).max().getAsInt();
    }
}
