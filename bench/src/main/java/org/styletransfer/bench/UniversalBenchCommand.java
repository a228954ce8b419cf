package org.styletransfer.bench;

import ij.ImagePlus;
import org.styletransfer.cli.HelpOption;
import org.styletransfer.cli.Main;
import org.styletransfer.command.NeuralStyleImages;
import org.styletransfer.command.NeuralStyleVgg;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.fast.FastStyleSettings;
import org.styletransfer.fast.FastStylizer;
import org.styletransfer.fast.StyleNetwork;
import org.styletransfer.image.ColorImage;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.universal.DecoderFiles;
import org.styletransfer.image.StyleImage;
import org.styletransfer.universal.UniversalSettings;
import org.styletransfer.universal.UniversalStylizer;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.vgg.VggLayerNames;
import org.styletransfer.vgg.VggWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code bench-universal}: Universal Style Transfer per frame against the {@code candy} fast network
 * on the same frame, in the same run: {@code BENCH case=universal<levels>_<W>x<H>_<provider>
 * ms=<median per frame> candy_ms=<median> ratio=<ms / candy_ms> mem_mb=<peak RSS of the case>}. A
 * job's setup (style statistics, opening the OrtSessions) is timed apart ({@code setup_ms} in the {@code #} line):
 * a stack or video pays it once. Frames larger than {@code --candy_max} megapixels run the universal
 * cases only, for their memory (the 4K frame: peak resident memory within 2 GiB is the aim).
 */
@Command(name = "bench-universal", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Speed and memory of Universal Style Transfer per frame, next to the candy fast network.")
final class UniversalBenchCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", converter = BenchOptions.FrameSizes.class, paramLabel = "<WxH>",
        description = "Frame sizes, one set of cases each.")
    List<BenchOptions.FrameSize> sizes = List.of(new BenchOptions.FrameSize(512, 512),
        new BenchOptions.FrameSize(3840, 2160));
    @Option(names = "--levels", split = ",", paramLabel = "<n>", description = "Level counts, one case each.")
    List<Integer> levels = List.of(3, 1);
    @Option(names = "--runs", paramLabel = "<n>", description = "Timed runs per case (1 for frames above --candy_max).")
    int runs = 5;
    @Option(names = "--style", paramLabel = "<path>", description = "Style picture.")
    String style = "../shared/images/style/starry_night.jpg";
    @Option(names = "--decoders", paramLabel = "<folder>|untrained",
        description = "Decoder folder; empty = the model folders; 'untrained' = freshly initialised decoders of the"
            + " trained ones' architecture (same cost), for timing before training.")
    String decoders = "";
    @Option(names = "--candy_max", paramLabel = "<megapixels>", description = "Largest frame that also runs candy.")
    double candyMax = 1.1;
    @Option(names = "--threads", paramLabel = "<n>", description = "ONNX Runtime threads; 0 = all processors.")
    int threads = 0;
    @Mixin
    BenchOptions.ProviderOption provider;
    @Mixin
    HelpOption help;

    private final PrintStream out;
    private final PrintStream err;

    UniversalBenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        BenchOptions.atLeast("--runs", runs, 1);
        Provider p = provider.get();
        VggWeights vgg = NeuralStyleVgg.load("");
        if (decoders.equals("untrained")) decoders = untrainedDecoders(vgg).toString();
        err.println("bench-universal: " + OnnxEngine.shared().threads(threads) + " threads, provider " + p.label());
        for (BenchOptions.FrameSize size : sizes) {
            ColorImage frame = frame(SyntheticImage.rgb(size.width(), size.height()));
            boolean small = (double) size.width() * size.height() <= candyMax * 1e6;
            double candy = small ? candyMs(frame, p) : Double.NaN;
            for (int n : levels) universalCase(frame, n, vgg, p, small ? runs : 1, candy);
        }
        return Main.OK;
    }

    /** Median ms per frame of candy on {@code frame}, after one warm-up run. */
    private double candyMs(ColorImage frame, Provider p) {
        StyleNetwork candy = StyleNetwork.open(ModelCatalog.get().resolve("candy"), p, threads);
        FastStylizer s = new FastStylizer(List.of(candy), new double[] {1}, FastStyleSettings.defaults());
        double ms = median(img -> s.apply(img, () -> { }), frame, runs);
        out.printf(Locale.ROOT, "# candy_%dx%d_%s: ms=%.1f runs=%d%n", frame.width(), frame.height(),
            s.provider().toLowerCase(Locale.ROOT), ms, runs);
        return ms;
    }

    private void universalCase(ColorImage frame, int levels, VggWeights vgg, Provider p, int timed, double candyMs) {
        boolean rssReset = MemoryProbe.reset();
        long t0 = System.nanoTime();
        UniversalStylizer s = new UniversalStylizer(vgg, DecoderFiles.load(levels, decoders, vgg), styles(frame),
            UniversalSettings.defaults().withLevels(levels), p, threads);
        double setupMs = (System.nanoTime() - t0) / 1e6;
        double ms = median(img -> s.apply(img, () -> { }), frame, timed);
        String name = String.format(Locale.ROOT, "universal%d_%dx%d_%s", levels, frame.width(), frame.height(),
            s.provider().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "BENCH case=%s ms=%.1f candy_ms=%.1f ratio=%.2f mem_mb=%.0f%n", name, ms, candyMs,
            ms / candyMs, MemoryProbe.peakResidentMb());
        out.printf(Locale.ROOT, "# %s: setup_ms=%.1f runs=%d levels=%s heap_peak_mb=%.0f rss=%s%n", name, setupMs,
            timed, s.levels(), MemoryProbe.peakHeapMb(), rssReset ? "peak of this case" : "peak since start");
    }

    /** Untrained decoders of every level the weights reach, in a temporary folder. */
    private static Path untrainedDecoders(VggWeights vgg) {
        try {
            Path folder = Files.createTempDirectory("untrained-decoders");
            for (String level : DecoderArchitecture.LEVELS) {
                if (VggLayerNames.convIndex(level) >= vgg.layers().size()) continue;
                DecoderArchitecture a = DecoderArchitecture.forLevel(level);
                Path file = folder.resolve(DecoderFiles.fileName(level));
                a.inferenceModel(a.initialWeights(1), a.metadata(vgg, "untrained, for timing")).write(file);
                file.toFile().deleteOnExit();
            }
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The style picture as the command prepares it for this frame size. */
    private List<StyleImage> styles(ColorImage frame) {
        int edge = Math.min(UniversalStylizer.STATS_MAX_EDGE, Math.max(frame.width(), frame.height()));
        return NeuralStyleImages.stylesAt(style, "", edge);
    }

    /**
     * The median time of {@code runs} runs, after one warm-up run when more than one is timed (a
     * single run of a huge frame is its own warm-up).
     */
    private double median(UnaryOperator<ColorImage> run, ColorImage frame, int runs) {
        if (runs > 1) run.apply(frame);
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            run.apply(frame);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return Stats.median(ms);
    }

    /** An RGB ImagePlus as planar 0..255 floats. */
    static ColorImage frame(ImagePlus imp) {
        int[] px = (int[]) imp.getProcessor().getPixels();
        int n = px.length;
        float[] d = new float[3 * n];
        for (int i = 0; i < n; i++) {
            d[i] = (px[i] >> 16) & 255;
            d[n + i] = (px[i] >> 8) & 255;
            d[2 * n + i] = px[i] & 255;
        }
        return new ColorImage(imp.getWidth(), imp.getHeight(), d);
    }
}
