package org.styletransfer.ij;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleGallery;
import org.styletransfer.command.StyleGallerySpec;
import org.styletransfer.engine.Progress;
import org.styletransfer.models.ModelCatalog;

import javax.imageio.ImageIO;
import java.awt.Checkbox;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ItemEvent;
import java.awt.event.TextEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Fast Style Transfer's Preview and the Style Gallery in a real ImageJ (see {@link PreviewGalleryIT}):
 * ticks Preview and waits for the stylised plane over the image, changes an option and waits for a
 * new one, cancels and checks that the image looks and is as before (also when cancelled while a
 * preview runs); then makes the gallery. Screenshots go to the folder given; findings are printed
 * as {@code KEY value} lines.
 *
 * <p>Arguments: image, screenshot folder.</p>
 */
public final class PreviewTour {
    private static final long TIMEOUT_MS = 60_000;

    private PreviewTour() {
    }

    public static void main(String[] args) {
        try {
            tour(Paths.get(args[0]), Paths.get(args[1]));
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void tour(Path image, Path shots) throws Exception {
        Files.createDirectories(shots);
        new ImageJ();
        ImagePlus source = IJ.openImage(image.toString());
        source.show();
        waitFor(() -> source.getWindow() != null && source.getWindow().isShowing());
        int[] pixels = ((int[]) source.getProcessor().getPixels()).clone();

        Open open = open(source);
        tickPreview(open.dialog);
        ImageRoi first = waitFor(() -> preview(source));
        Thread.sleep(500);
        shoot(source.getWindow(), shots.resolve("fast-style-preview.png"));
        shoot(open.dialog, shots.resolve("fast-style-preview-dialog.png"));
        changeStrength(open.dialog, "0.3");
        ImageRoi second = waitFor(() -> {
            ImageRoi now = preview(source);
            return now != null && now != first ? now : null;
        });
        System.out.println("PREVIEW_REGION " + second.getBounds().width + " " + second.getBounds().height);
        cancel(open);
        report("RESTORED", source, pixels);

        Open again = open(source);
        tickPreview(again.dialog);
        cancel(again); // while the preview runs
        Thread.sleep(3000); // longer than a preview of this image takes
        report("MIDRUN_RESTORED", source, pixels);

        gallery(source, shots);
        largeImage();
    }

    /** A plane larger than a preview: only a region of it (what the window shows, cut to size) is previewed. */
    private static void largeImage() throws Exception {
        ImagePlus large = IJ.createImage("large", "RGB ramp", 1600, 1200, 1);
        large.show();
        waitFor(() -> large.getWindow() != null && large.getWindow().isShowing());
        Open open = open(large);
        tickPreview(open.dialog);
        ImageRoi region = waitFor(() -> preview(large));
        System.out.println("LARGE_REGION " + region.getBounds().width + " " + region.getBounds().height);
        cancel(open);
        System.out.println("LARGE_RESTORED " + (large.getOverlay() == null));
    }

    private static void report(String key, ImagePlus source, int[] pixels) {
        System.out.println(key + " " + (source.getOverlay() == null));
        System.out.println(key + "_PIXELS " + Arrays.equals(pixels, (int[]) source.getProcessor().getPixels()));
    }

    private static void gallery(ImagePlus source, Path shots) throws Exception {
        ImagePlus montage = StyleGallery.make(source, ModelCatalog.get().installedFastIds(), StyleGallerySpec.EDGE,
            Progress.NONE);
        montage.show();
        waitFor(() -> montage.getWindow() != null && montage.getWindow().isShowing());
        Thread.sleep(800);
        shoot(montage.getWindow(), shots.resolve("style-gallery.png"));
        System.out.println("GALLERY " + montage.getWidth() + " " + montage.getHeight() + " "
            + (ModelCatalog.get().installedFastIds().size() + 1));
    }

    private record Open(GenericDialog dialog, AtomicReference<Optional<ParamValues>> values) {
    }

    /** The dialog as the menu command shows it, on its own thread. */
    private static Open open(ImagePlus source) throws Exception {
        AtomicReference<Optional<ParamValues>> values = new AtomicReference<>();
        new Thread(() -> values.set(LivePreview.show(new SpecDialog(FastStyleSpec.spec()), source,
            FastStyleCommand::run)), "Run$_preview").start();
        GenericDialog gd = waitFor(PreviewTour::dialog);
        // Beside the image, as a user would drag it, so that the screenshot shows the preview.
        Window image = source.getWindow();
        EventQueue.invokeAndWait(() -> gd.setLocation(image.getX() + image.getWidth() + 8, image.getY()));
        Thread.sleep(500);
        return new Open(gd, values);
    }

    private static GenericDialog dialog() {
        for (Window w : Window.getWindows()) {
            if (w instanceof GenericDialog gd && gd.isShowing() && FastStyleSpec.spec().title().equals(gd.getTitle())) {
                return gd;
            }
        }
        return null;
    }

    private static ImageRoi preview(ImagePlus source) {
        Overlay overlay = source.getOverlay();
        if (overlay == null) return null;
        for (Roi roi : overlay.toArray()) if (roi instanceof ImageRoi image && LivePreview.LABEL.equals(roi.getName())) return image;
        return null;
    }

    private static void tickPreview(GenericDialog gd) throws Exception {
        Checkbox box = find(gd, Checkbox.class, LivePreview.LABEL);
        EventQueue.invokeAndWait(() -> {
            box.setState(true);
            box.dispatchEvent(new ItemEvent(box, ItemEvent.ITEM_STATE_CHANGED, box, ItemEvent.SELECTED));
        });
    }

    @SuppressWarnings("unchecked")
    private static void changeStrength(GenericDialog gd, String value) throws Exception {
        TextField strength = (TextField) gd.getNumericFields().get(0);
        EventQueue.invokeAndWait(() -> {
            strength.setText(value);
            strength.dispatchEvent(new TextEvent(strength, TextEvent.TEXT_VALUE_CHANGED));
        });
    }

    private static void cancel(Open open) throws Exception {
        for (java.awt.Button b : open.dialog.getButtons()) {
            if (b != null && "Cancel".equals(b.getLabel().trim())) {
                EventQueue.invokeAndWait(() -> b.dispatchEvent(new java.awt.event.ActionEvent(b,
                    java.awt.event.ActionEvent.ACTION_PERFORMED, "Cancel")));
            }
        }
        waitFor(() -> open.values.get() != null);
    }

    private static <T extends Component> T find(Container c, Class<T> type, String label) {
        for (Component child : c.getComponents()) {
            if (type.isInstance(child) && child instanceof Checkbox b && label.equals(b.getLabel())) return type.cast(child);
            if (child instanceof Container inner) {
                T t = find(inner, type, label);
                if (t != null) return t;
            }
        }
        return null;
    }

    private static void shoot(Window w, Path file) throws Exception {
        ImageIO.write(new Robot().createScreenCapture(w.getBounds()), "png", file.toFile());
    }

    private static <T> T waitFor(Supplier<T> probe) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) return value;
            Thread.sleep(50);
        }
        throw new IllegalStateException("timed out");
    }
}
