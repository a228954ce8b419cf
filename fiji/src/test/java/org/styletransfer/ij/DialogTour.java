package org.styletransfer.ij;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.InterpolationSpec;
import org.styletransfer.command.ModelsSpec;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.Param;
import org.styletransfer.command.ParamValues;

import javax.imageio.ImageIO;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Label;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Opens every command's dialog in a real ImageJ (see {@link DialogLayoutIT}) as a user would see
 * it, with an image and a style picture open, and reports what a user would notice: each dialog's
 * size, folded and with its advanced options, a screenshot of each, its visible labels and
 * "Browse..." buttons, the thumbnail, what a preset and "Defaults" put into the fields, what the
 * dialog offers the next time, and what the Recorder records for a style chosen among the open
 * images. One line per finding: {@code SIZE name w h}, {@code LABELS name ...}, {@code KEY value}.
 *
 * <p>Arguments: content image, style picture, screenshot folder.</p>
 */
public final class DialogTour {
    private static final long TIMEOUT_MS = 30_000;

    private DialogTour() {
    }

    public static void main(String[] args) {
        try {
            tour(Paths.get(args[0]), Paths.get(args[1]), Paths.get(args[2]));
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void tour(Path content, Path style, Path shots) throws Exception {
        Files.createDirectories(shots);
        new ImageJ();
        ImagePlus styleImage = IJ.openImage(style.toString());
        styleImage.show();
        ImagePlus source = IJ.openImage(content.toString());
        source.show();
        waitFor(() -> source.getWindow() != null && source.getWindow().isShowing());
        DialogDriver.activate(source);

        look(FastStyleSpec.spec(), "fast-style", shots);
        // As the menu commands make them: the other open image is the style shown first.
        look(NeuralStyleSpec.spec(styleImage.getTitle()), "neural-style", shots);
        look(InterpolationSpec.spec(styleImage.getTitle(), ""), "interpolation", shots);
        look(ModelsSpec.spec(), "models", shots);
        presetsAndDefaults(shots);
        rememberedValues();
        recordedStyle(styleImage.getTitle());
        truncatedModelMessage(source, shots);
    }

    /** The message a truncated model gives, as the user sees it: its dialog's size and lines. */
    private static void truncatedModelMessage(ImagePlus source, Path shots) throws Exception {
        Path model = Paths.get("..", "shared", "models", "derived", "fast_style_pytorch_zoo", "candy.onnx");
        byte[] bytes = Files.readAllBytes(model);
        Path truncated = Files.createTempFile("truncated", ".onnx");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String message;
        try {
            org.styletransfer.command.FastStyleCommand.run(source, FastStyleSpec.spec().defaults()
                .set(FastStyleSpec.MODEL_FILE, truncated.toString()), org.styletransfer.engine.Progress.NONE);
            message = "no error";
        } catch (RuntimeException e) {
            message = e.getMessage();
        } finally {
            Files.deleteIfExists(truncated);
        }
        IJ.showStatus("Fast Style Transfer: plane 1/1");
        String text = message;
        new Thread(() -> UserMessages.error("Fast Style Transfer", text), "error").start();
        java.awt.Dialog shown = waitFor(() -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof java.awt.Dialog d && !(w instanceof GenericDialog) && d.isShowing()
                    && "Fast Style Transfer".equals(d.getTitle())) return d;
            }
            return null;
        });
        Thread.sleep(500);
        ImageIO.write(new Robot().createScreenCapture(shown.getBounds()), "png", shots.resolve("error-message.png").toFile());
        System.out.println("ERROR_DIALOG " + shown.getWidth() + " " + shown.getHeight());
        System.out.println("ERROR_TEXT " + UserMessages.readable(message).replace("\n", " | "));
        EventQueue.invokeAndWait(shown::dispose);
    }

    /** Size, labels and screenshots of one dialog, folded and unfolded; then cancels it. */
    private static void look(CommandSpec spec, String name, Path shots) throws Exception {
        Open open = open(spec);
        GenericDialog gd = open.dialog;
        report(name, gd, shots);
        Button advanced = button(gd, SpecDialog.ADVANCED);
        if (advanced != null) {
            press(advanced);
            Thread.sleep(600);
            report(name + "-advanced", gd, shots);
        }
        System.out.println("BROWSE " + name + " " + buttons(gd, "Browse").size());
        PictureField.Thumbnail thumbnail = find(gd, PictureField.Thumbnail.class);
        if (thumbnail != null) System.out.println("THUMBNAIL " + name + " " + (thumbnail.image() != null));
        cancel(open);
    }

    private static void report(String name, GenericDialog gd, Path shots) throws Exception {
        System.out.println("SIZE " + name + " " + gd.getWidth() + " " + gd.getHeight());
        System.out.println("LABELS " + name + " " + String.join("|", visibleLabels(gd)));
        ImageIO.write(new Robot().createScreenCapture(gd.getBounds()), "png",
            shots.resolve(name + "-dialog.png").toFile());
    }

    /** Quick fills in its iterations; Defaults puts every field back. */
    private static void presetsAndDefaults(Path shots) throws Exception {
        Open open = open(NeuralStyleSpec.spec());
        Choice quality = choiceOf(open, NeuralStyleSpec.QUALITY);
        select(quality, "Quick");
        System.out.println("QUICK_ITERATIONS " + textOf(open, NeuralStyleSpec.ITERATIONS));
        press(button(open.dialog, SpecDialog.DEFAULTS));
        System.out.println("DEFAULT_QUALITY " + quality.getSelectedItem());
        System.out.println("DEFAULT_ITERATIONS " + textOf(open, NeuralStyleSpec.ITERATIONS));
        cancel(open);
    }

    /** OK with a changed strength, then the same dialog again. */
    private static void rememberedValues() throws Exception {
        Open first = open(FastStyleSpec.spec());
        EventQueue.invokeAndWait(() -> fieldOf(first, FastStyleSpec.STRENGTH).setText("0.6"));
        ok(first);
        System.out.println("FIRST_STRENGTH " + first.values.get().map(v -> v.number(FastStyleSpec.STRENGTH)).orElse(-1.0));
        Open second = open(FastStyleSpec.spec());
        System.out.println("REOPENED_STRENGTH " + textOf(second, FastStyleSpec.STRENGTH));
        press(button(second.dialog, SpecDialog.DEFAULTS));
        ok(second);
    }

    /** The style picked among the open images, with the Recorder on. */
    private static void recordedStyle(String styleTitle) throws Exception {
        EventQueue.invokeAndWait(Recorder::new);
        Recorder.resetCommandOptions();
        Open open = open(NeuralStyleSpec.spec());
        Choice pick = find(open.dialog, Choice.class, c -> PictureField.PICK.equals(c.getItem(0)));
        select(pick, styleTitle);
        System.out.println("PICKED " + textOf(open, NeuralStyleSpec.STYLE));
        ok(open);
        System.out.println("RECORDED " + Recorder.getCommandOptions());
    }

    private record Open(GenericDialog dialog, SpecDialog spec, AtomicReference<Optional<ParamValues>> values) {
    }

    /** Shows the dialog on its own thread, as a menu command does, and waits for it. */
    private static Open open(CommandSpec spec) throws Exception {
        SpecDialog dialog = new SpecDialog(spec);
        AtomicReference<Optional<ParamValues>> values = new AtomicReference<>();
        new Thread(() -> values.set(dialog.show()), "Run$_" + spec.title()).start();
        GenericDialog gd = waitFor(() -> showing(spec.title()));
        Thread.sleep(800); // let AWT lay it out and paint it
        return new Open(gd, dialog, values);
    }

    private static GenericDialog showing(String title) {
        for (Window w : Window.getWindows()) {
            if (w instanceof GenericDialog gd && gd.isShowing() && title.equals(gd.getTitle())) return gd;
        }
        return null;
    }

    private static void ok(Open open) throws Exception {
        press(button(open.dialog, "OK"));
        waitFor(() -> open.values.get() != null);
    }

    private static void cancel(Open open) throws Exception {
        press(button(open.dialog, "Cancel"));
        waitFor(() -> open.values.get() != null);
    }

    private static void press(Button b) throws Exception {
        EventQueue.invokeAndWait(() -> b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, b.getLabel())));
    }

    private static void select(Choice choice, String item) throws Exception {
        EventQueue.invokeAndWait(() -> {
            choice.select(item);
            choice.dispatchEvent(new ItemEvent(choice, ItemEvent.ITEM_STATE_CHANGED, item, ItemEvent.SELECTED));
        });
    }

    /** The input of {@code key}: the n-th field of its kind, as GenericDialog counts them. */
    private static Component inputOf(Open open, String key) {
        List<Param> params = open.spec.spec().params();
        Param target = params.stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
        Param.Kind kind = target.kind() == Param.Kind.INTEGER ? Param.Kind.NUMBER : target.kind();
        long index = params.stream().takeWhile(p -> p != target)
            .filter(p -> (p.kind() == Param.Kind.INTEGER ? Param.Kind.NUMBER : p.kind()) == kind).count();
        List<?> all = switch (kind) {
            case CHOICE -> open.dialog.getChoices();
            case STRING -> open.dialog.getStringFields();
            case NUMBER, INTEGER -> open.dialog.getNumericFields();
            case BOOLEAN -> open.dialog.getCheckboxes();
        };
        return (Component) all.get((int) index);
    }

    private static TextField fieldOf(Open open, String key) {
        return (TextField) inputOf(open, key);
    }

    private static Choice choiceOf(Open open, String key) {
        return (Choice) inputOf(open, key);
    }

    private static String textOf(Open open, String key) {
        return fieldOf(open, key).getText();
    }

    private static List<String> visibleLabels(Container c) {
        List<String> labels = new ArrayList<>();
        for (Component child : c.getComponents()) {
            if (!child.isVisible()) continue;
            if (child instanceof Label l && !l.getText().isBlank()) labels.add(l.getText().trim());
            else if (child instanceof Checkbox b) labels.add(b.getLabel());
            else if (child instanceof Container inner) labels.addAll(visibleLabels(inner));
        }
        return labels;
    }

    private static Button button(Container c, String label) {
        List<Button> found = buttons(c, label);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Button> buttons(Container c, String label) {
        List<Button> found = new ArrayList<>();
        for (Component child : c.getComponents()) {
            if (child instanceof Button b && b.getLabel().trim().startsWith(label)) found.add(b);
            else if (child instanceof Container inner) found.addAll(buttons(inner, label));
        }
        return found;
    }

    private static <T extends Component> T find(Container c, Class<T> type) {
        return find(c, type, x -> true);
    }

    private static <T extends Component> T find(Container c, Class<T> type, java.util.function.Predicate<T> test) {
        for (Component child : c.getComponents()) {
            if (type.isInstance(child) && test.test(type.cast(child))) return type.cast(child);
            if (child instanceof Container inner) {
                T t = find(inner, type, test);
                if (t != null) return t;
            }
        }
        return null;
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
