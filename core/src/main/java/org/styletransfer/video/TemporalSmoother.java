package org.styletransfer.video;


import org.styletransfer.image.ColorImage;

import java.util.HashMap;
import java.util.Map;

/**
 * Temporal coherence for feed-forward style networks, applied after the network: frame t's
 * stylised image is blended with the previous output warped along the motion of the content,
 * where the warp can be trusted:
 *
 * <pre>out_t = stylised_t + strength * c * (warp(out_{t-1}) - stylised_t)</pre>
 *
 * <p>Because the previous <em>output</em> is warped, the blend is a moving average along motion
 * trajectories: texture that the network re-invents differently every frame (the flicker) is
 * averaged away, while the consistency weight c lets new content (disocclusions, scene cuts,
 * fast changes) come straight from the network. Strength 0 passes frames through unchanged.
 *
 * <p>Feed frames in time order with {@link #next}; independent sequences interleaved in one stack
 * (channels, slices) are kept apart by a track number (see {@link TimeAxis}). Not thread-safe.
 */
public final class TemporalSmoother {
    private final double strength;
    private final OpticalFlow flow;
    private final Consistency.Options consistency;
    private final Map<Integer, State> tracks = new HashMap<>();

    /** What a track remembers of its previous frame. */
    private record State(GreyImage content, ColorImage output) {
    }

    /** With the default flow and consistency options. */
    public TemporalSmoother(double strength) {
        this(strength, new OpticalFlow(), Consistency.Options.defaults());
    }

    /**
     * @param strength    0 (off) .. 1 (keep the warped previous output wherever it is trusted)
     * @param flow        the optical flow between content frames
     * @param consistency thresholds of the trust mask
     */
    public TemporalSmoother(double strength, OpticalFlow flow, Consistency.Options consistency) {
        if (!(strength >= 0 && strength <= 1)) throw new IllegalArgumentException("strength must be in 0..1");
        this.strength = strength;
        this.flow = flow;
        this.consistency = consistency;
    }

    /** True when smoothing does nothing (strength 0): callers can skip the flow entirely. */
    public boolean isOff() {
        return strength == 0;
    }

    /** The next frame of the (single) sequence; see {@link #next(int, ColorImage, ColorImage)}. */
    public ColorImage next(ColorImage content, ColorImage stylised) {
        return next(0, content, stylised);
    }

    /**
     * The smoothed version of the next frame of sequence {@code track}.
     *
     * @param content  the content frame the network saw (0..255)
     * @param stylised the network's output for it (same size)
     * @return the frame to keep; the first frame of a track (or one of a new size) comes back as given
     */
    public ColorImage next(int track, ColorImage content, ColorImage stylised) {
        if (isOff()) return stylised;
        GreyImage grey = GreyImage.luminance(content);
        State prev = tracks.get(track);
        ColorImage out = stylised;
        if (prev != null && prev.content().width() == grey.width() && prev.content().height() == grey.height()) {
            FrameMotion motion = FrameMotion.between(prev.content(), grey, flow, consistency);
            out = stylised.towards(motion.warpPrevious(prev.output()), motion.consistency(), strength);
        }
        tracks.put(track, new State(grey, out));
        return out;
    }

    /** Forgets every track (e.g. at a scene cut or before another stack). */
    public void reset() {
        tracks.clear();
    }
}
