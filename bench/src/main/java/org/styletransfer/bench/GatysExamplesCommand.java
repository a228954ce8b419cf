package org.styletransfer.bench;

import org.styletransfer.cli.CliArgs;
import org.styletransfer.cli.Main;
import org.styletransfer.cli.UsageException;

import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.gatys.StyleImage;
import org.styletransfer.image.ColorImage;
import org.styletransfer.vgg.VggWeights;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code gatys-examples}: the README pictures of optimisation-based style transfer, made with the
 * real (partial) VGG-19: the content image in one style, the same content in a blend of three
 * styles, and a thumbnail of the content. One summary line per picture.
 */
final class GatysExamplesCommand {
    static final String USAGE = "gatys-examples [--out docs/images] [--width 512] [--iterations 150] [--levels 3] "
        + "[--style_weight 1e4] [--content tubingen] [--style starry_night] "
        + "[--blend starry_night:0.5,the_scream:0.3,great_wave:0.2] [--images ../shared/images] [--vgg model.json]";

    private GatysExamplesCommand() {
    }

    /** One style of the blend: a file name under images/style (without .jpg) and its weight. */
    record Part(String name, double weight) {
    }

    static int run(CliArgs args, PrintStream out, PrintStream err) {
        args.expectPositional(0, USAGE);
        Path dir = Path.of(args.take("out", "docs/images"));
        int width = positive("width", args.takeInt("width", 512));
        int iterations = positive("iterations", args.takeInt("iterations", 150));
        int levels = positive("levels", args.takeInt("levels", 3));
        double styleWeight = Double.parseDouble(args.take("style_weight", "1e4"));
        String contentName = args.take("content", "tubingen");
        String styleName = args.take("style", "starry_night");
        List<Part> blend = parseBlend(args.take("blend", "starry_night:0.5,the_scream:0.3,great_wave:0.2"));
        Path images = Path.of(args.take("images", "../shared/images"));
        String vgg = args.take("vgg", null);
        int threads = args.takeInt("threads", 0);
        if (!args.options().isEmpty()) {
            throw new UsageException("Unknown option --" + args.options().keySet().iterator().next()
                + " for gatys-examples; usage: " + USAGE);
        }
        VggWeights weights = GatysWeights.real(vgg);
        NeuralStylizer stylizer = new NeuralStylizer(weights);
        ColorImage content = GatysImages.resizeToWidth(GatysImages.read(contentFile(images, contentName)), width);
        NeuralStyleSettings settings = NeuralStyleSettings.builder().iterations(iterations).levels(levels)
            .styleWeight(styleWeight).provider(Provider.CPU).threads(threads).build();
        out.printf(Locale.ROOT, "gatys-examples: %s, %s, %dx%d, %d levels x %d L-BFGS iterations, style weight %g%n",
            weights.source(), stylizer.spec().canonical(), content.width(), content.height(), levels, iterations,
            styleWeight);

        Path thumb = dir.resolve(contentName + "_content.png");
        GatysImages.writePng(GatysImages.resizeToWidth(content, Math.min(256, width)), thumb);
        out.println("wrote " + thumb);

        List<StyleImage> one = List.of(StyleImage.of(style(images, styleName, content)));
        make(stylizer, content, one, settings, dir.resolve(contentName + "_" + styleName + ".png"), out, err);

        List<StyleImage> three = new ArrayList<>();
        for (Part p : blend) three.add(new StyleImage(style(images, p.name(), content), p.weight()));
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
    static List<Part> parseBlend(String text) {
        List<Part> parts = new ArrayList<>();
        for (String item : text.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) continue;
            int colon = t.lastIndexOf(':');
            String name = colon < 0 ? t : t.substring(0, colon).trim();
            double w;
            try {
                w = colon < 0 ? 1 : Double.parseDouble(t.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new UsageException("'" + t + "' in --blend is not name:weight.");
            }
            if (name.isEmpty() || !(w >= 0) || Double.isInfinite(w)) {
                throw new UsageException("'" + t + "' in --blend is not name:weight with a weight of 0 or more.");
            }
            parts.add(new Part(name, w));
        }
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
        ColorImage img = GatysImages.read(file);
        double f = Math.max(content.width(), content.height()) / (double) Math.max(img.width(), img.height());
        if (f >= 1) return img;
        return GatysImages.areaResize(img, Math.max(1, (int) Math.round(img.width() * f)),
            Math.max(1, (int) Math.round(img.height() * f)));
    }

    private static int positive(String key, int v) {
        if (v < 1) throw new UsageException("--" + key + " must be at least 1, not " + v + ".");
        return v;
    }
}
