package org.styletransfer.video;

/**
 * Which planes of an ImageJ stack follow each other in time. Time runs along the frames (T) of a
 * hyperstack when it has several; otherwise along the slices (Z), since a video opened as a plain
 * stack is a pile of slices. Planes that share channel (and, for frames, slice) form one
 * <em>track</em>: a sequence to keep coherent. Stack order visits each track's planes in time order.
 *
 * @param channels C of the image
 * @param slices   Z of the image
 * @param frames   T of the image
 */
public record TimeAxis(int channels, int slices, int frames) {
    public TimeAxis {
        if (channels < 1 || slices < 1 || frames < 1) throw new IllegalArgumentException("dimensions must be positive");
    }

    /** Number of time points: frames, or slices when there is only one frame. */
    public int length() {
        return frames > 1 ? frames : slices;
    }

    /** True when there is more than one time point, so temporal coherence has something to do. */
    public boolean isTemporal() {
        return length() > 1;
    }

    /**
     * The track of stack position {@code stackIndex} (1-based, as ImageJ counts): channel and,
     * when time runs along frames, slice.
     */
    public int track(int stackIndex) {
        int i = stackIndex - 1;
        int c = i % channels;
        int z = (i / channels) % slices;
        return frames > 1 ? c + channels * z : c;
    }
}
