package org.styletransfer.universal;

import org.styletransfer.engine.Provider;
import org.styletransfer.image.ColorImage;
import org.styletransfer.vgg.VggWeights;

import java.util.List;
import java.util.function.Consumer;

/**
 * The start image of Neural Style's {@code init=universal}: the universal result for the run's
 * styles, with the detail the decoders lose put back.
 *
 * <pre>start = content + U(content) - U0(content)</pre>
 *
 * where U is universal style transfer and U0 the same transfer at strength 0, which only encodes
 * and decodes. The decoders blur fine detail, and a start without it costs the optimisation more
 * than the style saves: with the universal result itself, Starry Night at 256x256 needs 350
 * evaluations to the benchmark's target against 284 from the content; with the detail put back, 309
 * (docs/universal.md, "Where the evaluations go").
 */
public final class UniversalStart {
    private final UniversalStylizer styled;
    private final UniversalStylizer decoded;

    /**
     * @param decoders one per level to run, deepest first, as for {@link UniversalStylizer}
     * @param styles   the pictures of the blend, at the size whose statistics are wanted
     * @param threads  ONNX Runtime threads per run; 0 for the engine's default
     */
    public UniversalStart(VggWeights weights, List<Decoder> decoders, List<StylePicture> styles, Provider provider,
                          int threads) {
        this.styled = new UniversalStylizer(weights, decoders, styles, UniversalSettings.defaults(), provider, threads);
        this.decoded = styled.withStrength(0);
    }

    /** Shows every note of both transfers (retries with smaller tiles, a move to the CPU) to {@code listener}. */
    public UniversalStart onNote(Consumer<String> listener) {
        styled.onNote(listener);
        decoded.onNote(listener);
        return this;
    }

    /**
     * The start for {@code content} (not modified), clamped to 0..255; {@code tick} runs before
     * every tile of both transfers and may throw to cancel.
     */
    public ColorImage apply(ColorImage content, Runnable tick) {
        return styled.apply(content, tick).plusDetail(content, decoded.apply(content, tick));
    }
}
