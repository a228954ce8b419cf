package org.styletransfer.gatys;

import org.styletransfer.image.StyleImage;
import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.RunNotes;
import org.styletransfer.engine.SessionFallback;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.image.ColorImage;
import org.styletransfer.optim.Adam;
import org.styletransfer.optim.EarlyStop;
import org.styletransfer.optim.Lbfgs;
import org.styletransfer.optim.PyramidPreconditioner;
import org.styletransfer.optim.Objective;
import org.styletransfer.optim.Optimizer;
import org.styletransfer.universal.PixelWct;
import org.styletransfer.vgg.VggWeights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Optimisation-based style transfer (Gatys, Ecker and Bethge 2015): the image itself is optimised
 * so that its VGG features match the content image's and its Gram matrices match the style's.
 *
 * <p>Flow: at each resolution level (coarse to fine) the content is resized and reflect-padded to
 * the graph's size multiple, the content features and the blended style Gram matrices are
 * computed once by the forward graph, and the optimiser then runs the loss-and-gradient graph
 * once or more per iteration. Each level starts from the previous level's result, upsampled.
 *
 * <p>When memory runs out, the run starts again at a lower resolution ({@link LowerResolution});
 * when CUDA fails, it finishes on the CPU, and so do the instance's later runs: one instance
 * serves one job (a stack's planes, an interpolation's steps). The result's notes and provider say so.
 *
 * <p>Instances are cheap; ONNX sessions are shared through the engine's cache. Thread-safe:
 * concurrent runs may share an instance (the Gram cache and the move to the CPU are synchronised;
 * everything else a run changes is its own).
 */
public final class NeuralStylizer {
    /** The smallest content side the optimisation takes, in pixels. */
    public static final int MIN_SIDE = 8;
    /** Levels whose shorter side would fall below this are dropped: VGG needs some context. */
    static final int MIN_LEVEL_SIZE = 32;
    /** Style images are never shrunk below this (shorter side). */
    private static final int MIN_STYLE_SIZE = 16;
    /** Adam's loss is noisy: judge its progress over this many iterations. */
    private static final int ADAM_STOP_WINDOW = 10;
    private static final int GRAM_CACHE_SIZE = 8;

