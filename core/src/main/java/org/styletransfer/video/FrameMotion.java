package org.styletransfer.video;

import org.styletransfer.image.ColorImage;

/**
 * The motion between two consecutive content frames: the flows both ways and the consistency of
 * the backward warp. Everything temporal (smoothing, the temporal loss, the flicker measure)
 * starts from this.
 *
 * @param backward    flow current to previous (on the current grid): what warps previous onto current
 * @param forward     flow previous to current (on the previous grid), for the consistency check
 * @param consistency per current pixel, trust in the warped previous frame, in [0, 1]
 */
public record FrameMotion(FlowField backward, FlowField forward, float[] consistency) {
    public FrameMotion {
        if (consistency.length != backward.width() * backward.height()) {
            throw new IllegalArgumentException("one consistency weight per pixel expected");
        }
    }

    /** Estimates the motion from {@code previous} to {@code current} (same size). */
    public static FrameMotion between(ColorImage previous, ColorImage current, OpticalFlow flow,
                                      Consistency.Options options) {
        return between(GreyImage.luminance(previous), GreyImage.luminance(current), flow, options);
    }

    /** Estimates the motion from {@code previous} to {@code current} (luminance planes of the same size). */
    public static FrameMotion between(GreyImage previous, GreyImage current, OpticalFlow flow,
                                      Consistency.Options options) {
        FlowField backward = flow.compute(current, previous);
        FlowField forward = flow.compute(previous, current);
        return new FrameMotion(backward, forward, Consistency.weights(backward, forward, current, previous, options));
    }

    /** Frame width. */
    public int width() {
        return backward.width();
    }

    /** Frame height. */
    public int height() {
        return backward.height();
    }

    /** An image of the previous frame (content or stylised) moved onto the current frame's grid. */
    public ColorImage warpPrevious(ColorImage previousImage) {
        return Warp.backward(previousImage, backward);
    }
}
