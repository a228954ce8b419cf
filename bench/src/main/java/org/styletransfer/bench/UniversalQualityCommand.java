package org.styletransfer.bench;

import org.styletransfer.cli.HelpOption;
import org.styletransfer.cli.Main;
import org.styletransfer.cli.ThreadsOption;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.universal.DecoderFiles;
import org.styletransfer.universal.UniversalSettings;
import org.styletransfer.universal.UniversalStylizer;
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
import java.util.stream.Stream;

/**
 * {@code universal-quality}: for every style picture and every content photo, Universal Style
 * Transfer and Neural Style Transfer (a fixed number of L-BFGS iterations), with their style and
 * content distances ({@link StyleDistances}): one {@code QUALITY} line per pair, a Markdown table
 * of the means per style, and a contact sheet (rows: styles; columns: the style, universal on each
 * photo, Neural Style on the first photo).
 */
@Command(name = "universal-quality", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Style and content distances of Universal vs Neural Style Transfer, and a contact sheet.")
final class UniversalQualityCommand implements Callable<Integer> {
    @Option(names = "--width", paramLabel = "<n>", description = "Width of the content photos (heights follow).")
    int width = 256;
    @Option(names = "--iterations", paramLabel = "<n>", description = "Neural Style L-BFGS iterations.")
    int iterations = 100;
    @Option(names = "--levels", paramLabel = "<n>", description = "Universal levels, deepest first.")
    int levels = UniversalSettings.DEFAULT_LEVELS;
    @Option(names = "--decoders", paramLabel = "<folder>", description = "Decoder folder; empty = the model folders.")
    String decoders = "";
    @Option(names = "--sheet", paramLabel = "<png>", description = "Contact sheet to write; 'none' for none.")
    String sheet = "docs/images/universal_contact_sheet.png";
    @Option(names = "--thumb", paramLabel = "<n>", description = "Edge of a contact sheet cell in pixels.")
    int thumb = 54;
    @Mixin
    BenchOptions.GatysOptions gatys;
    @Mixin
    ThreadsOption threads;
    @Mixin
    HelpOption help;

    private final PrintStream out;
    private final PrintStream err;

    UniversalQualityCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The two methods' distances on one pair. */
    private record Pair(double uStyle, double uContent, double nStyle, double nContent) {
    }

    @Override
    public Integer call() {
        BenchOptions.atLeast("--width", width, 16);
        BenchOptions.atLeast("--iterations", iterations, 1);
        gatys.validate();
        VggWeights vgg = GatysWeights.real(gatys.vgg);
        StyleDistances measure = new StyleDistances(vgg, threads.count());
        List<Path> styles = pictures("style");
        List<Path> contents = pictures("content");
        ColorImage sheetImage = new ColorImage(thumb * (contents.size() + 2), thumb * styles.size());
        out.println("| style | universal: style distance | universal: content distance | Neural Style " + iterations
            + ": style distance | Neural Style: content distance |");
        out.println("|---|---|---|---|---|");
        double[] all = new double[4];
        for (int s = 0; s < styles.size(); s++) {
            double[] sum = new double[4];
            for (int c = 0; c < contents.size(); c++) {
                Pair p = pair(vgg, measure, styles.get(s), contents.get(c), sheetImage, s, c);
                add(sum, p);
            }
            for (int k = 0; k < 4; k++) all[k] += sum[k] / contents.size();
            row(name(styles.get(s)), sum, contents.size());
        }
        row("**mean**", all, styles.size());
        if (!sheet.equals("none")) GatysImages.writePng(sheetImage, Path.of(sheet));
        return Main.OK;
    }

    private Pair pair(VggWeights vgg, StyleDistances measure, Path stylePath, Path contentPath, ColorImage sheetImage,
                      int row, int column) {
        ColorImage content = GatysImages.resizeToWidth(GatysImages.read(contentPath), width);
        ColorImage style = GatysImages.styleScale(GatysImages.read(stylePath), Math.max(content.width(),
            content.height()), false);
        long t0 = System.nanoTime();
        ColorImage universal = new UniversalStylizer(vgg, DecoderFiles.load(levels, decoders, vgg),
            List.of(new StyleImage(style, 1)), UniversalSettings.defaults().withLevels(levels), Provider.CPU,
            threads.count()).apply(content, () -> { });
        long t1 = System.nanoTime();
        NeuralStyleSettings settings = NeuralStyleSettings.builder().iterations(iterations).levels(1)
            .styleWeight(gatys.styleWeight).provider(Provider.CPU).threads(threads.count()).build();
        ColorImage neural = new NeuralStylizer(vgg).stylize(content, List.of(StyleImage.of(style)), settings,
            Progress.NONE).image();
        long t2 = System.nanoTime();
        StyleDistances.Features fc = measure.features(content);
        StyleDistances.Features fs = measure.features(style);
        StyleDistances.Features fu = measure.features(universal);
        StyleDistances.Features fn = measure.features(neural);
        Pair p = new Pair(StyleDistances.style(fu, fc, fs), StyleDistances.content(fu, fc),
            StyleDistances.style(fn, fc, fs), StyleDistances.content(fn, fc));
        out.printf(Locale.ROOT, "QUALITY style=%s content=%s universal_style=%.3f universal_content=%.3f "
                + "neural_style=%.3f neural_content=%.3f universal_ms=%.0f neural_ms=%.0f%n", name(stylePath),
            name(contentPath), p.uStyle(), p.uContent(), p.nStyle(), p.nContent(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        if (column == 0) cell(sheetImage, style, row, 0);
        cell(sheetImage, universal, row, column + 1);
        if (column == 0) cell(sheetImage, neural, row, sheetImage.width() / thumb - 1);
        return p;
    }

    /** Puts {@code img}, cropped to a square and shrunk, into cell (row, column) of the sheet. */
    private void cell(ColorImage sheetImage, ColorImage img, int row, int column) {
        sheetImage.write(column * thumb, row * thumb, GatysImages.cropResize(img, thumb, thumb));
    }

    private static void add(double[] sum, Pair p) {
        sum[0] += p.uStyle();
        sum[1] += p.uContent();
        sum[2] += p.nStyle();
        sum[3] += p.nContent();
    }

    private void row(String name, double[] sum, int n) {
        out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f |%n", name, sum[0] / n, sum[1] / n, sum[2] / n,
            sum[3] / n);
    }

    private List<Path> pictures(String kind) {
        try (Stream<Path> files = Files.list(gatys.images.resolve(kind))) {
            return files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString().replaceFirst("\\.jpg$", "");
    }
}
