package org.styletransfer.bench;

import org.styletransfer.cli.HelpOption;
import org.styletransfer.cli.Main;
import org.styletransfer.cli.ThreadsOption;
import org.styletransfer.cli.UsageException;
import org.styletransfer.command.WeightedList;

import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.vgg.VggWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.styletransfer.bench.BenchOptions.atLeast;

/**
 * {@code gatys-examples}: the README pictures of optimisation-based style transfer, made with the
 * real (partial) VGG-19: the content image in one style, the same content in a blend of three
 * styles, and a thumbnail of the content. One summary line per picture.
 */
@Command(name = "gatys-examples", showDefaultValues = true, sortOptions = false, abbreviateSynopsis = true,
    description = "The README's pictures of optimisation-based style transfer, with the real (partial) VGG-19.")
final class GatysExamplesCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "<path>", description = "Folder for the pictures.")
    Path dir = Path.of("docs/images");
    @Option(names = "--width", paramLabel = "<n>", description = "Width of the content image (its height follows).")
    int width = 512;
    @Option(names = "--iterations", paramLabel = "<n>", description = "L-BFGS iterations per level.")
    int iterations = 150;
    @Option(names = "--levels", paramLabel = "<n>", description = "Levels, coarse to fine.")
    int levels = 3;
    @Option(names = "--content", description = "Content picture under <images>/content (.jpg when no extension).")
    String contentName = "tubingen";
    @Option(names = "--style", description = "The one style, under <images>/style.")
    String styleName = "starry_night";
    @Option(names = "--blend", paramLabel = "<name:weight,...>", description = "The styles of the blend, with weights.")
    String blend = "starry_night:0.5,the_scream:0.3,great_wave:0.2";
    @Mixin
    BenchOptions.GatysOptions gatys;
    @Mixin
    ThreadsOption threads;
    @Mixin
    HelpOption help;

    private final PrintStream out;
    private final PrintStream err;

    GatysExamplesCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The --blend list: style file names under images/style (without .jpg) and their weights. */
    private static final WeightedList BLEND = WeightedList.of("--blend", "starry_night:0.5,the_scream:0.3")
        .bareNamesWeigh(1);

    @Override
    public Integer call() {
        atLeast("--width", width, 1);
        atLeast("--iterations", iterations, 1);
        atLeast("--levels", levels, 1);
        gatys.validate();
        List<WeightedList.Entry> blend = parseBlend(this.blend);
        VggWeights weights = GatysWeights.real(gatys.vgg);
        NeuralStylizer stylizer = new NeuralStylizer(weights);
        ColorImage content = GatysImages.resizeToWidth(GatysImages.read(contentFile(gatys.images, contentName)), width);
        // Every level runs the full count, as the summary line says (and as the README pictures were made).
        NeuralStyleSettings settings = NeuralStyleSettings.builder().iterations(iterations).levels(levels)
            .coarseIterations(iterations).styleWeight(gatys.styleWeight).provider(Provider.CPU).threads(threads.count())
            .build();
        out.printf(Locale.ROOT, "gatys-examples: %s, %s, %dx%d, %d levels x %d L-BFGS iterations, style weight %g%n",
            weights.source(), stylizer.spec().canonical(), content.width(), content.height(), levels, iterations,
            gatys.styleWeight);

        Path thumb = dir.resolve(contentName + "_content.png");
        GatysImages.writePng(GatysImages.resizeToWidth(content, Math.min(256, width)), thumb);
        out.println("wrote " + thumb);

        List<StyleImage> one = List.of(StyleImage.of(style(gatys.images, styleName, content)));
        make(stylizer, content, one, settings, dir.resolve(contentName + "_" + styleName + ".png"), out, err);

        List<StyleImage> three = new ArrayList<>();
        for (WeightedList.Entry p : blend) three.add(new StyleImage(style(gatys.images, p.name(), content), p.weight()));
        make(stylizer, content, three, settings, dir.resolve(blendFileName(blend.size())), out, err);
        return Main.OK;
    }

    static String blendFileName(int styles) {
        return switch (styles) {
            case 1 -> "one_style_blend.png";
            case 2 -> "two_style_blend.png";
            case 3 -> "three_style_blend.png";
            default -> styles + "_style_blend.png";
        };
    }

    private static void make(NeuralStylizer stylizer, ColorImage content, List<StyleImage> styles,
                             NeuralStyleSettings settings, Path file, PrintStream out, PrintStream err) {
        err.println("gatys-examples: " + file + "...");
        NeuralStyleResult r = stylizer.stylize(content, styles, settings, Progress.NONE);
        GatysImages.writePng(r.image(), file);
        out.printf(Locale.ROOT, "wrote %s: %d iterations (%d evaluations) in %.1f s, loss %.4g -> %.4g%n", file,
            r.iterations(), r.evaluations(), r.seconds(), r.initialLoss(), r.finalLoss());
    }

    /** "a:0.5,b:0.3" (a weight-less name gets 1). */
    static List<WeightedList.Entry> parseBlend(String text) {
        List<WeightedList.Entry> parts = BLEND.parse(text);
        if (parts.isEmpty()) throw new UsageException("--blend names no style.");
        return parts;
    }

    private static Path contentFile(Path images, String name) {
        return name.contains(".") ? images.resolve("content").resolve(name)
            : images.resolve("content").resolve(name + ".jpg");
    }

    /** The style picture shrunk (by area) to the content's longer side: the stylizer's style scale 1. */
    private static ColorImage style(Path images, String name, ColorImage content) {
        Path file = name.contains(".") ? images.resolve("style").resolve(name) : images.resolve("style").resolve(name
            + ".jpg");
        // Never enlarged: a small style picture keeps its own scale.
        return GatysImages.styleScale(GatysImages.read(file), Math.max(content.width(), content.height()), false);
    }
}
