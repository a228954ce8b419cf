package org.styletransfer.spark;

import java.io.Serializable;

/**
 * One input of a job, as the driver found it.
 *
 * @param path    image, stack, video or image-sequence folder
 * @param planes  planes of the image (1 when the driver could not read it: its task then reports why)
 * @param axis    the axis along which it may be cut into chunks
 */
public record InputFile(String path, int planes, Axis axis) implements Serializable {
    /** How the planes of an input line up, which decides whether it can be cut into chunks. */
    public enum Axis {
        /** Planes are time points (T of a hyperstack, or a video): chunks keep the T layout. */
        TIME,
        /** Planes are slices of a plain stack (or a sequence folder): chunks keep the Z layout. */
        SLICES,
        /** One plane, several channels, or both Z and T: one task for the whole file. */
        WHOLE
    }

    /** The file or folder name, which the output keeps. */
    public String name() {
        return java.nio.file.Paths.get(path).getFileName().toString();
    }

    /** The same input as one task: the command then sees the whole file (e.g. to stylise its current plane only). */
    public InputFile whole() {
        return new InputFile(path, planes, Axis.WHOLE);
    }

    /** True when the input is cut into chunks of frames, each written as its own files. */
    public boolean chunked() {
        return axis != Axis.WHOLE;
    }
}
