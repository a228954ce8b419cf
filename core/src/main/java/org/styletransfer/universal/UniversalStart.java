package org.styletransfer.universal;

import org.styletransfer.image.StyleImage;
import org.styletransfer.engine.Provider;
import org.styletransfer.image.ColorImage;
import org.styletransfer.vgg.VggWeights;

import java.util.List;
import java.util.function.Consumer;

/**
 * The start image of Neural Style's {@code init=universal}: the content in the styles' colours,
 * stylised lightly by the universal transfer ({@link #STRENGTH}), with the detail the decoders lose
 * put back.
 *
 * <pre>start = P + U(P) - U0(P),   P = the content in the styles' colours ({@link PixelWct})</pre>
 *
 * where U is universal style transfer at {@link #STRENGTH} and U0 the same transfer at strength 0,
 * which only encodes and decodes. The decoders blur fine detail, and a start without it costs the
 * optimisation more than the style saves. The colours are what L-BFGS moves most slowly, and the
 * full-strength transfer moves the content's structure away from where the optimisation settles:
 * evaluations to the time-to-quality benchmark's target (docs/universal.md, "A start for Neural
 * Style"), Starry Night and The Shipwreck at 256x256, 303 and 242 from content + U(content) -
 * U0(content) at strength 1, 256 and 205 from this start (272 and 202 at strength 0.5); 284 and 263
 * from the content.
 */
public final class UniversalStart {
    /**
     * The universal transfer's strength in the start: of 0.1, 0.2, 0.3 and 0.5, 0.2 took the fewest
     * evaluations to the benchmark's target for Starry Night at 256x256 and 512x512, and within 3
     * of the fewest for The Shipwreck (docs/universal.md, "A start for Neural Style").
     */
    public static final double STRENGTH = 0.2;

    private final List<ColorImage> pictures;
    private final double[] pictureWeights;
    private final UniversalStylizer styled;
    private final UniversalStylizer decoded;

    /**
     * @param decoders one per level to run, deepest first, as for {@link UniversalStylizer}
     * @param styles   the pictures of the blend, at the size whose statistics are wanted
     * @param threads  ONNX Runtime threads per run; 0 for the engine's default
     */
    public UniversalStart(VggWeights weights, List<Decoder> decoders, List<StyleImage> styles, Provider provider,
                          int threads) {
        this.pictures = styles.stream().map(StyleImage::image).toList();
        this.pictureWeights = styles.stream().mapToDouble(StyleImage::weight).toArray();
        this.styled = new UniversalStylizer(weights, decoders, styles, UniversalSettings.defaults().withStrength(STRENGTH),
            provider, threads);
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
        ColorImage coloured = PixelWct.apply(content, pictures, pictureWeights);
        return styled.apply(coloured, tick).plusDetail(coloured, decoded.apply(coloured, tick));
    }
}
