package org.styletransfer.video;

import org.styletransfer.engine.Progress;
import org.styletransfer.gatys.NeuralStyleListener;
import org.styletransfer.gatys.NeuralStyleResult;
import org.styletransfer.gatys.NeuralStyleSettings;
import org.styletransfer.gatys.NeuralStylizer;
import org.styletransfer.image.StyleImage;
import org.styletransfer.image.ColorImage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimisation-based style transfer of a frame sequence with temporal coherence (after Ruder,
 * Dosovitskiy and Brox 2016). The first frame of a sequence is stylised as a still image. Every
 * later frame
 * <ul>
 *   <li>starts from the previous result warped along the content's motion, with the content frame
 *       filling in where the warp is not trusted (disocclusions), so that the optimiser begins next
 *       to a coherent answer and needs fewer iterations;</li>
 *   <li>adds the {@link TemporalLoss} to the network's loss, which pulls trusted pixels towards the
 *       warped previous result, so that the optimiser does not wander off to a different but
 *       equally good texture;</li>
 *   <li>runs at full resolution only: the warped start already has the coarse structure that the
 *       coarse levels would build, and re-running them would repaint it.</li>
 * </ul>
 * Feed frames in time order with {@link #next}; interleaved sequences are kept apart by track.
 * Not thread-safe.
 */
public final class TemporalNeuralStyle {

    /**
     * The temporal options.
     *
     * @param temporalWeight  weight of the temporal loss (0: none)
     * @param warmStart       start later frames from the warped previous result (else as the settings say)
     * @param laterIterations iterations for frames after the first; 0 keeps the settings' count
     * @param flow            optical flow between content frames
     * @param consistency     thresholds of the trust mask
     */
    public record Options(double temporalWeight, boolean warmStart, int laterIterations, OpticalFlow flow,
                          Consistency.Options consistency) {
        public Options {
            if (temporalWeight < 0) throw new IllegalArgumentException("temporal weight must not be negative");
            if (laterIterations < 0) throw new IllegalArgumentException("later iterations must not be negative");
            if (flow == null || consistency == null) throw new IllegalArgumentException("flow and consistency must be set");
        }

        /**
         * Temporal weight {@value #DEFAULT_WEIGHT}, warm start, later frames with the settings'
         * iterations, default flow and consistency.
         */
        public static Options defaults() {
            return new Options(DEFAULT_WEIGHT, true, 0, new OpticalFlow(), Consistency.Options.defaults());
        }

        /** No coherence at all: every frame stylised independently, exactly as a still image. */
        public static Options off() {
            return new Options(0, false, 0, new OpticalFlow(), Consistency.Options.defaults());
        }

        /** True when frames are linked in any way. */
        public boolean isOn() {
            return temporalWeight > 0 || warmStart;
        }

        public Options withTemporalWeight(double v) {
            return new Options(v, warmStart, laterIterations, flow, consistency);
        }

        public Options withWarmStart(boolean v) {
            return new Options(temporalWeight, v, laterIterations, flow, consistency);
        }

        public Options withLaterIterations(int v) {
            return new Options(temporalWeight, warmStart, v, flow, consistency);
        }
    }

    /**
     * Default temporal weight, for the default loss weights (content 1, style 1e4). The temporal
     * term is a mean squared difference in grey levels (a trusted pixel 10 levels off costs
     * 100 * weight), while the network's terms are relative errors, so the right weight depends on
     * the other weights: it should make the temporal term comparable to the network loss at the
     * end of the first frame, not dominate it (a dominating term freezes the optimiser at its
     * warm start, and disoccluded areas then stay unstylised). Calibration: with the tiny test
     * net, whose loss ends near 0.35, weight 0.01 cut the flicker to a quarter and kept the style;
     * with the real VGG-19 at the default weights the loss ends near 30 (160x120, 15 iterations),
     * about 90 times more, hence 1.
     */
    public static final double DEFAULT_WEIGHT = 1;

    private final NeuralStylizer stylizer;
    private final List<StyleImage> styles;
    private final NeuralStyleSettings settings;
    private final Options options;
    private final Map<Integer, State> tracks = new HashMap<>();

    /** What a track remembers of its previous frame. */
    private record State(ColorImage content, ColorImage result) {
    }

    /**
     * @param settings the settings of every frame (the first frame uses them as they are)
     */
    public TemporalNeuralStyle(NeuralStylizer stylizer, List<StyleImage> styles, NeuralStyleSettings settings,
                               Options options) {
        this.stylizer = stylizer;
        this.styles = List.copyOf(styles);
        this.settings = settings;
        this.options = options;
    }

    /** The next frame of the (single) sequence. */
    public NeuralStyleResult next(ColorImage content, Progress progress, NeuralStyleListener listener) {
        return next(0, content, progress, listener);
    }

    /**
     * Stylises the next frame of sequence {@code track}.
     *
     * @return the stylizer's result; a cancelled result is not remembered as the previous frame
     */
    public NeuralStyleResult next(int track, ColorImage content, Progress progress, NeuralStyleListener listener) {
        State prev = options.isOn() ? tracks.get(track) : null;
        NeuralStyleResult r;
        if (prev == null || prev.content().width() != content.width() || prev.content().height() != content.height()) {
            r = stylizer.stylize(content, styles, settings, progress, listener);
        } else {
            r = later(prev, content, progress, listener);
        }
        if (!r.cancelled() && options.isOn()) tracks.put(track, new State(content, r.image()));
        return r;
    }

    private NeuralStyleResult later(State prev, ColorImage content, Progress progress, NeuralStyleListener listener) {
        FrameMotion motion = FrameMotion.between(prev.content(), content, options.flow(), options.consistency());
        ColorImage warped = motion.warpPrevious(prev.result());
        NeuralStyleSettings.Builder b = settings.toBuilder().levels(1);
        if (options.laterIterations() > 0) b.iterations(options.laterIterations());
        if (options.warmStart()) b.initImage(content.towards(warped, motion.consistency(), 1));
        NeuralStylizer.PixelLoss term = options.temporalWeight() > 0
            ? new TemporalLoss(warped, motion.consistency(), options.temporalWeight()) : null;
        return stylizer.stylize(content, styles, b.build(), progress, listener, term);
    }

    /** Forgets every track (e.g. at a scene cut). */
    public void reset() {
        tracks.clear();
    }
}
