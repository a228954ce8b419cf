package org.styletransfer.bench;

import org.styletransfer.cli.HelpOption;
import org.styletransfer.cli.Main;
import org.styletransfer.cli.ThreadsOption;
import org.styletransfer.cli.UsageException;

import org.styletransfer.command.NeuralStyleCommand;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.lossgraph.Pooling;
import org.styletransfer.gatys.IterationInfo;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.universal.PixelWct;
import org.styletransfer.vgg.VggWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.styletransfer.bench.BenchOptions.atLeast;
import static org.styletransfer.bench.BenchOptions.positive;

/**
 * {@code bench-gatys}: speed and time-to-quality of optimisation-based style transfer on the CPU.
 *
 * <p>Speed ({@code --parts speed}): per size, one loss + gradient evaluation (= one iteration for
 * timing) with the full VGG-19 layer set (conv1_1..conv5_1; content relu4_2, style relu1_1..
 * relu5_1; the real partial weights completed with seeded random layers), timed through
 * {@link NeuralStylizer} with Adam (exactly one evaluation per iteration), next to this machine's
 * MatMul peak measured in the same run, peak memory, and the PyTorch CPU peer
 * ({@code gatys_torch.py}) at the same size and layers:
 * {@code BENCH case=gatys_<size>_<provider> ms=<median> gflops=<achieved> peak_gflops=<peak>
 * sgemm_gflops=<PyTorch sgemm peak> mem_mb=<peak> peer_ms=<PyTorch median>}: {@code peak_gflops} is
 * ONNX Runtime's MatMul ({@link MatMulPeak}), {@code sgemm_gflops} PyTorch's tuned sgemm
 * ({@link SgemmPeak}, once per run; NA without torch or with {@code --sgemm_peer none}). With {@code --provider CUDA} (the GPU build's default) our side runs on
 * CUDA, the MatMul peak is the GPU's, and the PyTorch peer, CPU-only, is left out of the speed
 * cases; time to quality names its cases "..._cuda" and still compares with PyTorch on the CPU.
 *
 * <p>L-BFGS alone ({@code --parts lbfgs}): per size, the milliseconds L-BFGS adds to each
 * evaluation with a full memory and the preconditioner of {@code --ttq_octaves} ({@link LbfgsBench}):
 * {@code BENCH case=lbfgs_<size> ms_per_iteration=<mean> ...}.
 *
 * <p>Time to quality ({@code --parts ttq}): the real partial VGG-19 (relu3_2; relu1_1, relu2_1,
 * relu3_1), Tübingen in the style of Starry Night ({@code --ttq_style}), a reference run of N
 * L-BFGS iterations from the content image gives L_N; then the wall time until the loss is within
 * 5% of L_N for our L-BFGS, our coarse-to-fine and PyTorch's L-BFGS on the same problem from the
 * same start. With {@code --ttq_init_model} (a fast style model, ideally trained on that style, or
 * {@value #UNIVERSAL}: Universal Style Transfer with the same style picture, as {@code init=universal};
 * {@value #COLOURS}: the content in the style picture's colours, as {@code init=colours})
 * our plain and coarse-to-fine runs are timed again from its output, the time to make it included,
 * and PyTorch's L-BFGS again from that same image.
 */
