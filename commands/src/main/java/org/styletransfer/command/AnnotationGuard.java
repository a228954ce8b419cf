package org.styletransfer.command;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.styletransfer.command.AnnotationSpec.Source;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.AnnotationMask;
import org.styletransfer.image.ColorImage;
import org.styletransfer.planes.PlaneSet;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code protect_annotations}: where a source plane's annotations are, so that {@link PlaneSet}
 * puts them back from the source into its result through a soft mask. They are found in each plane
 * ({@link AnnotationMask}), or given once by the image's selection or overlay, read when the run
 * starts (a selection moved meanwhile changes nothing).
 *
 * <p>A command that stylises the planes of a {@link PlaneSet} protects them with one line,
 * {@code AnnotationGuard guard = AnnotationGuard.protect(source, values, planes);}, after making
 * the set. An optimisation also leaves them out of its statistics: the content it works on is
 * {@link #withoutAnnotations} of each plane, and its style mask {@link #styleMask}.</p>
 */
public final class AnnotationGuard implements PlaneSet.Protection {
    /** A given mask covering more than this share of the image leaves nothing worth stylising. */
    static final double WHOLE = 0.98;

    /** A plane found to be more than this share annotations is mostly kept: worth a note. */
    static final double MOSTLY = 0.5;

    /** The soft mask given by the selection or overlay, or null to find the annotations in each plane. */
    private final float[] given;
    private final AtomicBoolean anyFound = new AtomicBoolean();
    /** The largest share of a plane found to be annotations, in thousandths. */
    private final AtomicInteger mostCovered = new AtomicInteger();

    private AnnotationGuard(float[] given) {
        this.given = given;
        anyFound.set(given != null);
    }

    /**
     * The protection {@code values} ask for on {@code source}, set on {@code planes}; null (and
     * nothing set) when protect_annotations is off.
     *
     * @throws StyleTransferException when the given selection or overlay marks no pixel of the
     *                                image, or all of it
     */
    public static AnnotationGuard protect(ImagePlus source, ParamValues values, PlaneSet planes) {
        AnnotationGuard guard = of(source, values);
        if (guard != null) planes.protect(guard);
        return guard;
    }

    /** As {@link #protect}, without setting it on a plane set. */
    public static AnnotationGuard of(ImagePlus source, ParamValues values) {
        if (!AnnotationSpec.protects(values)) return null;
        return switch (values.choice(AnnotationSpec.ANNOTATIONS_FROM, Source.class)) {
            case AUTOMATIC -> new AnnotationGuard(null);
            case SELECTION -> new AnnotationGuard(checked(source, selectionMask(source), "selection"));
            case OVERLAY -> new AnnotationGuard(checked(source, overlayMask(source), "overlay"));
        };
    }

    @Override
    public float[] mask(int stackIndex, ColorImage plane) {
        if (given != null) return given;
        boolean[] hard = AnnotationMask.detect(plane);
        boolean any = false;
        for (boolean b : hard) any |= b;
        if (!any) return null;
        anyFound.set(true);
        float[] soft = AnnotationMask.soften(hard, plane.width(), plane.height());
        mostCovered.accumulateAndGet((int) Math.round(1000 * AnnotationMask.coverage(soft)), Math::max);
        return soft;
    }

    /**
     * {@code plane} without its annotations, filled in from around them
     * ({@link AnnotationMask#fillIn}): what an optimisation's content and style statistics see, so
     * that the style neither copies the labels nor bleeds into them. {@code plane} itself when it
     * has none.
     */
    public ColorImage withoutAnnotations(ColorImage plane) {
        float[] m = mask(0, plane);
        return m == null ? plane : AnnotationMask.fillIn(plane, m);
    }

    /**
     * What the user should know after the run, or "": that no annotation was found, so the option
     * changed nothing, or that most of a plane was taken for annotations, so little was stylised.
     */
    public String note() {
        if (!anyFound.get()) {
            return "protect_annotations found no annotations (pure white, black or saturated thin lines and text):"
                + " the result is stylised everywhere";
        }
        int covered = mostCovered.get();
        if (covered < MOSTLY * 1000) return "";
        return "protect_annotations took " + Math.round(covered / 10.0) + "% of a plane for annotations and kept it as"
            + " it was: mark the annotations with a selection or the overlay (annotations_from) to stylise the rest";
    }

    /**
     * The style mask of Neural Style at the work size {@code w x h}: 0 on the annotations of any
     * plane of {@code planes} (so the style statistics leave them out), 1 elsewhere, multiplied by
     * {@code other} (the selection's mask, or null).
     */
    public float[] styleMask(PlaneSet planes, int w, int h, float[] other) {
        float[] union = new float[planes.width() * planes.height()];
        for (int k = 0; k < planes.size(); k++) {
            PlaneSet.Frame frame = planes.readFrame(k);
            float[] m = frame.readable() ? mask(k + 1, frame.image()) : null;
            if (m == null) continue;
            for (int i = 0; i < union.length; i++) union[i] = Math.max(union[i], m[i]);
        }
        FloatProcessor keep = new FloatProcessor(planes.width(), planes.height(), union);
        keep.invert();
        float[] out = (float[]) resize(keep, planes.width(), planes.height(), w, h).getPixels();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, Math.min(1f, out[i])) * (other == null ? 1f : other[i]);
        }
        return out;
    }

    private static FloatProcessor resize(FloatProcessor fp, int w, int h, int nw, int nh) {
        if (w == nw && h == nh) return fp;
        fp.setInterpolationMethod(ImageProcessor.BILINEAR);
        return (FloatProcessor) fp.resize(nw, nh, true);
    }

    /** The area selection of {@code imp} as a hard mask. */
    private static ByteProcessor selectionMask(ImagePlus imp) {
        Roi roi = imp.getRoi();
        if (roi == null || !roi.isArea()) {
            throw new StyleTransferException("annotations_from=Selection, but '" + imp.getTitle() + "' has no area"
                + " selection: draw one around the annotations, or choose annotations_from=Automatic.");
        }
        ByteProcessor mask = new ByteProcessor(imp.getWidth(), imp.getHeight());
        mask.setColor(255);
        mask.fill(roi);
        return mask;
    }

    /** The shapes of the overlay of {@code imp} as a hard mask: areas filled, lines and arrows drawn. */
    private static ByteProcessor overlayMask(ImagePlus imp) {
        Overlay overlay = imp.getOverlay();
        if (overlay == null || overlay.size() == 0) {
            throw new StyleTransferException("annotations_from=Overlay, but '" + imp.getTitle() + "' has no overlay:"
                + " add the annotations' shapes to it (Image > Overlay > Add Selection), or choose"
                + " annotations_from=Automatic.");
        }
        ByteProcessor mask = new ByteProcessor(imp.getWidth(), imp.getHeight());
        mask.setColor(255);
        for (Roi roi : overlay.toArray()) {
            if (roi.isArea()) {
                mask.fill(roi);
            } else {
                mask.setLineWidth(Math.max(1, (int) Math.ceil(roi.getStrokeWidth())));
                roi.drawPixels(mask);
            }
        }
        return mask;
    }

    /**
     * The soft mask of {@code hard}, refused when it marks no pixel of the image (a shape outside
     * it) or all of it (nothing would be stylised).
     */
    private static float[] checked(ImagePlus imp, ByteProcessor hard, String what) {
        int w = imp.getWidth();
        int h = imp.getHeight();
        boolean[] marked = new boolean[w * h];
        int count = 0;
        for (int i = 0; i < marked.length; i++) {
            marked[i] = hard.get(i) != 0;
            if (marked[i]) count++;
        }
        String option = "annotations_from=" + (what.equals("selection") ? Source.SELECTION : Source.OVERLAY).label();
        if (count == 0) {
            throw new StyleTransferException(option + ": the " + what + " of '" + imp.getTitle() + "' holds no pixel"
                + " of the image: draw it over the annotations, or choose annotations_from=Automatic.");
        }
        float[] soft = AnnotationMask.soften(marked, w, h);
        if (count >= WHOLE * marked.length) {
            throw new StyleTransferException(option + ": the " + what + " of '" + imp.getTitle() + "' covers the"
                + " whole image, so nothing would be stylised: mark only the annotations, or turn protect_annotations"
                + " off.");
        }
        return soft;
    }
}
