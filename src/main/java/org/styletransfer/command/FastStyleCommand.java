package org.styletransfer.command;

import ij.ImagePlus;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.fast.FastStylizer;
import org.styletransfer.fast.StyleNetwork;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PlaneSet;
import org.styletransfer.models.ModelCatalog;

import java.util.ArrayList;
import java.util.List;

import static org.styletransfer.command.FastStyleSpec.*;

/**
 * Runs Fast Style Transfer with checked parameter values. Every front end (ImageJ menu and macro,
 * SciJava command, command line) calls this, so they all behave the same.
 */
public final class FastStyleCommand {
    private FastStyleCommand() {
    }

    /**
     * Stylises {@code source} (never modified) and returns a new image with the same dimensions,
     * type and calibration.
     *
     * @throws org.styletransfer.engine.StyleTransferException with a message for the user
     * @throws org.styletransfer.engine.CancelledException     when {@code progress} asked to stop
     */
    public static StyleResult run(ImagePlus source, ParamValues values, Progress progress) {
        long start = System.nanoTime();
        PlaneSet planes = PlaneSet.of(source, ALL_PLANES.equals(values.string(PLANES)));
        List<WeightedModel> models = models(values);
        Provider provider = Provider.parse(values.string(PROVIDER));
        List<StyleNetwork> nets = new ArrayList<>();
        double[] weights = new double[models.size()];
        for (int i = 0; i < models.size(); i++) {
            nets.add(StyleNetwork.open(ModelCatalog.get().resolve(models.get(i).model()), provider));
            weights[i] = models.get(i).weight();
        }
        FastStylizer stylizer = new FastStylizer(nets, weights, values.number(STRENGTH),
            values.integer(TILE_SIZE), values.integer(TILE_OVERLAP));

        long total = (long) planes.size() * stylizer.tilesPerImage(planes.width(), planes.height());
        long[] done = {0};
        int[] plane = {0};
        Runnable tick = () -> {
            progress.checkCancelled();
            double s = (System.nanoTime() - start) / 1e9;
            progress.update(done[0]++, total, String.format("Fast style: plane %d/%d, %.2f fps, %s",
                plane[0] + 1, planes.size(), s > 0 ? plane[0] / s : 0, nets.get(0).provider()));
        };
        for (; plane[0] < planes.size(); plane[0]++) {
            ColorImage styled = stylizer.apply(planes.read(plane[0]), tick);
            planes.write(plane[0], styled);
        }
        progress.update(total, total, null);
        String title = baseTitle(source.getTitle()) + "-" + models.stream().map(WeightedModel::shortName)
            .reduce((a, b) -> a + "+" + b).orElse("styled");
        double seconds = (System.nanoTime() - start) / 1e9;
        return new StyleResult(planes.result(title), nets.get(0).provider(), nets.get(0).providerNote(),
            planes.size(), seconds);
    }

    private static String baseTitle(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
    }

    /** A network to run and its share of the blend. */
    record WeightedModel(String model, double weight) {
        String shortName() {
            return model.replaceAll(".*[/\\\\]", "").replaceAll("\\.onnx$", "");
        }
    }

    /**
     * The networks of the blend: 'model' (or 'model_file' when set) gets whatever weight the
     * 'blend_with' list ("mosaic:0.3, udnie:0.2") leaves.
     */
    static List<WeightedModel> models(ParamValues values) {
        String file = values.string(MODEL_FILE).trim();
        String first = file.isEmpty() ? values.string(MODEL) : file;
        List<WeightedModel> others = parseBlend(values.string(BLEND_WITH));
        double rest = 1 - others.stream().mapToDouble(WeightedModel::weight).sum();
        if (rest < -1e-9) {
            throw new StyleTransferException("The blend_with weights add up to " + (1 - rest)
                + "; they must add up to at most 1 (the first model gets the rest).");
        }
        List<WeightedModel> all = new ArrayList<>();
        all.add(new WeightedModel(first, Math.max(0, rest)));
        all.addAll(others);
        return all;
    }

    private static List<WeightedModel> parseBlend(String text) {
        List<WeightedModel> list = new ArrayList<>();
        if (text == null || text.isBlank()) return list;
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                throw new StyleTransferException("blend_with entry '" + part.trim()
                    + "' needs a weight, e.g. 'mosaic:0.3, udnie:0.2'.");
            }
            double w;
            try {
                w = Double.parseDouble(part.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new StyleTransferException("blend_with weight '" + part.substring(colon + 1).trim()
                    + "' is not a number; write e.g. 'mosaic:0.3, udnie:0.2'.");
            }
            if (w < 0 || w > 1) throw new StyleTransferException("blend_with weights must be between 0 and 1, not " + w + ".");
            list.add(new WeightedModel(part.substring(0, colon).trim(), w));
        }
        return list;
    }
}
