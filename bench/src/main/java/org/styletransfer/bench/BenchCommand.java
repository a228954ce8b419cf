package org.styletransfer.bench;

import org.styletransfer.cli.HelpOption;
import org.styletransfer.cli.Main;
import org.styletransfer.cli.ParamOptions;
import org.styletransfer.cli.StderrProgress;

import ij.ImagePlus;
import ij.VirtualStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.onnx.InvalidModelException;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.models.ModelCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.styletransfer.bench.BenchOptions.atLeast;

/**
 * {@code bench}: speed of Fast Style Transfer per frame at several sizes, as achieved GFLOP/s next
 * to this machine's measured matrix-multiply peak, with peak memory. One line per case:
 * {@code BENCH case=<name> ms=<median> gflops=<achieved> peak_gflops=<peak> sgemm_gflops=<torch peak>
 * mem_mb=<peak RSS>}, followed by a {@code #} line with the details (runs, spread, FLOPs, fractions
 * of both peaks, heap). {@code peak_gflops} is ONNX Runtime's MatMul ({@link MatMulPeak}),
 * {@code sgemm_gflops} PyTorch's tuned sgemm ({@link SgemmPeak}, measured once per run, NA
 * without torch or with {@code --sgemm_peer none}).
 *
 * <p>With {@code --stack N} it instead (or, with {@code --sizes}, also) stylises an N-frame virtual
 * stack written to disk plane by plane, as for a long video, once with a smaller frame count first
 * ({@code --stack_compare}, default N/10) so that the two peak memories show whether memory depends
 * on the number of frames: {@code BENCH case=stack<N>_<W>x<H>_<provider> ms=<per frame> ...}.</p>
 */
@Command(name = "bench", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = {"Speed of Fast Style Transfer per frame: one BENCH line per case, next to this machine's MatMul"
        + " peak, with peak memory.", "Also takes the options of stylize (--model, --model_file, --tile_overlap ...)."})
final class BenchCommand implements Callable<Integer> {
    static final String DEFAULT_SIZES = "512x512,1024x1024,3840x2160";
    /** Frames above this many pixels print their progress to stderr. */
    private static final long BIG_PIXELS = 16L << 20;

