package org.styletransfer.planes;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a source that a result holds: its first planes, as many as form a whole hyperstack
 * of C x Z x T. A run that stopped early keeps whole time points, or, with one time point (or none
 * finished), whole slices of the first, or else the channels of the first slice; the planes of a
 * partly done unit after them are left out, so that the result keeps the source's structure.
 *
 * @param channels C of the result
 * @param slices   Z of the result
 * @param frames   T of the result
 * @param unit     what {@code kept} and {@code total} count, singular: "frame" or "plane" for a
 *                 stack along one axis, else "time point", "slice" or "channel"
 * @param kept     units kept, the first ones
 * @param total    units of the source
 * @param within   the larger unit the kept ones are the start of, e.g. "time point 1 of 4", or ""
 */
public record Extent(int channels, int slices, int frames, String unit, int kept, int total, String within) {

    /**
     * The extent of the first {@code written} planes of a source of {@code c x z x t} planes.
     *
     * @param allPlanes false when only one plane of the source was processed
     */
    static Extent of(int c, int z, int t, int written, boolean allPlanes) {
        if (!allPlanes) return new Extent(1, 1, written, "plane", written, 1, "");
        if (c == 1 && (z == 1 || t == 1)) {
            // Planes along one axis: any number of them is a whole stack.
            return t > 1 ? new Extent(1, 1, written, planeUnit(t), written, t, "")
                : new Extent(1, written, 1, planeUnit(t), written, z, "");
        }
        if (t > 1 && written >= c * z) {
            return new Extent(c, z, written / (c * z), "time point", written / (c * z), t, "");
        }
        if (z > 1 && written >= c) {
            return new Extent(c, written / c, 1, "slice", written / c, z, t > 1 ? "time point 1 of " + t : "");
        }
        List<String> first = new ArrayList<>();
        if (z > 1) first.add("slice 1 of " + z);
        if (t > 1) first.add("time point 1 of " + t);
        return new Extent(written, 1, 1, "channel", written, c, String.join(", ", first));
    }

    /**
     * What one plane of a source with {@code frames} time points is called, in notes and progress:
     * "frame" when there are several time points, else "plane" (channels, Z slices, and a plain
     * stack, which may be slices as well as a video's frames; a video opened here has T set).
     */
    public static String planeUnit(int frames) {
        return frames > 1 ? "frame" : "plane";
    }

    /** Planes in the result. */
    public int planes() {
        return channels * slices * frames;
    }

    /**
     * True for planes along one axis, which notes count as "3 of 40 frames" (or planes); false for
     * a hyperstack, whose notes say which {@link #unit}s were kept ({@link #keptAndMissing()}).
     */
    public boolean isOneAxis() {
        return unit.equals("frame") || unit.equals("plane");
    }

    /**
     * Which units were kept and which are missing, e.g. "time points 1-3 of 4 kept; 4 missing", or
     * "slices 1-2 of 3 of time point 1 of 4 kept; the rest missing".
     */
    public String keptAndMissing() {
        String kept = unit + (this.kept == 1 ? "" : "s") + " " + range(1, this.kept) + " of " + total
            + (within.isEmpty() ? "" : " of " + within) + " kept";
        if (this.kept == total && within.isEmpty()) return kept;
        return kept + "; " + (within.isEmpty() ? range(this.kept + 1, total) : "the rest") + " missing";
    }

    /** "3" or "3-7". */
    static String range(int from, int to) {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }

    /** The numbers as runs, e.g. "2-4, 7" for 2, 3, 4, 7 (in increasing order). */
    public static String ranges(List<Integer> numbers) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < numbers.size(); ) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) j++;
            if (sb.length() > 0) sb.append(", ");
            sb.append(range(numbers.get(i), numbers.get(j)));
            i = j + 1;
        }
        return sb.toString();
    }
}