@Command(name = "bench-gatys", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Speed and time to quality of optimisation-based style transfer, next to the PyTorch peers.")
final class GatysBenchCommand implements Callable<Integer> {
    /** The {@code --ttq_init_model} value that starts from Universal Style Transfer with the run's style. */
    static final String UNIVERSAL = "universal";
    /** The {@code --ttq_init_model} value that starts from the content in the style's colours. */
    static final String COLOURS = "colours";

    @Mixin
    Settings s;
    @Mixin
    HelpOption help;

    private final PrintStream out;
    private final PrintStream err;

    GatysBenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Settings s = this.s.validated();
        // The run's own thread count: no global to reset.
        int threads = OnnxEngine.shared().threads(s.threads.count());
        GatysPeer peer = s.peer == null ? null : new GatysPeer(s.python, s.peer, threads, err);
        String why = peer == null ? "disabled with --peer none" : peer.unavailable();
        if (why != null) {
            out.println("# note: PyTorch peer skipped: " + why);
            peer = null;
        }
        VggWeights real = GatysWeights.real(s.gatys.vgg);
        out.printf(Locale.ROOT, "# bench-gatys: %d threads, %s, %s; load %s%n", threads,
            s.provider().label(), real.source(), loadAverage());
        if (s.parts.contains(Part.SPEED) && peer != null && s.provider() != Provider.CPU) {
            out.println("# note: the PyTorch peer runs on the CPU only: left out of the " + s.provider().label()
                + " speed cases");
        }
        if (s.parts.contains(Part.SPEED)) {
            SgemmPeak.Result sgemm = s.peaks.sgemm(s.python, s.provider(), threads, out, err);
            VggWeights full = GatysWeights.completed(real, GatysWeights.FULL_LAYERS, s.seed);
            for (int size : s.sizes) speedCase(s, size, full, peer, sgemm, threads, out, err);
        }
        if (s.parts.contains(Part.TTQ) && s.ttqIters > 0) timeToQuality(s, real, threads, out, err);
        if (s.parts.contains(Part.LBFGS)) {
            for (int size : s.sizes) {
                err.printf("bench-gatys: L-BFGS alone at %dx%d...%n", size, size);
                out.println(LbfgsBench.run(size, NeuralStyleSettings.DEFAULT_LBFGS_MEMORY, s.ttqOctaves,
                    threads, s.runs * 10));
            }
        }
        out.printf(Locale.ROOT, "# load at the end: %s%n", loadAverage());
        return Main.OK;
    }

    // ------------------------------------------------------------------ speed

    private static void speedCase(Settings s, int size, VggWeights full, GatysPeer peer, SgemmPeak.Result sgemm,
                                  int threads, PrintStream out, PrintStream err) {
        err.printf("bench-gatys: %dx%d full VGG-19, %d warm-up + %d timed iterations...%n", size, size, s.warmup,
            s.runs);
        GatysGraphSpec spec = GatysGraphSpec.defaults(full).withPooling(s.pooling);
        ColorImage content = image(s, "content/tubingen.jpg", size, size, 1);
        ColorImage style = image(s, "style/starry_night.jpg", size, size, 2);
        OnnxEngine.shared().clear();
        System.gc();
        double baseMb = residentMb();
        boolean reset = MemoryProbe.reset();
        MatMulPeak.Peak before = MatMulPeak.measure(s.peaks.matmulN, s.matmulChain(), 2, s.peaks.matmulRuns, s.provider(), threads);

        List<IterationInfo> history = new ArrayList<>();
        NeuralStyleSettings settings = NeuralStyleSettings.builder().optimizer(NeuralStyleSettings.OptimizerKind.ADAM)
            .iterations(s.warmup + s.runs).tolerance(0).styleWeight(s.gatys.styleWeight).pooling(s.pooling)
            .provider(s.provider()).threads(threads).build();
        NeuralStyleResult run = new NeuralStylizer(full, spec).stylize(content, List.of(StyleImage.of(style)), settings,
            Progress.NONE, new NeuralStyleListener() {
                @Override
                public void onIteration(IterationInfo info) {
                    history.add(info);
                }
            });
        double[] ms = iterationMs(history, s.warmup);
        double memMb = MemoryProbe.peakResidentMb();
        // Measured before and after the case; the better of the two is the peak (a busy machine only lowers it).
        MatMulPeak.Peak after = MatMulPeak.measure(s.peaks.matmulN, s.matmulChain(), 1, s.peaks.matmulRuns, s.provider(), threads);
        MatMulPeak.Peak peak = after.gflops() > before.gflops() ? after : before;
        out.printf(Locale.ROOT, "# matmul %dx%dx%d on %s: %.1f GFLOP/s before the case, %.1f after (median of %d)%n",
            peak.n(), peak.n(), peak.n(), peak.provider(), before.gflops(), after.gflops(), s.peaks.matmulRuns);
        double median = Stats.median(ms);
        GatysWeights.Flops flops = GatysWeights.flops(full, spec, size, size);
        double gflops = flops.total() / (median * 1e6);

        String graph = "";
        if (s.graphOnly && s.provider() == Provider.CPU) {
            OnnxEngine.shared().clear();
            try (GatysGraphTimer t = new GatysGraphTimer(full, spec, content, style, threads, s.ortConfig)) {
                double[] g = t.time(s.warmup, s.runs);
                graph = String.format(Locale.ROOT, " graph_only_ms=%.1f (min %.1f) graph_gflops=%.1f%s",
                    Stats.median(g), Stats.min(g), flops.total() / (Stats.median(g) * 1e6),
                    s.ortConfig.isEmpty() ? "" : " ort_config=" + s.ortConfig);
            }
        }
        double peerMs = Double.NaN;
        if (peer != null && s.provider() == Provider.CPU) {
            try {
                peerMs = peer.stepMs(size, s.runs, s.warmup);
            } catch (RuntimeException e) {
                out.println("# note: PyTorch peer failed at " + size + ": " + e.getMessage());
            }
        }
        String name = "gatys_" + size + "_" + s.providerName() + (s.pooling == Pooling.MAX ? "" : "_avgpool");
        out.println(benchLine(name, median, gflops, peak.gflops(), sgemm, memMb, peerMs));
        // A case named after the asked provider that ran elsewhere (CUDA failed) must say so.
        if (!run.provider().equals(s.provider().label())) out.println("# note: " + name + " ran on " + run.provider());
        if (s.graphOnly && s.provider() != Provider.CPU) out.println("# note: " + name + ": graph_only times the CPU only");
        double pixels = (double) size * size;
        out.printf(Locale.ROOT, "# %s: iterations %d+%d min_ms=%.1f max_ms=%.1f gflop_per_iter=%.1f (conv fwd %.1f"
                + " + conv input-grad %.1f + Gram fwd %.1f + Gram bwd %.1f, analytic) of_peak=%.0f%% of_sgemm=%s%s%n",
            name, s.warmup, s.runs, Stats.min(ms), Stats.max(ms), flops.total() / 1e9, flops.convForward() / 1e9,
            flops.convBackward() / 1e9, flops.gramForward() / 1e9, flops.gramBackward() / 1e9,
            100 * gflops / peak.gflops(), sgemm.percentOf(gflops), graph);
        out.printf(Locale.ROOT, "# %s: mem_mb=%.0f (%s) = %.0f bytes/pixel; above the %.0f MB before the case: "
                + "%.0f bytes/pixel; heap_peak_mb=%.0f%s%n", name, memMb, reset ? "peak of this case" : "peak since start",
            memMb * 1048576 / pixels, baseMb, (memMb - baseMb) * 1048576 / pixels, MemoryProbe.peakHeapMb(),
            Double.isNaN(peerMs) ? "" : String.format(Locale.ROOT, "; ours/peer=%.2f", median / peerMs));
    }

    /**
     * A speed case's BENCH line: {@code peak} is ONNX Runtime's MatMul rate, {@code sgemm} PyTorch's
     * tuned sgemm (NA without torch).
     */
    static String benchLine(String name, double ms, double gflops, double peak, SgemmPeak.Result sgemm, double memMb,
                            double peerMs) {
        return String.format(Locale.ROOT, "BENCH case=%s ms=%.1f gflops=%.1f peak_gflops=%.1f sgemm_gflops=%s "
                + "mem_mb=%.0f peer_ms=%s", name, ms, gflops, peak, sgemm.field(), memMb,
            Double.isNaN(peerMs) ? "NA" : String.format(Locale.ROOT, "%.1f", peerMs));
    }

    /** Wall time of each timed iteration: the history's time differences after the warm-up. */
    static double[] iterationMs(List<IterationInfo> history, int warmup) {
        int from = Math.max(1, warmup);
        if (history.size() <= from) throw new IllegalStateException("the run stopped after " + history.size()
            + " iterations, before the timed ones");
        double[] ms = new double[history.size() - from];
        for (int i = from; i < history.size(); i++) {
            ms[i - from] = (history.get(i).seconds() - history.get(i - 1).seconds()) * 1000;
        }
        return ms;
    }

    // ------------------------------------------------------------------ time to quality

    private static void timeToQuality(Settings s, VggWeights real, int threads, PrintStream out, PrintStream err) {
        int size = s.ttqSize;
        GatysGraphSpec spec = GatysGraphSpec.defaults(real);
        ColorImage content = image(s, "content/tubingen.jpg", size, size, 1);
        ColorImage style = styleImage(s, "style/" + s.ttqStyle, size);
        List<StyleImage> styles = List.of(StyleImage.of(style));
        NeuralStyleSettings base = NeuralStyleSettings.builder().tolerance(0).styleWeight(s.gatys.styleWeight)
            .provider(s.provider()).threads(threads).lbfgsOctaves(s.ttqOctaves).build();
        out.printf(Locale.ROOT, "# ttq: %dx%d, %s, %s; L-BFGS preconditioner octaves %d (the reference: 0); load %s%n",
            size, size, real.source(), spec.canonical(), s.ttqOctaves, loadAverage());
        // Warm-up: sessions loaded and code compiled, so that no variant pays for it.
        new NeuralStylizer(real, spec).stylize(content, styles, base.toBuilder().iterations(3).levels(s.ttqLevels)
            .build(), Progress.NONE);
        UnaryOperator<ColorImage> fast = goodStart(s, real, style, threads, out);
        // Its output also starts the PyTorch run; made once here, its session is loaded for our runs too.
        ColorImage fastStart = fast == null ? null : fast.apply(content);

        err.printf("bench-gatys: time to quality: reference, %d L-BFGS iterations at %dx%d...%n", s.ttqIters, size,
            size);
        // Plain L-BFGS, as PyTorch's: the target stays what it was before the preconditioner.
        NeuralStyleResult ref = new NeuralStylizer(real, spec).stylize(content, styles,
            base.toBuilder().iterations(s.ttqIters).lbfgsOctaves(0).build(), Progress.NONE);
        double refLoss = ref.finalLoss();
        double target = refLoss * (1 + s.ttqWithin);
        out.printf(Locale.ROOT, "# ttq reference: %d L-BFGS iterations (%d evaluations) in %.1f s, loss %.5g -> "
                + "L%d=%.5g, target %.5g (within %.0f%%)%n", ref.iterations(), ref.evaluations(), ref.seconds(),
            ref.initialLoss(), s.ttqIters, refLoss, target, 100 * s.ttqWithin);
        IterationInfo hit = firstBelow(ref.history(), target, 0);
        out.println(ttqLine("ttq_lbfgs_" + size + s.ttqSuffix(), hit, refLoss, ref.evaluations() == 0 ? Double.NaN
            : ref.seconds() * 1000 / ref.evaluations()));
        printNotes("ttq_lbfgs_" + size + s.ttqSuffix(), ref, out);

        NeuralStyleResult fromContent = null;
        if (s.ttqOctaves > 0) {
            fromContent = untilTarget("ttq_lbfgs_octaves" + s.ttqOctaves + "_" + size + s.ttqSuffix(),
                "the content image", s, real, spec, content, styles, base.toBuilder().iterations(s.ttqIters).build(),
                refLoss, target, out, err);
        }
        String c2f = "c2f" + s.ttqLevels + "_";
        NeuralStyleSettings levels = base.toBuilder().iterations(s.ttqIters).levels(s.ttqLevels)
            .coarseIterations(s.ttqCoarseIters).build();
        if (s.ttqContentC2f) {
            untilTarget("ttq_" + c2f + size + s.ttqSuffix(), "the content image", s, real, spec, content, styles,
                levels, refLoss, target, out, err);
        }
        String init = fast == null ? null : "init_" + s.ttqInitModel.replaceAll("[^A-Za-z0-9]+", "_") + "_";
        String from = fast == null ? null : switch (s.ttqInitModel) {
            case UNIVERSAL -> "the output of Universal Style Transfer";
            case COLOURS -> "the content in the style's colours";
            default -> "the output of the fast style model " + s.ttqInitModel;
        };
        if (fast != null) {
            NeuralStyleResult fromStart = untilTarget("ttq_" + init + size + s.ttqSuffix(), from, s, real, spec, content,
                styles, startingFrom(base.toBuilder().iterations(s.ttqIters), s, fast), refLoss, target, out, err);
            if (s.ttqSheet != null) {
                writeSheet(s.ttqSheet, List.of(content, fastStart, fromContent.image(), fromStart.image()));
                out.println("# ttq sheet: wrote " + s.ttqSheet + ": the content, the start, the result from the content"
                    + " and the result from the start, each at the target");
            }
            untilTarget("ttq_" + init + c2f + size + s.ttqSuffix(), from, s, real, spec, content, styles,
                startingFrom(levels.toBuilder(), s, fast), refLoss, target, out, err);
        }
        if (s.ttqPeer && s.peer != null) {
            sameProblemPeer("ttq_torch_lbfgs_" + size, "the content image", s, real, spec, base, content, style,
                content, ref, target, out, err);
            if (fast != null && s.ttqPeerStart) {
                sameProblemPeer("ttq_torch_lbfgs_" + init + size, from, s, real, spec,
                    base, content, style, fastStart, ref, target, out, err);
            }
        }
    }

    /**
     * What makes the start image of {@code --ttq_init_model}: the fast style model's output,
     * Universal Style Transfer with the run's style picture ({@value #UNIVERSAL}), or the content in
     * its colours ({@value #COLOURS}, as the stylizer makes it); null without one.
     */
    private static UnaryOperator<ColorImage> goodStart(Settings s, VggWeights real, ColorImage style, int threads,
                                                       PrintStream out) {
        if (s.ttqInitModel == null) return null;
        Consumer<String> notes = m -> out.println("# note: " + s.ttqInitModel + ": " + m);
        return switch (s.ttqInitModel) {
            case UNIVERSAL -> NeuralStyleCommand.universalStart(real, List.of(new StyleImage(style, 1)), s.provider(),
                threads, notes, () -> { });
            case COLOURS -> content -> PixelWct.apply(content, List.of(style), new double[] {1});
            default -> NeuralStyleCommand.fastStart(s.ttqInitModel, s.provider(), threads, notes);
        };
    }

    /**
     * {@code b} starting from {@code start}'s output, as init=universal or init=model does; for
     * {@value #COLOURS}, init=colours, whose start the stylizer makes itself.
     */
    private static NeuralStyleSettings startingFrom(NeuralStyleSettings.Builder b, Settings s,
                                                    UnaryOperator<ColorImage> start) {
        return switch (s.ttqInitModel) {
            case UNIVERSAL -> b.initUniversal(start).build();
            case COLOURS -> b.init(NeuralStyleSettings.Init.COLOURS).build();
            default -> b.initModel(start).build();
        };
    }

    /** The pictures side by side, a white gap of 8 pixels between them, as a PNG. */
    static void writeSheet(Path file, List<ColorImage> pictures) {
        int gap = 8;
        int width = pictures.stream().mapToInt(ColorImage::width).sum() + gap * (pictures.size() - 1);
        int height = pictures.stream().mapToInt(ColorImage::height).max().orElse(1);
        ColorImage sheet = new ColorImage(width, height);
        Arrays.fill(sheet.data(), 255);
        int x = 0;
        for (ColorImage p : pictures) {
            sheet.write(x, 0, p);
            x += p.width() + gap;
        }
        GatysImages.writePng(sheet, file);
    }

    /**
     * One of our runs, stopped as soon as its full-size level reaches the target: its BENCH line
     * (the time includes making the start image), notes and how it went; the run, its image at the
     * target.
     */
    private static NeuralStyleResult untilTarget(String name, String from, Settings s, VggWeights real,
                                                 GatysGraphSpec spec, ColorImage content, List<StyleImage> styles,
                                                 NeuralStyleSettings settings, double refLoss, double target,
                                                 PrintStream out, PrintStream err) {
        err.printf("bench-gatys: time to quality: %s, %d level(s) from %s...%n", name, settings.levels(), from);
        IterationInfo[] found = new IterationInfo[1];
        NeuralStyleResult run = new NeuralStylizer(real, spec).stylize(content, styles, settings, new Progress() {
                @Override
                public void update(long done, long total, String status) {
                }

                @Override
                public boolean isCancelled() {
                    return found[0] != null;
                }
            }, new NeuralStyleListener() {
                @Override
                public void onIteration(IterationInfo info) {
                    if (found[0] == null && info.level() == info.levels() - 1 && info.loss().total() <= target) {
                        found[0] = info;
                    }
                }
            });
        int used = run.history().isEmpty() ? settings.levels() : run.history().get(0).levels();
        out.println(ttqLine(name, found[0], refLoss, Double.NaN));
        printNotes(name, run, out);
        StringBuilder sizes = new StringBuilder();
        int coarseEvaluations = 0;
        for (IterationInfo i : run.history()) {
            if (i.iteration() == 1) sizes.append(sizes.length() == 0 ? "" : ", ").append(i.width()).append('x')
                .append(i.height());
            if (i.level() < used - 1 && i.iteration() == i.iterations()) coarseEvaluations += i.evaluations();
        }
        String coarse = used == 1 ? "" : String.format(Locale.ROOT, "%d L-BFGS iterations on each coarse level (%d "
            + "evaluations in all there), then ", settings.iterationsAt(0, used), coarseEvaluations);
        out.printf(Locale.ROOT, "# %s: levels %s from %s, loss at the start %.5g; %sthe full size until the target: %d "
                + "iterations in all, %.1f s, stopped %s%n", name, sizes, from, run.initialLoss(), coarse, run.iterations(),
            run.seconds(), found[0] != null ? "at the target" : "without reaching it");
        return run;
    }

    /**
     * PyTorch's L-BFGS (strong Wolfe line search, the same history) on exactly our problem and from
     * {@code start}: its time to our target, and its own L_N.
     */
    private static void sameProblemPeer(String name, String from, Settings s, VggWeights real, GatysGraphSpec spec,
                                        NeuralStyleSettings base, ColorImage content, ColorImage style,
                                        ColorImage start, NeuralStyleResult ref, double target, PrintStream out,
                                        PrintStream err) {
        GatysTtqPeer peer = new GatysTtqPeer(s.python, s.ttqPeerScript, base.threads(), err);
        String why = peer.unavailable();
        if (why != null) {
            out.println("# note: PyTorch time to quality skipped: " + why);
            return;
        }
        Path folder = null;
        try {
            folder = Files.createTempDirectory("ttq-problem");
            GatysTtqPeer.write(folder, real, spec, base, content, style, start);
            err.printf("bench-gatys: time to quality: PyTorch L-BFGS, %d iterations on the same problem from %s...%n",
                s.ttqPeerIters, from);
            GatysTtqPeer.Run run = peer.solve(folder, s.ttqPeerIters);
            int hit = run.firstWithin(target);
            double own = run.bestLoss();
            int ownHit = run.firstWithin(own * (1 + s.ttqWithin));
            out.printf(Locale.ROOT, "BENCH case=%s ms=%s evals=%s loss=%s ref_loss=%.5g ms_per_eval=%.1f%n",
                name, hit < 0 ? "NA" : String.format(Locale.ROOT, "%.0f", run.times()[hit] * 1000),
                hit < 0 ? "NA" : Integer.toString(hit + 1),
                hit < 0 ? "NA" : String.format(Locale.ROOT, "%.5g", run.losses()[hit]), ref.finalLoss(),
                run.seconds() * 1000 / Math.max(1, run.evaluations()));
            out.printf(Locale.ROOT, "# %s: torch.optim.LBFGS (strong Wolfe, history %d) on the same weights, layers, "
                    + "losses and images, from %s; loss at the start %.6g (ours from the content %.6g); %d iterations "
                    + "(%d evaluations) in %.1f s reach %.5g (ours from the content %.5g); within %.0f%% of its own "
                    + "L%d after %s%n", name, base.lbfgsMemory(), from, run.startLoss(), ref.initialLoss(),
                run.iterations(), run.evaluations(), run.seconds(), own, ref.finalLoss(), 100 * s.ttqWithin, s.ttqPeerIters,
                ownHit < 0 ? "NA" : String.format(Locale.ROOT, "%.1f s (%d evaluations)", run.times()[ownHit],
                    ownHit + 1));
        } catch (IOException | RuntimeException e) {
            out.println("# note: PyTorch time to quality failed: " + e.getMessage());
        } finally {
            deleteQuietly(folder);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) return;
        try (var files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    static IterationInfo firstBelow(List<IterationInfo> history, double target, int level) {
        for (IterationInfo info : history) {
            if (info.level() == level && info.loss().total() <= target) return info;
        }
        return null;
    }

    /**
     * The run's notes under its case (e.g. an L-BFGS history cut for memory, which the PyTorch
     * side, given the history asked for, would not share): a figure is only read with them.
     */
    private static void printNotes(String name, NeuralStyleResult run, PrintStream out) {
        for (String note : run.notes()) out.println("# note: " + name + ": " + note);
    }

    static String ttqLine(String name, IterationInfo hit, double refLoss, double msPerEval) {
        if (hit == null) {
            return String.format(Locale.ROOT, "BENCH case=%s ms=NA iters=NA evals=NA loss=NA ref_loss=%.5g", name,
                refLoss);
        }
        return String.format(Locale.ROOT, "BENCH case=%s ms=%.0f iters=%d evals=%d loss=%.5g ref_loss=%.5g%s", name,
            hit.seconds() * 1000, hit.iteration(), hit.evaluations(), hit.loss().total(), refLoss,
            Double.isNaN(msPerEval) ? "" : String.format(Locale.ROOT, " ms_per_eval=%.1f", msPerEval));
    }

    // ------------------------------------------------------------------ helpers

    /** A photo from the images folder, centre-cropped and resized; synthetic when it is missing. */
    private static ColorImage image(Settings s, String relative, int w, int h, long seed) {
        Path file = s.gatys.images.resolve(relative);
        return Files.isRegularFile(file) ? GatysImages.cropResize(GatysImages.read(file), w, h)
            : GatysImages.synthetic(w, h, seed);
    }

    /** A style picture with its longer side at {@code longer} (the stylizer's style scale 1). */
    private static ColorImage styleImage(Settings s, String relative, int longer) {
        Path file = s.gatys.images.resolve(relative);
        if (!Files.isRegularFile(file)) return GatysImages.synthetic(longer, longer, 2);
        return GatysImages.styleScale(GatysImages.read(file), longer, true);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " (1/5/15 min) on " + Runtime.getRuntime().availableProcessors()
                + " cores";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Double.parseDouble(line.substring(6).trim().split("\\s+")[0]) / 1024;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    /** The parts of the benchmark, {@code --parts}. */
    enum Part { SPEED, TTQ, LBFGS }

    /** The options of {@code bench-gatys}, with their defaults. */
    static final class Settings {
        @Option(names = "--sizes", split = ",", converter = SquareSize.class, defaultValue = "256,512",
            paramLabel = "<size>", description = "Sizes of the speed cases: 512 or 512x512 (square, multiples of 16).")
        List<Integer> sizes;
        @Option(names = "--warmup", paramLabel = "<n>", description = "Iterations before the timed ones (at least 1).")
        int warmup = 2;
        @Option(names = "--runs", paramLabel = "<n>", description = "Timed iterations per speed case.")
        int runs = 5;
        @Option(names = "--parts", split = ",", defaultValue = "speed,ttq", paramLabel = "<part>",
            description = "speed, ttq (time to quality), lbfgs (what L-BFGS adds to each evaluation, at the --sizes),"
                + " or several.")
        Set<Part> parts;
        @Mixin
        BenchOptions.ProviderOption provider;
        @Mixin
        ThreadsOption threads;
        @Mixin
        BenchOptions.PeakOptions peaks;
        @Mixin
        BenchOptions.GatysOptions gatys;
        @Option(names = "--peer", paramLabel = "<path>", converter = BenchOptions.PathOrNone.class,
            description = "The PyTorch speed peer's script, or none.")
        Path peer = Path.of("../shared/peers/gatys_torch.py");
        @Option(names = "--python", description = "The Python that runs the PyTorch peers.")
        String python = SgemmPeak.PYTHON;
        @Option(names = "--graph_only", paramLabel = "true|false", showDefaultValue = Visibility.ALWAYS, arity = "1",
            description = "Also time the bare loss graph (CPU cases).")
        boolean graphOnly = true;
        @Option(names = "--ort_config", split = ",", paramLabel = "<key=value>",
            description = "ONNX Runtime session entries for the bare graph, e.g. session.set_denormal_as_zero=1.")
        Map<String, String> ortConfig = new LinkedHashMap<>();
        @Option(names = "--seed", paramLabel = "<n>",
            description = "Seed of the random VGG-19 layers that complete the real ones.")
        long seed = 1;
        @Option(names = "--pooling", description = "MAX or AVERAGE pooling in the speed cases.")
        Pooling pooling = Pooling.MAX;
        @Option(names = "--ttq_iters", paramLabel = "<n>",
            description = "L-BFGS iterations of the reference run (L_N); 0 skips time to quality.")
        int ttqIters = 500;
        @Option(names = "--ttq_size", paramLabel = "<n>", converter = SquareSize.class,
            description = "Size of the time-to-quality case.")
        int ttqSize = 256;
        @Option(names = "--ttq_levels", paramLabel = "<n>",
            description = "Levels of the coarse-to-fine runs (at least 2).")
        int ttqLevels = 3;
        @Option(names = "--ttq_coarse_iters", paramLabel = "<n>",
            description = "L-BFGS iterations on each coarse level.")
        int ttqCoarseIters = 100;
        @Option(names = "--ttq_octaves", paramLabel = "<n>",
            description = "Octaves of the L-BFGS preconditioner in our runs but the reference (plain L-BFGS); 0 for none.")
        int ttqOctaves = NeuralStyleSettings.DEFAULT_LBFGS_OCTAVES;
        @Option(names = "--ttq_within", paramLabel = "<x>", description = "The target: this fraction above L_N.")
        double ttqWithin = 0.05;
        @Option(names = "--ttq_peer", paramLabel = "true|false", showDefaultValue = Visibility.ALWAYS, arity = "1",
            description = "Run PyTorch's L-BFGS on the same problem.")
        boolean ttqPeer = true;
        @Option(names = "--ttq_content_c2f", paramLabel = "true|false", showDefaultValue = Visibility.ALWAYS,
            arity = "1", description = "Run our coarse to fine from the content image.")
        boolean ttqContentC2f = true;
        @Option(names = "--ttq_peer_start", paramLabel = "true|false", showDefaultValue = Visibility.ALWAYS,
            arity = "1", description = "With --ttq_init_model, run PyTorch's L-BFGS from that start too.")
        boolean ttqPeerStart = true;
        @Option(names = "--ttq_peer_iters", paramLabel = "<n>",
            description = "PyTorch's iterations; default: --ttq_iters.")
        Integer ttqPeerIters;
        @Option(names = "--ttq_peer_script", paramLabel = "<path>",
            description = "The PyTorch time-to-quality peer's script.")
        Path ttqPeerScript = Path.of("bench/src/main/python/gatys_ttq_torch.py");
        @Option(names = "--ttq_style", description = "Style picture under <images>/style.")
        String ttqStyle = "starry_night.jpg";
        @Option(names = "--ttq_init_model", converter = BenchOptions.TextOrNone.class,
            description = "A fast style model whose output starts more runs, '" + UNIVERSAL + "' for Universal Style"
                + " Transfer with the same style picture, '" + COLOURS + "' for the content in its colours, or none.")
        String ttqInitModel;
        @Option(names = "--ttq_sheet", paramLabel = "<png>", converter = BenchOptions.PathOrNone.class,
            description = "With --ttq_init_model, a PNG of the content, the start and the results from each at the"
                + " target, side by side; none for none.")
        Path ttqSheet;

        /** These settings once their values are checked, {@code --ttq_peer_iters} following {@code --ttq_iters}. */
        Settings validated() {
            atLeast("--warmup", warmup, 1);
            atLeast("--runs", runs, 1);
            peaks.validate();
            gatys.validate();
            atLeast("--ttq_iters", ttqIters, 0);
            atLeast("--ttq_levels", ttqLevels, 2);
            atLeast("--ttq_coarse_iters", ttqCoarseIters, 1);
            atLeast("--ttq_octaves", ttqOctaves, 0);
            positive("--ttq_within", ttqWithin);
            // At least 1: with --ttq_iters 0 (no time to quality) the peer never runs, and must not fail.
            if (ttqPeerIters == null) ttqPeerIters = Math.max(1, ttqIters);
            atLeast("--ttq_peer_iters", ttqPeerIters, 1);
            // The sheet shows the preconditioned run from the content beside the one from the start.
            if (ttqSheet != null && (ttqInitModel == null || ttqOctaves == 0 || ttqIters == 0)) {
                throw new UsageException("--ttq_sheet needs --ttq_init_model, --ttq_octaves above 0 and --ttq_iters"
                    + " above 0: it shows the run from the content beside the run from that start.");
            }
            return this;
        }

        Provider provider() {
            return provider.get();
        }

        /** "cpu" or "cuda", as in the case names. */
        String providerName() {
            return provider().name().toLowerCase(Locale.ROOT);
        }

        /** Time-to-quality case names keep their CPU form; other providers add "_cuda". */
        String ttqSuffix() {
            return provider() == Provider.CPU ? "" : "_" + providerName();
        }

        /** Chained MatMuls per peak run, {@link MatMulPeak#defaultChain} for the provider. */
        int matmulChain() {
            return MatMulPeak.defaultChain(provider());
        }
    }

    /** "512" or "512x512" (square only: the peer measures squares), a multiple of 16 of at least 32. */
    static final class SquareSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String[] wh = value.trim().toLowerCase(Locale.ROOT).split("x", -1);
            int w;
            try {
                w = Integer.parseInt(wh[0].trim());
                if (wh.length > 2 || wh.length == 2 && Integer.parseInt(wh[1].trim()) != w) w = -1;
            } catch (NumberFormatException e) {
                w = -1;
            }
            if (w < 0) throw new TypeConversionException("'" + value + "' is not a square size like 512 or 512x512.");
            if (w < 32 || w % 16 != 0) {
                throw new TypeConversionException("Sizes must be multiples of 16, at least 32 (VGG pools four times), not "
                    + w + ".");
            }
            return w;
        }
    }
}