    @Mixin
    Settings s;
    @Mixin
    HelpOption help;
    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command with its own options and those of the menu command ({@link FastStyleSpec}) it does not set itself. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new BenchCommand(out, err));
        ParamOptions.addTo(cl.getCommandSpec(), FastStyleSpec.spec().params());
        return cl;
    }

    /** One frame size with its run counts and tile size. */
    record Case(int width, int height, int warmup, int runs, int tile) {
        String name(String model, String provider) {
            return model + "_" + width + "x" + height + "_" + provider.toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public Integer call() {
        Settings s = this.s.validated();
        Map<String, Object> styleOptions = new LinkedHashMap<>(ParamOptions.given(spec.commandLine().getParseResult()));
        Provider provider = s.provider.get();
        // The runs take the benchmark's provider as the plugin's provider option.
        styleOptions.put(FastStyleSpec.PROVIDER, provider.label());
        ParamValues values = ParamValues.of(FastStyleSpec.spec().params(), styleOptions);
        // The run's own thread count (--threads, the plugin's threads option): no global to reset.
        int threads = OnnxEngine.shared().threads(values.integer(FastStyleSpec.THREADS));
        String model = modelLabel(values);
        OnnxModel onnx = readModel(values, err);
        err.println("bench: " + model + ", " + threads + " threads, provider " + provider.label());
        SgemmPeak.Result sgemm = s.peaks.sgemm(SgemmPeak.PYTHON, provider, threads, out, err);
        if (s.stackFrames > 0) runStacks(s, model, onnx, values, provider, threads, sgemm, out, err);
        for (Case c : s.cases()) {
            // Measured next to each case, so that both see the same machine load.
            MatMulPeak.Peak peak = MatMulPeak.measure(s.peaks.matmulN, s.matmulChain(provider), 2, s.peaks.matmulRuns, provider,
                threads);
            printPeak(peak, out);
            runCase(c, model, onnx, values, new Peaks(peak, sgemm), out, err);
        }
        return Main.OK;
    }

    /**
     * The two peaks a case is read against: ONNX Runtime's own MatMul ({@code peak_gflops}) and
     * PyTorch's tuned sgemm ({@code sgemm_gflops}, NA without torch).
     */
    record Peaks(MatMulPeak.Peak matmul, SgemmPeak.Result sgemm) {
        /** The BENCH line of a case. */
        String benchLine(String name, double ms, double gflops) {
            return String.format(Locale.ROOT, "BENCH case=%s ms=%.1f gflops=%.1f peak_gflops=%.1f sgemm_gflops=%s "
                + "mem_mb=%.0f", name, ms, gflops, matmul.gflops(), sgemm.field(), MemoryProbe.peakResidentMb());
        }

        /** The achieved rate as fractions of both peaks, for the case's # line. */
        String fractions(double gflops) {
            return String.format(Locale.ROOT, "of_peak=%.0f%% of_sgemm=%s", 100 * gflops / matmul.gflops(),
                sgemm.percentOf(gflops));
        }
    }

    private static void printPeak(MatMulPeak.Peak peak, PrintStream out) {
        out.printf(Locale.ROOT, "# matmul %dx%dx%d x%d on %s: %.1f ms, %.1f GFLOP/s%n", peak.n(), peak.n(), peak.n(),
            peak.chain(), peak.provider(), peak.medianMs(), peak.gflops());
    }

    private static void runCase(Case c, String model, OnnxModel onnx, ParamValues values, Peaks peak,
                                PrintStream out, PrintStream err) {
        err.printf("bench: %dx%d, %d warm-up + %d timed runs%s...%n", c.width(), c.height(), c.warmup(), c.runs(),
            c.tile() > 0 ? ", tile size " + c.tile() : ", automatic tiling");
        values.set(FastStyleSpec.TILE_SIZE, c.tile());
        ImagePlus image = SyntheticImage.rgb(c.width(), c.height());
        boolean rssReset = MemoryProbe.reset();
        String provider = "cpu";
        for (int i = 0; i < c.warmup(); i++) provider = FastStyleCommand.run(image, values, Progress.NONE).provider();
        double[] ms = new double[c.runs()];
        // A huge frame runs for many minutes: show its tiles going by.
        Progress progress = (long) c.width() * c.height() > BIG_PIXELS ? new StderrProgress(err) : Progress.NONE;
        for (int i = 0; i < c.runs(); i++) {
            long t0 = System.nanoTime();
            StyleResult r = FastStyleCommand.run(image, values, progress);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            provider = r.provider();
        }
        double median = Stats.median(ms);
        double flops = frameFlops(onnx, c, err);
        String name = c.name(model, provider);
        double gflops = flops / (median * 1e6);
        out.println(peak.benchLine(name, median, gflops));
        out.printf(Locale.ROOT, "# %s: runs=%d warmup=%d min_ms=%.1f max_ms=%.1f gflop_per_frame=%.2f %s tile=%s "
                + "heap_peak_mb=%.0f rss=%s%n", name, c.runs(), c.warmup(), Stats.min(ms), Stats.max(ms), flops / 1e9,
            peak.fractions(gflops), c.tile() > 0 ? c.tile() + "+" + values.integer(FastStyleSpec.TILE_OVERLAP) : "auto",
            MemoryProbe.peakHeapMb(), rssReset ? "peak of this case" : "peak since start");
    }

    // ---- long virtual stacks --------------------------------------------------------------------

    /**
     * The stack cases: the smaller frame count first (it also warms up), then N, as the plugin runs
     * them ({@link FastStyleCommand#PIPELINED_BY_DEFAULT}); with {@code --stack_other_mode true} the
     * smaller count once more with pipelining switched the other way, for comparison.
     */
    private static void runStacks(Settings s, String model, OnnxModel onnx, ParamValues values, Provider provider,
                                  int threads, SgemmPeak.Result sgemm, PrintStream out, PrintStream err) {
        values.set(FastStyleSpec.TILE_SIZE, s.stackTile);
        MatMulPeak.Peak matmul = MatMulPeak.measure(s.peaks.matmulN, s.matmulChain(provider), 2, s.peaks.matmulRuns, provider,
            threads);
        printPeak(matmul, out);
        Peaks peak = new Peaks(matmul, sgemm);
        Case frame = new Case(s.stackSize.width(), s.stackSize.height(), 0, 1, s.stackTile);
        double flops = frameFlops(onnx, frame, err);
        boolean usual = FastStyleCommand.PIPELINED_BY_DEFAULT;
        if (s.stackCompare > 0) runStack(s.stackCompare, usual, s, model, flops, values, peak, out, err);
        runStack(s.stackFrames, usual, s, model, flops, values, peak, out, err);
        if (s.stackOtherMode && s.stackCompare > 0) runStack(s.stackCompare, !usual, s, model, flops, values, peak, out, err);
    }

    private static void runStack(int frames, boolean pipelined, Settings s, String model, double flops,
                                 ParamValues values, Peaks peak, PrintStream out, PrintStream err) {
        err.printf("bench: stack of %d frames %dx%d to disk, %s...%n", frames, s.stackSize.width(), s.stackSize.height(),
            pipelined ? "pipelined" : "one plane after the other");
        Path folder = tempFolder();
        values.set(FastStyleSpec.OUTPUT_FOLDER, folder.toString());
        ImagePlus stack = SyntheticVideo.of(s.stackSize.width(), s.stackSize.height(), frames);
        try {
            boolean rssReset = MemoryProbe.reset();
            long t0 = System.nanoTime();
            StyleResult r = FastStyleCommand.run(stack, values, new StderrProgress(err), pipelined);
            double msPerFrame = (System.nanoTime() - t0) / 1e6 / frames;
            String name = "stack" + frames + "_" + s.stackSize.width() + "x" + s.stackSize.height() + "_"
                + r.provider().toLowerCase(Locale.ROOT)
                + (pipelined == FastStyleCommand.PIPELINED_BY_DEFAULT ? "" : pipelined ? "_pipelined" : "_sequential");
            out.println(peak.benchLine(name, msPerFrame, flops / (msPerFrame * 1e6)));
            out.printf(Locale.ROOT, "# %s: model=%s frames=%d fps=%.2f pipelined=%s tile=%s heap_peak_mb=%.0f "
                    + "result_virtual=%s rss=%s%n", name, model, frames, 1000 / msPerFrame, pipelined,
                s.stackTile > 0 ? s.stackTile + "+" + values.integer(FastStyleSpec.TILE_OVERLAP) : "auto",
                MemoryProbe.peakHeapMb(), r.image().getStack().isVirtual(), rssReset ? "peak of this case" : "peak since start");
        } finally {
            values.set(FastStyleSpec.OUTPUT_FOLDER, "");
            deleteFolder(folder);
        }
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("style-bench-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFolder(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // A temporary folder left behind is no reason to fail the benchmark.
        }
    }

    /**
     * A virtual stack of synthetic frames, made when read (like decoding a video frame) and never
     * held: the benchmark's source uses no memory per frame, as a video on disk would not.
     */
    static final class SyntheticVideo extends VirtualStack {
        private final int[] base;
        private final int frames;

        private SyntheticVideo(int width, int height, int frames) {
            super(width, height);
            this.base = (int[]) SyntheticImage.rgb(width, height).getProcessor().getPixels();
            this.frames = frames;
        }

        static ImagePlus of(int width, int height, int frames) {
            ImagePlus imp = new ImagePlus("synthetic video", new SyntheticVideo(width, height, frames));
            imp.setDimensions(1, 1, frames);
            return imp;
        }

        /** Frame n: the synthetic picture shifted n pixels to the right, so that every frame differs. */
        @Override
        public ImageProcessor getProcessor(int n) {
            int w = getWidth();
            int[] px = new int[base.length];
            for (int i = 0; i < px.length; i++) {
                int x = i % w;
                px[i] = base[i - x + Math.floorMod(x - n, w)];
            }
            return new ColorProcessor(w, getHeight(), px);
        }

        @Override
        public int getSize() {
            return frames;
        }

        @Override
        public int size() {
            return frames;
        }

        @Override
        public String getSliceLabel(int n) {
            return "frame " + n;
        }

        @Override
        public int getBitDepth() {
            return 24;
        }
    }

    private static double frameFlops(OnnxModel onnx, Case c, PrintStream err) {
        if (onnx == null) return Double.NaN;
        try {
            return FlopCounter.perFrame(onnx, c.height(), c.width());
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage() + "; gflops is reported as NaN");
            return Double.NaN;
        }
    }

    private static OnnxModel readModel(ParamValues values, PrintStream err) {
        String file = values.string(FastStyleSpec.MODEL_FILE);
        Path path = file.isBlank() ? ModelCatalog.get().resolve(values.string(FastStyleSpec.MODEL)).file() : Paths.get(file);
        try {
            return OnnxModel.read(path);
        } catch (IOException | InvalidModelException e) {
            err.println("bench: cannot read " + path + " to count its FLOPs (" + e.getMessage() + ")");
            return null;
        }
    }

    private static String modelLabel(ParamValues values) {
        String file = values.string(FastStyleSpec.MODEL_FILE);
        return file.isBlank() ? values.string(FastStyleSpec.MODEL)
            : Paths.get(file).getFileName().toString().replaceFirst("\\.onnx$", "");
    }

    /** The options of {@code bench}, with their defaults. */
    static final class Settings {
        @Option(names = "--sizes", split = ",", converter = BenchOptions.FrameSizes.class, paramLabel = "<WxH>",
            description = "Frame sizes, one case each; default " + DEFAULT_SIZES + ", none with --stack.")
        List<BenchOptions.FrameSize> sizes;
        // null = by the frame size (sizeCase)
        @Option(names = "--warmup", paramLabel = "<n>",
            description = "Untimed runs per case; default 2 up to 512x512, else 1.")
        Integer warmup;
        @Option(names = "--runs", paramLabel = "<n>",
            description = "Timed runs per case; default 5 up to 512x512, 3 up to 1024x1024, else 2.")
        Integer runs;
        // 0 = the plugin's own choice: whole frames up to 1 Mpixel, tiles beyond (the 4K case).
        @Option(names = "--tile_size", paramLabel = "<n>",
            description = "Tile edge in pixels; 0 = the plugin's choice.")
        int tile = 0;
        @Mixin
        BenchOptions.ProviderOption provider;
        @Mixin
        BenchOptions.PeakOptions peaks;
        @Option(names = "--matmul_chain", paramLabel = "<n>",
            description = "Chained MatMuls per run; 0 = the provider's default.")
        int chain = 0;
        @Option(names = "--stack", paramLabel = "<n>",
            description = "Frames of a virtual video stylised to disk; 0 = none.")
        int stackFrames = 0;
        @Option(names = "--stack_compare", paramLabel = "<n>",
            description = "The smaller frame count run first; default --stack/10.")
        Integer stackCompare;
        @Option(names = "--stack_size", converter = BenchOptions.FrameSizes.class, paramLabel = "<WxH>",
            description = "Frame size of the stack.")
        BenchOptions.FrameSize stackSize = new BenchOptions.FrameSize(512, 512);
        @Option(names = "--stack_tile", paramLabel = "<n>",
            description = "Tile size of the stack; default --tile_size.")
        Integer stackTile;
        @Option(names = "--stack_other_mode", paramLabel = "true|false", showDefaultValue = Visibility.ALWAYS, arity = "1",
            description = "Run the smaller stack once more with pipelining switched the other way.")
        boolean stackOtherMode;

        /** These settings once checked, with the defaults that follow other options filled in. */
        Settings validated() {
            peaks.validate();
            if (warmup != null) atLeast("--warmup", warmup, 0);
            if (runs != null) atLeast("--runs", runs, 1);
            atLeast("--stack", stackFrames, 0);
            if (stackCompare == null) stackCompare = Math.max(1, stackFrames / 10);
            atLeast("--stack_compare", stackCompare, 0);
            if (stackTile == null) stackTile = tile;
            return this;
        }

        /** The size cases: a stack run is long, so with --stack they only run when asked for by --sizes. */
        List<Case> cases() {
            List<BenchOptions.FrameSize> asked = sizes != null ? sizes : stackFrames > 0 ? List.of()
                : Arrays.stream(DEFAULT_SIZES.split(",")).map(new BenchOptions.FrameSizes()::convert).toList();
            return asked.stream().map(this::sizeCase).toList();
        }

        /** Fewer runs for big frames: the whole bench stays within a few minutes on 2 cores. */
        private Case sizeCase(BenchOptions.FrameSize size) {
            long pixels = (long) size.width() * size.height();
            int defWarm = pixels <= 512 * 512 ? 2 : 1;
            int defRuns = pixels <= 512 * 512 ? 5 : pixels <= 1024 * 1024 ? 3 : 2;
            return new Case(size.width(), size.height(), warmup != null ? warmup : defWarm, runs != null ? runs : defRuns, tile);
        }

        /** Chained MatMuls per run: --matmul_chain, else {@link MatMulPeak#defaultChain}. */
        int matmulChain(Provider provider) {
            return chain > 0 ? chain : MatMulPeak.defaultChain(provider);
        }
    }
}
