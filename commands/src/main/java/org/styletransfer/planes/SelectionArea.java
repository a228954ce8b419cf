package org.styletransfer.planes;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.filter.EDM;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelSource;
import org.styletransfer.image.PixelTarget;
import org.styletransfer.image.Region;

import java.awt.Rectangle;
import java.util.Optional;

/**
 * The area selection of an image, as ImageJ's filters use it: the work is limited to the
 * selection's bounding box ({@link #bounds()}), and the result to the selection itself: pixels
 * outside it keep the source's values exactly, pixels inside get the result's. Non-rectangular
 * selections go by their mask. With a soft edge of N pixels, the N pixels just inside the
 * selection's border fade from the source to the result ({@code distance / (N + 1)}, by the
 * Euclidean distance to the nearest pixel outside), so nothing outside the selection ever changes.
 * Where the selection reaches the image's border there is nothing to fade to, so no fading.
 *
 * <p>The selection is copied when this is made: moving or removing it during a run changes nothing.</p>
 */
public final class SelectionArea {
    private final Region bounds;
    /** Per pixel of {@link #bounds}, row by row: 0 = the source's value, 1 = the result's. */
    private final float[] weights;

    private SelectionArea(Region bounds, float[] weights) {
        this.bounds = bounds;
        this.weights = weights;
    }

    /**
     * The area selection of {@code imp} with a soft edge of {@code edge} pixels, or empty when it
     * has none (line and point selections are no area, and are ignored as ImageJ's filters do).
     *
     * @throws StyleTransferException when the selection holds no pixel of the image
     */
    public static Optional<SelectionArea> of(ImagePlus imp, int edge) {
        if (!present(imp)) return Optional.empty();
        Roi roi = imp.getRoi();
        Rectangle r = roi.getBounds();
        Rectangle clip = r.intersection(new Rectangle(imp.getWidth(), imp.getHeight()));
        if (clip.isEmpty()) throw outside(imp);
        ByteProcessor mask = mask(roi, r, clip, imp.getWidth(), imp.getHeight());
        if (mask.getStatistics().max == 0) throw outside(imp);
        Region bounds = new Region(clip.x, clip.y, clip.width, clip.height);
        return Optional.of(new SelectionArea(bounds, weights(mask, bounds, edge)));
    }

    /**
     * A blend over the whole {@code width x height} plane with the given weights per pixel, row by
     * row (0 = the source's value, 1 = the result's): for masks that are not a selection, such as
     * annotations put back from the source.
     */
    public static SelectionArea ofWeights(int width, int height, float[] weights) {
        if (weights.length != width * height) {
            throw new IllegalArgumentException(weights.length + " weights for a " + width + "x" + height + " plane");
        }
        return new SelectionArea(new Region(0, 0, width, height), weights);
    }

    /** True when {@code imp} has an area selection, the one {@link #of} uses (lines and points are none). */
    public static boolean present(ImagePlus imp) {
        Roi roi = imp.getRoi();
        return roi != null && roi.isArea();
    }

    private static StyleTransferException outside(ImagePlus imp) {
        return new StyleTransferException("The selection of '" + imp.getTitle() + "' holds no pixel of the image:"
            + " draw it on the image, remove it (Edit > Selection > Select None), or check ignore_selection.");
    }

    /**
     * The selection's pixels inside {@code clip} (255 = inside), with a ring of one outside pixel
     * on each side where the image goes on, so that the distance map sees the border there.
     */
    private static ByteProcessor mask(Roi roi, Rectangle r, Rectangle clip, int width, int height) {
        int left = clip.x > 0 ? 1 : 0;
        int top = clip.y > 0 ? 1 : 0;
        int right = clip.x + clip.width < width ? 1 : 0;
        int bottom = clip.y + clip.height < height ? 1 : 0;
        ByteProcessor mask = new ByteProcessor(clip.width + left + right, clip.height + top + bottom);
        ImageProcessor roiMask = roi.getMask(); // null for rectangles: all of the bounds
        for (int y = clip.y; y < clip.y + clip.height; y++) {
            for (int x = clip.x; x < clip.x + clip.width; x++) {
                boolean in = roiMask == null || roiMask.get(x - r.x, y - r.y) != 0;
                if (in) mask.set(x - clip.x + left, y - clip.y + top, 255);
            }
        }
        return mask;
    }

    /** The blend weights of the pixels of {@code bounds}, from {@code mask} (see {@link #mask}). */
    private static float[] weights(ByteProcessor mask, Region bounds, int edge) {
        // Where the mask has its ring of outside pixels (see mask).
        int left = bounds.x() > 0 ? 1 : 0;
        int top = bounds.y() > 0 ? 1 : 0;
        // Out-of-image pixels count as inside: the image's own border is no selection border.
        FloatProcessor distance = new EDM().makeFloatEDM(mask, 0, false);
        float[] w = new float[bounds.width() * bounds.height()];
        for (int y = 0; y < bounds.height(); y++) {
            for (int x = 0; x < bounds.width(); x++) {
                float d = distance.getf(x + left, y + top);
                w[y * bounds.width() + x] = d <= 0 ? 0f : Math.min(1f, d / (edge + 1f));
            }
        }
        return w;
    }