    private final VggWeights weights;
    private final GatysGraphSpec baseSpec;
    private final String weightsKey;
    /**
     * The latest run's move from CUDA to the CPU: each run continues it (see
     * {@link SessionFallback#next}), so once CUDA failed, later planes and steps of the job run on
     * the CPU, as Fast Style's do. Null before the first run.
     */
    private volatile SessionFallback fallback;
    private final Map<GramKey, Map<String, float[]>> gramCache = Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<GramKey, Map<String, float[]>> eldest) {
                return size() > GRAM_CACHE_SIZE;
            }
        });

    /**
     * An extra loss term on the image's pixels, computed in Java and added to the network's loss
     * (e.g. the temporal term of video style transfer). It sees the image at each resolution level
     * without the padding the network needs.
     */
    @FunctionalInterface
    public interface PixelLoss {
        /**
         * Evaluates the term at {@code image}.
         *
         * @param image    planar RGB, {@code width*height} per channel, 0..255; not to be modified or kept
         * @param width    the level's width (smaller than the content's on coarse levels)
         * @param height   the level's height
         * @param gradient receives d term / d image, added (+=) to what it holds; same layout as image
         * @return the term's value, added to the loss
         */
        double addTo(float[] image, int width, int height, float[] gradient);
    }

    /** Style Gram matrices of one style image (by identity) at one size and spec. */
    private record GramKey(ColorImage image, int width, int height, String spec) {
    }

    /** With the default layers for these weights ({@link GatysGraphSpec#defaults}). */
    public NeuralStylizer(VggWeights weights) {
        this(weights, GatysGraphSpec.defaults(weights));
    }

    /**
     * @param spec layers and layer weights; its pooling and mask flag are replaced per run by the
     *             settings
     */
    public NeuralStylizer(VggWeights weights, GatysGraphSpec spec) {
        this.weights = weights;
        this.baseSpec = spec;
        this.weightsKey = fingerprint(weights);
    }

    /** The layers this stylizer uses. */
    public GatysGraphSpec spec() {
        return baseSpec;
    }

    /** Runs without a listener. */
    public NeuralStyleResult stylize(ColorImage content, List<StyleImage> styles, NeuralStyleSettings settings,
                                     Progress progress) {
        return stylize(content, styles, settings, progress, NeuralStyleListener.NONE);
    }

    /**
     * Stylises {@code content}.
     *
     * @param styles   one or more styles; with several, their Gram matrices are blended by weight
     * @param progress receives "iteration k of n" and is polled for cancellation between iterations
     * @param listener per-iteration loss terms and previews
     * @return the best image; when cancelled, the best so far with {@code cancelled} set
     * @throws StyleTransferException on unusable input (no style, mask of the wrong size ...)
     */
    public NeuralStyleResult stylize(ColorImage content, List<StyleImage> styles, NeuralStyleSettings settings,
                                     Progress progress, NeuralStyleListener listener) {
        return stylize(content, styles, settings, progress, listener, null);
    }

    /**
     * Stylises {@code content} with an extra pixel loss term added to the network's loss.
     *
     * @param extra the extra term, or null for none (then the same as without it); the reported
     *              total loss includes it
     * @see #stylize(ColorImage, List, NeuralStyleSettings, Progress, NeuralStyleListener)
     */
    public NeuralStyleResult stylize(ColorImage content, List<StyleImage> styles, NeuralStyleSettings settings,
                                     Progress progress, NeuralStyleListener listener, PixelLoss extra) {
        check(content, styles, settings);
        RunNotes notes = new RunNotes((progress == null ? Progress.NONE : progress)::note);
        return LowerResolution.retry(content.width(), content.height(), notes,
            scale -> new Run(content, styles, settings, progress, listener, extra, scale, notes).execute());
    }

    private static void check(ColorImage content, List<StyleImage> styles, NeuralStyleSettings s) {
        if (styles == null || styles.isEmpty()) throw new StyleTransferException("Choose at least one style image.");
        if (styles.stream().mapToDouble(StyleImage::weight).sum() <= 0) {
            throw new StyleTransferException("The style weights are all 0: give at least one style a positive weight.");
        }
        if (content.width() < MIN_SIDE || content.height() < MIN_SIDE) {
            throw new StyleTransferException("The content image is " + content.width() + "x" + content.height()
                + " pixels; optimisation needs at least " + MIN_SIDE + "x" + MIN_SIDE + ".");
        }
        if (s.mask() != null && s.mask().length != content.width() * content.height()) {
            throw new StyleTransferException("The style mask has " + s.mask().length + " values but the image has "
                + content.width() * content.height() + " pixels: make the mask from the same image.");
        }
    }

    /**
     * The fallback of a new run, continuing the job's: on the CPU already if CUDA failed before.
     *
     * @param part where the run sits in the job ({@link Progress#where}: "plane 2/3")
     */
    private synchronized SessionFallback nextFallback(RunNotes notes, String part) {
        fallback = fallback == null ? new SessionFallback(notes, part) : fallback.next(notes, part);
        return fallback;
    }

    /** Levels actually used: fewer when the coarsest would be too small. */
    static int effectiveLevels(int width, int height, int levels) {
        int n = 1;
        while (n < levels && (Math.min(width, height) >> n) >= MIN_LEVEL_SIZE) n++;
        return n;
    }

    /** One stylisation: the state shared by its levels. */
    private final class Run {
        private final ColorImage content;
        private final List<StyleImage> styles;
        private final NeuralStyleSettings settings;
        private final Progress progress;
        private final NeuralStyleListener listener;
        private final PixelLoss extra;
        private final LossNetwork net;
        private final int levels;
        /** Working size relative to the content's: below 1 after running out of memory. */
        private final double scale;
        private final RunNotes notes;
        private final long started = System.nanoTime();
        private final List<IterationInfo> history = new ArrayList<>();
        private final List<ColorImage> frames = new ArrayList<>();
        private boolean cancelled;
        /** The L-BFGS history was cut for memory (told once a run). */
        private boolean historyCapped;
        private int iterations;
        private int evaluations;
        private double initialLoss = Double.NaN;
        private double finalLoss = Double.NaN;

        Run(ColorImage content, List<StyleImage> styles, NeuralStyleSettings settings, Progress progress,
            NeuralStyleListener listener, PixelLoss extra, double scale, RunNotes notes) {
            this.extra = extra;
            this.scale = scale;
            this.notes = notes;
            this.content = content;
            this.styles = styles;
            this.settings = settings;
            this.progress = progress == null ? Progress.NONE : progress;
            this.listener = listener == null ? NeuralStyleListener.NONE : listener;
            GatysGraphSpec spec = baseSpec.withPooling(settings.pooling()).withStyleMask(settings.mask() != null);
            this.net = new LossNetwork(weights, weightsKey, spec, settings.provider(), settings.threads(),
                nextFallback(notes, this.progress.where()));
            this.levels = effectiveLevels(LowerResolution.scaled(content.width(), scale),
                LowerResolution.scaled(content.height(), scale), settings.levels());
        }

        NeuralStyleResult execute() {
            ColorImage begin = startImage();
            ColorImage current = null;
            for (int level = 0; level < levels && !cancelled; level++) {
                int shift = levels - 1 - level;
                int w = LowerResolution.scaled(content.width(), scale / (1 << shift));
                int h = LowerResolution.scaled(content.height(), scale / (1 << shift));
                ColorImage start = current == null ? initial(begin, w, h) : ImageOps.upsampled(current, begin, w, h);
                current = optimiseLevel(level, w, h, start);
            }
            ColorImage image = finish(current.resize(content.width(), content.height()));
            return new NeuralStyleResult(image, cancelled, iterations, evaluations, initialLoss, finalLoss, history,
                frames, seconds(), net.provider(), net.providerNote(), notes.all());
        }

        /**
         * The image the run starts from, at any size, made once: null for noise, which each
         * level draws at its own size.
         */
        private ColorImage startImage() {
            return switch (settings.init()) {
                case CONTENT -> content;
                case NOISE -> null;
                case IMAGE -> settings.initImage();
                case MODEL -> {
                    progress.update(0, 1, "Making the start image with the fast style model");
                    yield insideMask(settings.initModel().apply(content));
                }
                case UNIVERSAL -> {
                    progress.update(0, 1, "Making the start image with universal style transfer");
                    yield insideMask(settings.initModel().apply(content));
                }
                case COLOURS -> insideMask(PixelWct.apply(content, styles.stream().map(StyleImage::image).toList(),
                    styles.stream().mapToDouble(StyleImage::weight).toArray()));
            };
        }

        /**
         * A stylised start blended with the content by the mask (resized to the content first):
         * outside the selection the content loss alone would have to bring the content back,
         * slowly, and the first previews would show style where the user asked for none.
         */
        private ColorImage insideMask(ColorImage styled) {
            if (settings.mask() == null) return styled;
            return content.towards(styled.resize(content.width(), content.height()), settings.mask(), 1);
        }

        private ColorImage initial(ColorImage begin, int w, int h) {
            return begin == null ? ImageOps.noise(w, h, settings.seed()) : begin.resize(w, h);
        }

        /** Clamping and colour preservation: what every image shown to the user goes through. */
        private ColorImage finish(ColorImage img) {
            ColorImage out = settings.preserveColors() ? ImageOps.keepColours(img, content) : img;
            return ImageOps.clamped(out);
        }

        private ColorImage optimiseLevel(int level, int w, int h, ColorImage start) {
            net.at(level, levels, 0);
            ImageOps.Padding pad = ImageOps.Padding.of(w, h, net.spec().sizeMultiple());
            ColorImage paddedContent = new ColorImage(pad.paddedWidth(), pad.paddedHeight(),
                ImageOps.pad(content.resize(w, h).data(), 3, pad));
            Map<String, float[]> contentTargets = contentTargets(net.targets(paddedContent));
            Map<String, float[]> grams = blendedGrams(w, h);
            float[] x = ImageOps.pad(start.data(), 3, pad);
            try (Evaluator ev = net.evaluator(pad.paddedWidth(), pad.paddedHeight(), contentTargets, grams,
                settings.contentWeight(), settings.styleWeight(), settings.tvWeight(), levelMask(w, h, pad))) {
                Objective objective = ev;
                DoubleFunction<LossTerms> terms = ev::termsFor;
                if (extra != null) {
                    WithPixelLoss sum = new WithPixelLoss(ev, extra, pad);
                    objective = sum;
                    terms = sum::termsFor;
                }
                try (Optimizer opt = optimizer(objective, x, pad)) {
                    iterate(level, w, h, pad, opt, terms);
                    evaluations += opt.evaluations();
                    initialLoss = opt.initialLoss();
                    finalLoss = opt.bestLoss();
                    float[] best = opt.evaluations() == 0 ? x : opt.best();
                    return new ColorImage(w, h, ImageOps.crop(best, 3, pad));
                }
            }
        }

        private Optimizer optimizer(Objective ev, float[] x, ImageOps.Padding pad) {
            int w = pad.width();
            int h = pad.height();
            double lr = settings.effectiveLearningRate();
            if (settings.optimizer() == NeuralStyleSettings.OptimizerKind.ADAM) {
                return new Adam(ev, x, Adam.Options.withLearningRate(lr));
            }
            // The two-loop recursion runs between evaluations, on the cores the evaluations use.
            Lbfgs.Options options = Lbfgs.Options.defaults().withMemory(lbfgsMemory(x.length, w, h))
                .withLearningRate(lr).withThreads(OnnxEngine.shared().threads(settings.threads()));
            return new Lbfgs(ev, x, options,
                PyramidPreconditioner.of(3, pad.paddedWidth(), pad.paddedHeight(), settings.lbfgsOctaves()));
        }

        /**
         * The L-BFGS history for {@code n} parameters: the settings', within a quarter of the
         * native memory Java has left when the level starts (the history lives there, beside the
         * tensors of the runs).
         */
        private int lbfgsMemory(int n, int w, int h) {
            long left = FloatTensor.memoryLeft();
            int pairs = Lbfgs.memoryWithin(settings.lbfgsMemory(), n, left / 4);
            if (pairs < settings.lbfgsMemory()) {
                left = FloatTensor.memoryLeftAfterCollection();
                pairs = Lbfgs.memoryWithin(settings.lbfgsMemory(), n, left / 4);
            }
            if (pairs < settings.lbfgsMemory() && !historyCapped) {
                historyCapped = true;
                notes.add(String.format(Locale.ROOT, "L-BFGS keeps %d instead of %d correction pairs at %dx%d: more "
                    + "would take over a quarter of the memory Java has left (%d MB); with more memory (Edit > Options "
                    + "> Memory & Threads) the optimisation needs fewer iterations", pairs, settings.lbfgsMemory(),
                    w, h, left >> 20));
            }
            return pairs;
        }

        /** The iteration loop of one level: progress, listener, previews, frames, cancel, early stop. */
        private void iterate(int level, int w, int h, ImageOps.Padding pad, Optimizer opt,
                             DoubleFunction<LossTerms> terms) {
            boolean adam = settings.optimizer() == NeuralStyleSettings.OptimizerKind.ADAM;
            EarlyStop stop = new EarlyStop(settings.tolerance(), adam ? ADAM_STOP_WINDOW : 1);
            int n = settings.iterationsAt(level, levels);
            for (int i = 1; i <= n; i++) {
                if (progress.isCancelled() || Thread.currentThread().isInterrupted()) {
                    cancelled = true;
                    return;
                }
                net.at(level, levels, i);
                Optimizer.Step step = opt.step();
                iterations++;
                IterationInfo info = new IterationInfo(level, levels, i, n, w, h, terms.apply(step.loss()),
                    step.evaluations(), seconds());
                report(info, opt, pad);
                if (step.status() != Optimizer.Status.PROGRESS || stop.update(step.loss())) return;
            }
        }

        private void report(IterationInfo info, Optimizer opt, ImageOps.Padding pad) {
            history.add(info);
            listener.onIteration(info);
            progress.update(iterationsBefore(info.level()) + info.iteration(), iterationsBefore(levels), status(info));
            boolean preview = settings.previewEvery() > 0 && info.iteration() % settings.previewEvery() == 0;
            boolean frame = settings.frameEvery() > 0 && info.iteration() % settings.frameEvery() == 0;
            if (!preview && !frame) return;
            ColorImage now = finish(new ColorImage(info.width(), info.height(), ImageOps.crop(opt.best(), 3, pad)));
            if (preview) listener.onPreview(now, info);
            if (frame) frames.add(now.resize(content.width(), content.height()));
        }

        /** Iterations planned for the levels before {@code level}: progress counts all levels. */
        private long iterationsBefore(int level) {
            long n = 0;
            for (int l = 0; l < level; l++) n += settings.iterationsAt(l, levels);
            return n;
        }

        private String status(IterationInfo info) {
            String lv = levels > 1 ? String.format(Locale.ROOT, "level %d/%d (%dx%d), ", info.level() + 1, levels,
                info.width(), info.height()) : "";
            LossTerms t = info.loss();
            return String.format(Locale.ROOT, "Style transfer: %siteration %d/%d, loss %.4g (content %.3g, style %.3g, tv %.3g)",
                lv, info.iteration(), info.iterations(), t.total(), t.content(), t.style(), t.tv());
        }

        private Map<String, float[]> contentTargets(Map<String, float[]> all) {
            Map<String, float[]> out = new LinkedHashMap<>();
            for (String layer : net.spec().contentLayers()) out.put(layer, all.get("content_" + layer));
            return out;
        }

        /** The weighted mean of the styles' Gram matrices, styles sized relative to this level. */
        private Map<String, float[]> blendedGrams(int w, int h) {
            double total = styles.stream().mapToDouble(StyleImage::weight).sum();
            Map<String, double[]> sum = new LinkedHashMap<>();
            for (StyleImage s : styles) {
                if (s.weight() == 0) continue;
                Map<String, float[]> grams = styleGrams(s.image(), w, h);
                for (String layer : net.spec().styleLayers()) {
                    float[] g = grams.get(layer);
                    double[] acc = sum.computeIfAbsent(layer, k -> new double[g.length]);
                    double f = s.weight() / total;
                    for (int i = 0; i < g.length; i++) acc[i] += f * g[i];
                }
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            sum.forEach((layer, acc) -> {
                float[] g = new float[acc.length];
                for (int i = 0; i < g.length; i++) g[i] = (float) acc[i];
                out.put(layer, g);
            });
            return out;
        }

        private Map<String, float[]> styleGrams(ColorImage style, int w, int h) {
            double longer = settings.styleScale() * Math.max(w, h);
            double f = longer / Math.max(style.width(), style.height());
            f = Math.max(f, MIN_STYLE_SIZE / (double) Math.min(style.width(), style.height()));
            int sw = Math.max(1, (int) Math.round(style.width() * f));
            int sh = Math.max(1, (int) Math.round(style.height() * f));
            GramKey key = new GramKey(style, sw, sh, net.spec().withStyleMask(false).canonical());
            Map<String, float[]> cached = gramCache.get(key);
            if (cached != null) return cached;
            Map<String, float[]> all = net.targets(style.resize(sw, sh));
            Map<String, float[]> grams = new LinkedHashMap<>();
            for (String layer : net.spec().styleLayers()) grams.put(layer, all.get("gram_" + layer));
            gramCache.put(key, grams);
            return grams;
        }

        private float[] levelMask(int w, int h, ImageOps.Padding pad) {
            float[] mask = settings.mask();
            if (mask == null) return null;
            float[] m = ImageOps.resizePlane(mask, content.width(), content.height(), w, h);
            return ImageOps.pad(m, 1, pad);
        }

        private double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }
    }

    /**
     * The network's loss plus a {@link PixelLoss} on the unpadded image. The optimiser works on
     * the padded image, whose border pixels are free variables that get cropped away, so the
     * term only reaches the interior.
     */
    private static final class WithPixelLoss implements Objective {
        /** Loss terms of recent evaluations, by total: the line search may end on any of them. */
        private static final int REMEMBERED = 64;
        private final Evaluator ev;
        private final PixelLoss extra;
        private final ImageOps.Padding pad;
        private final float[] gradient;
        private final Map<Double, LossTerms> recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Double, LossTerms> eldest) {
                return size() > REMEMBERED;
            }
        };
        private LossTerms last;

        WithPixelLoss(Evaluator ev, PixelLoss extra, ImageOps.Padding pad) {
            this.ev = ev;
            this.extra = extra;
            this.pad = pad;
            this.gradient = new float[3 * pad.width() * pad.height()];
        }

        @Override
        public double evaluate(float[] x, float[] g) {
            double network = ev.evaluate(x, g);
            java.util.Arrays.fill(gradient, 0f);
            double term = extra.addTo(ImageOps.crop(x, 3, pad), pad.width(), pad.height(), gradient);
            addInterior(g);
            LossTerms t = ev.termsFor(network);
            last = new LossTerms(network + term, t.content(), t.style(), t.tv(), t.styleLayers());
            recent.put(last.total(), last);
            return last.total();
        }

        private void addInterior(float[] g) {
            int w = pad.width();
            int h = pad.height();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    int dst = (c * pad.paddedHeight() + y + pad.top()) * pad.paddedWidth() + pad.left();
                    int src = (c * h + y) * w;
                    for (int x = 0; x < w; x++) g[dst + x] += gradient[src + x];
                }
            }
        }

        LossTerms termsFor(double loss) {
            LossTerms t = recent.get(loss);
            return t != null ? t : last;
        }
    }

    /** A cheap digest of every weight value, so that different weights never share a cached session. */
    static String fingerprint(VggWeights w) {
        long h = 1125899906842597L;
        for (VggWeights.Conv c : w.layers()) {
            for (float v : c.weights()) h = 31 * h + Float.floatToRawIntBits(v);
            for (float v : c.bias()) h = 31 * h + Float.floatToRawIntBits(v);
        }
        return w.layers().size() + ":" + Long.toHexString(h);
    }
}
