package org.styletransfer.command;

import org.styletransfer.engine.StyleTransferException;

import java.util.ArrayList;
import java.util.List;

/**
 * The one parser of {@code name:weight, name:weight} options ({@code blend_with},
 * {@code more_styles}, the benchmarks' {@code --blend}). A name may itself contain colons (a
 * Windows path such as {@code C:\art\scream.jpg:0.3}): the weight is after the last one. Every
 * message names the option and shows an example.
 */
public final class WeightedList {
    private final String option;
    private final String example;
    private final double bareWeight;
    private final double maxWeight;

    /** One entry: a name (model, title or file) and its weight. */
    public record Entry(String name, double weight) {
    }

    private WeightedList(String option, String example, double bareWeight, double maxWeight) {
        this.option = option;
        this.example = example;
        this.bareWeight = bareWeight;
        this.maxWeight = maxWeight;
    }

    /**
     * A list whose entries all need a weight between 0 and 1.
     *
     * @param option  the option's name, for messages
     * @param example a valid value, for messages, e.g. {@code "mosaic:0.3, udnie:0.2"}
     */
    public static WeightedList of(String option, String example) {
        return new WeightedList(option, example, Double.NaN, 1);
    }

    /** This list, where an entry without {@code :weight} gets {@code weight}, and weights have no upper bound. */
    public WeightedList bareNamesWeigh(double weight) {
        return new WeightedList(option, example, weight, Double.POSITIVE_INFINITY);
    }

    /**
     * The entries of {@code text} in order; blank text and blank entries give none.
     *
     * @throws StyleTransferException naming the option, the entry and an example
     */
    public List<Entry> parse(String text) {
        List<Entry> list = new ArrayList<>();
        if (text == null || text.isBlank()) return list;
        for (String part : text.split(",")) {
            if (!part.isBlank()) list.add(entry(part.trim()));
        }
        return list;
    }

    private Entry entry(String part) {
        int colon = part.lastIndexOf(':');
        if (colon < 0 && !Double.isNaN(bareWeight)) return new Entry(part, bareWeight);
        if (colon < 0) throw error(option + " entry '" + part + "' needs a weight");
        String name = part.substring(0, colon).trim();
        if (name.isEmpty()) throw error(option + " entry '" + part + "' needs a name before the weight");
        return new Entry(name, weight(part.substring(colon + 1).trim()));
    }

    private double weight(String number) {
        double w;
        try {
            w = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw error(option + " weight '" + number + "' is not a number");
        }
        if (!(w >= 0 && w <= maxWeight) || Double.isInfinite(w)) {
            String range = maxWeight == 1 ? "between 0 and 1" : "0 or more";
            throw error(option + " weights must be " + range + ", not " + number);
        }
        return w;
    }

    /**
     * What the first, unlisted item of the blend gets: 1 minus the listed weights.
     *
     * @throws StyleTransferException when they add up to more than 1
     */
    public double rest(List<Entry> entries) {
        double sum = entries.stream().mapToDouble(Entry::weight).sum();
        if (sum > 1 + 1e-9) {
            throw new StyleTransferException("The " + option + " weights add up to " + Math.round(sum * 1e6) / 1e6
                + "; they must add up to at most 1 (the first gets the rest).");
        }
        return Math.max(0, 1 - sum);
    }

    private StyleTransferException error(String what) {
        return new StyleTransferException(what + "; write e.g. '" + example + "'.");
    }
}