    /** The selection's bounding box inside the image: the part to stylise. */
    public Region bounds() {
        return bounds;
    }

    /**
     * How much of the result pixel (x, y) of the image takes: 0 outside the selection, 1 inside
     * it away from a soft edge.
     */
    public float weight(int x, int y) {
        int bx = x - bounds.x();
        int by = y - bounds.y();
        if (bx < 0 || by < 0 || bx >= bounds.width() || by >= bounds.height()) return 0f;
        return weights[by * bounds.width() + bx];
    }

    /**
     * The plane to store: a copy of {@code source} with the pixels of {@code styled} (of the same
     * size and type) blended in by their weights. Pixels of weight 0 are the source's, bit for bit,
     * and so are non-finite 32-bit source pixels.
     */
    public ImageProcessor blend(ImageProcessor source, ImageProcessor styled) {
        ImageProcessor out = source.duplicate();
        blendInto(source, styled, out);
        return out;
    }

    /**
     * As {@link #blend(ImageProcessor, ImageProcessor)}, into {@code out}, which may be
     * {@code styled} itself: the pixels of the bounding box become {@link #blend}'s; the rest of
     * {@code out} is left as it is (the source's, for a plane made from a copy of it).
     */
    public void blendInto(ImageProcessor source, ImageProcessor styled, ImageProcessor out) {
        PixelBlend pixel = pixelBlend(source, styled, out);
        int width = source.getWidth();
        for (int y = 0; y < bounds.height(); y++) {
            for (int x = 0; x < bounds.width(); x++) {
                pixel.blend((bounds.y() + y) * width + bounds.x() + x, weights[y * bounds.width() + x]);
            }
        }
    }

    /** Sets pixel {@code i} of a plane to the blend of weight {@code w} (0 = the source's, 1 = the result's). */
    @FunctionalInterface
    private interface PixelBlend {
        void blend(int i, float w);
    }

    /**
     * How {@link #blendInto(ImageProcessor, ImageProcessor, ImageProcessor)} sets a pixel of
     * {@code out}, chosen once for its type: a non-finite 32-bit source pixel is left as it is.
     */
    private static PixelBlend pixelBlend(ImageProcessor source, ImageProcessor styled, ImageProcessor out) {
        boolean inPlace = styled == out;
        if (out instanceof FloatProcessor) {
            return (i, w) -> {
                if (w >= 1) {
                    if (!inPlace) out.setf(i, styled.getf(i));
                } else if (w > 0) {
                    float s = source.getf(i);
                    if (Float.isFinite(s)) out.setf(i, s + w * (styled.getf(i) - s));
                } else {
                    out.setf(i, source.getf(i));
                }
            };
        }
        if (out instanceof ColorProcessor) {
            return (i, w) -> {
                if (w >= 1) {
                    if (!inPlace) out.set(i, styled.get(i));
                } else if (w > 0) {
                    out.set(i, mixRgb(source.get(i), styled.get(i), w));
                } else {
                    out.set(i, source.get(i));
                }
            };
        }
        return (i, w) -> {
            if (w >= 1) {
                if (!inPlace) out.set(i, styled.get(i));
            } else if (w > 0) {
                out.set(i, mix(source.get(i), styled.get(i), w));
            } else {
                out.set(i, source.get(i));
            }
        };
    }

    /**
     * As {@link #blendInto} for an RGB plane held as a {@link PixelTarget} (values whole numbers
     * 0..255, e.g. a TIFF written row by row): the bounding box of {@code styled} is blended with
     * {@code source} in place, band by band, with the same rounding.
     */
    public void blendInto(PixelSource source, PixelTarget styled) {
        PixelSource from = source.part(bounds);
        PixelTarget to = styled.part(bounds);
        int bw = bounds.width();
        for (int y0 = 0; y0 < bounds.height(); y0 += BAND) {
            int h = Math.min(BAND, bounds.height() - y0);
            ColorImage s = new ColorImage(bw, h);
            ColorImage t = new ColorImage(bw, h);
            from.read(0, y0, s);
            to.read(0, y0, t);
            float[] sd = s.data();
            float[] td = t.data();
            int n = bw * h;
            for (int p = 0; p < n; p++) {
                float w = weights[y0 * bw + p];
                for (int c = 0; c < 3; c++) {
                    int k = c * n + p;
                    td[k] = w >= 1 ? td[k] : w > 0 ? mix(Math.round(sd[k]), Math.round(td[k]), w) : sd[k];
                }
            }
            to.write(0, y0, t);
        }
    }

    /**
     * Rows handled at a time when a plane is worked on as a {@link PixelSource} or
     * {@link PixelTarget} ({@link #blendInto(PixelSource, PixelTarget)}, a plane written to a file).
     */
    static final int BAND = 64;

    /** The blend of weight {@code w} of two ARGB colours, channel by channel; opaque. */
    private static int mixRgb(int s, int t, float w) {
        int rgb = 0xff000000;
        for (int shift = 16; shift >= 0; shift -= 8) {
            rgb |= mix((s >> shift) & 0xff, (t >> shift) & 0xff, w) << shift;
        }
        return rgb;
    }

    private static int mix(int s, int t, float w) {
        return Math.round(s + w * (t - s));
    }
}
