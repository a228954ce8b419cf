package org.styletransfer.command;

import org.styletransfer.planes.PlaneSet;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import org.styletransfer.models.Checksums;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a result keeps of its source besides pixels, calibration, LUTs and slice labels (which
 * {@link org.styletransfer.planes.PlaneSet} keeps): the overlay, still an overlay, on each plane it
 * belongs to; the Info and the image properties; and, appended to the Info, how the result was made
 * (command, options as a macro line, models with their sha256, provider), so that a figure can be
 * reproduced. Taken when the run starts, so that closing or editing the source meanwhile changes
 * nothing; applied to the result by {@link #finish}, which also flattens the overlay when
 * {@code flatten_overlay} is set.
 *
 * <p>A command uses it with one line around its run: {@code ResultRecord record = ResultRecord.of(source,
 * scope);} at the start and {@code return record.finish(result, spec.title(), values, modelFiles);} at the end.</p>
 */
public final class ResultRecord {
    /** The line that starts the part of the Info this plugin writes. */
    public static final String INFO_HEADER = "--- Style Transfer ---";
    /** sha256 of model files by path, size and time: a VGG file of 500 MB takes seconds to hash. */
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

    private final String title;
    private final Overlay overlay;
    private final String info;
    private final Properties properties;
    private final int[] dimensions;
    private final int[] position;
    private final PlaneScope scope;

    private ResultRecord(ImagePlus source, PlaneScope scope) {
        this.title = source.getTitle();
        Overlay o = source.getOverlay();
        this.overlay = o == null || o.size() == 0 ? null : o.duplicate();
        this.info = source.getInfoProperty();
        Properties p = source.getImageProperties();
        this.properties = p == null ? new Properties() : (Properties) p.clone();
        this.dimensions = new int[] {source.getNChannels(), source.getNSlices(), source.getNFrames()};
        this.position = new int[] {source.getChannel(), source.getSlice(), source.getFrame()};
        this.scope = scope;
    }

    /**
     * Takes what a result of {@code source} keeps; {@code scope} says which planes the result is
     * made of: the displayed one ({@link PlaneScope#CURRENT}, also for results made of several
     * results of it), all, or the merged channels of each Z/T position.
     */
    public static ResultRecord of(ImagePlus source, PlaneScope scope) {
        return new ResultRecord(PlaneSet.requireImage(source), scope);
    }

    /**
     * {@code result} with the source's overlay, Info and properties, the Info ending with how it
     * was made, and the overlay flattened into the pixels when {@code flatten_overlay} is set.
     *
     * @param command the command's title (its menu entry without "..."), e.g. "Fast Style Transfer"
     * @param models the model files the run used (networks, VGG weights), for their sha256
     */
    public StyleResult finish(StyleResult result, String command, ParamValues values, List<Path> models) {
        ImagePlus image = result.image();
        Overlay copy = overlayFor(image);
        if (copy != null) image.setOverlay(copy);
        properties.forEach((k, v) -> image.setProp(String.valueOf(k), String.valueOf(v)));
        String made = provenance(command, values, models, result.provider());
        image.setProperty("Info", info == null || info.isBlank() ? made : info.stripTrailing() + "\n" + made);
        if (!AnnotationSpec.flattens(values)) return result;
        if (copy == null) {
            return result.with(image, "flatten_overlay: '" + title + "' has no overlay; nothing was flattened");
        }
        if (image.getStack().isVirtual()) {
            // Its planes are files in the output folder: flattening would have to rewrite them all.
            return result.with(image, "flatten_overlay: the result in the output folder keeps its overlay as an"
                + " overlay; flatten it with Image > Overlay > Flatten (or Flatten Stack) after opening it");
        }
        return result.with(flattened(image), "");
    }

    /** The lines of the Info that say how the result was made. */
    private String provenance(String command, ParamValues values, List<Path> models, String provider) {
        StringBuilder s = new StringBuilder(INFO_HEADER).append('\n');
        s.append("Made by: ").append(command).append(" from '").append(title).append("' on ")
            .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        s.append("Macro: run(\"").append(command).append("...\", \"")
            .append(values.toMacroOptions().replace("\\", "\\\\").replace("\"", "\\\"")).append("\");\n");
        for (Path m : models) s.append("Model: ").append(m).append(" sha256=").append(sha256(m)).append('\n');
        s.append("Provider: ").append(provider).append('\n');
        return s.toString();
    }

    /** The file's sha256, or why there is none. */
    private static String sha256(Path file) {
        try {
            String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file);
            return HASHES.computeIfAbsent(key, k -> {
                try {
                    return Checksums.sha256(file);
                } catch (IOException e) {
                    return "(unreadable: " + e.getMessage() + ")";
                }
            });
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The result with its overlay burned in: RGB, the same planes, title, calibration, Info and properties. */
    private static ImagePlus flattened(ImagePlus image) {
        if (image.getStackSize() > 1) {
            image.flattenStack();
            return image;
        }
        ImagePlus flat = image.flatten();
        flat.setTitle(image.getTitle());
        flat.setCalibration(image.getCalibration());
        flat.setProperty("Info", image.getInfoProperty());
        Properties p = image.getImageProperties();
        if (p != null) p.forEach((k, v) -> flat.setProp(String.valueOf(k), String.valueOf(v)));
        return flat;
    }

    /**
     * A copy of the source's overlay for {@code result}: each shape on the result's planes made
     * from the planes it was on, none when those are not in the result (a run stopped early);
     * null when the source had none.
     */
    private Overlay overlayFor(ImagePlus result) {
        if (overlay == null) return null;
        Overlay copy = overlay.duplicate();
        int[] dims = {result.getNChannels(), result.getNSlices(), result.getNFrames()};
        for (Roi roi : copy.toArray()) {
            int[] at = placeOf(roi, dims);
            if (at == null) {
                copy.remove(roi);
            } else {
                setPosition(roi, at, dims, result.isHyperStack());
            }
        }
        return copy;
    }

    /**
     * Where on the result ({@code dims} C, Z, T) a shape of the source goes, as C, Z, T with 0 for
     * every position of that dimension; null when it is on no plane of the result.
     */
    private int[] placeOf(Roi roi, int[] dims) {
        int[] at = sourcePosition(roi);
        if (scope == PlaneScope.CURRENT) {
            // One plane (or results of it, such as an evolution): shapes shown on it go on every plane.
            for (int d = 0; d < 3; d++) if (at[d] != 0 && at[d] != position[d]) return null;
            return new int[3];
        }
        // Merged channels: a shape of any channel shows on the merged plane.
        if (scope == PlaneScope.AS_DISPLAYED) at[0] = 0;
        for (int d = 0; d < 3; d++) if (at[d] > dims[d]) return null;
        return at;
    }

    /** The shape's C, Z, T on the source, 0 for all; a stack position is turned into C, Z, T. */
    private int[] sourcePosition(Roi roi) {
        if (roi.hasHyperStackPosition()) return new int[] {roi.getCPosition(), roi.getZPosition(), roi.getTPosition()};
        int index = roi.getPosition();
        if (index <= 0) return new int[3];
        int i = index - 1;
        int c = dimensions[0];
        int z = dimensions[1];
        return new int[] {c > 1 ? i % c + 1 : 0, z > 1 ? i / c % z + 1 : 0, dimensions[2] > 1 ? i / (c * z) + 1 : 0};
    }

    /**
     * Sets the shape's position on the result: a hyperstack keeps C, Z, T; a plain stack takes its
     * stack position when the shape is on one plane, 0 (every plane) otherwise.
     */
    private static void setPosition(Roi roi, int[] at, int[] dims, boolean hyperStack) {
        if (hyperStack) {
            roi.setPosition(at[0], at[1], at[2]);
            return;
        }
        int index = 1;
        int stride = 1;
        for (int d = 0; d < 3; d++) {
            if (dims[d] > 1) {
                if (at[d] == 0) {
                    roi.setPosition(0);
                    return;
                }
                index += (at[d] - 1) * stride;
            }
            stride *= dims[d];
        }
        roi.setPosition(dims[0] * dims[1] * dims[2] > 1 ? index : 0);
    }
}
