package org.styletransfer.ij;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import org.styletransfer.command.CommandSpec;
import org.styletransfer.command.Param;

import javax.imageio.ImageIO;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Point;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import java.util.function.Supplier;

/**
 * Plays a user inside a real ImageJ process (see {@link DialogRecordReplayIT}): opens an image,
 * turns the Recorder on, picks Fast Style Transfer... as the menu does, waits for the dialog,
 * takes a screenshot of it, changes some fields and clicks OK. Then it writes the result image,
 * the line the Recorder recorded and the Log into the output folder.
 *
 * <p>Arguments: image path, output folder, screenshot path; optionally then the command, the
 * dialog's title and the field changes as {@code s<i>=text}, {@code n<i>=number},
 * {@code c<i>=choice} or {@code b<i>=true|false} (i-th string, numeric, choice field or checkbox),
 * made in that order. Among them, {@link #DEFAULTS} clicks the dialog's Defaults button first (the
 * dialog offers the values used last, which an earlier run in the same ImageJ home left), and
 * {@code open=<path>} opens another image before the image to stylise (which stays the active
 * one), e.g. a style picture to name by its title. Without them it drives Fast Style Transfer with
 * {@link #FAST_CHANGES}.</p>
 */
public final class DialogDriver {
    static final String FAST_COMMAND = "Fast Style Transfer...";
    static final String FAST_TITLE = "Fast Style Transfer";
    /** Fields in the order the spec defines them: numbers strength, tile size, overlap; choices model, planes, provider. */
    static final List<String> FAST_CHANGES = List.of("n0=0.6", "n2=32", "c2=CPU");
    /** What the Recorder must record after the changes made in the dialog (strength, provider, overlap). */
    static final String EXPECTED_OPTIONS_TAIL = "strength=0.6 planes=[All planes] provider=CPU tile_size=0 tile_overlap=32 temporal_coherence=0 output_folder=[] threads=0 selection_edge=0 annotations_from=Automatic";
    /** The change that clicks the Defaults button. */
    static final String DEFAULTS = "defaults";
    /** The prefix of the argument that opens another image first. */
    static final String OPEN = "open=";
    /** Each wait's limit: below the tests' own limit on the whole process, so that a stuck run says where it is. */
    private static final long TIMEOUT_MS = Long.getLong("dialogdriver.timeout.ms", 60_000);

    private DialogDriver() {
    }

    public static void main(String[] args) {
        try {
            drive(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1); // AWT threads would keep the process alive otherwise
        }
    }

    private static void drive(String[] args) throws Exception {
        Path out = Paths.get(args[1]);
        Files.createDirectories(out);
        String command = args.length > 3 ? args[3] : FAST_COMMAND;
        String title = args.length > 4 ? args[4] : FAST_TITLE;
        List<String> changes = args.length > 5 ? Arrays.asList(args).subList(5, args.length) : FAST_CHANGES;
        new ImageJ();
        for (String change : changes) {
            if (!change.startsWith(OPEN)) continue;
            ImagePlus other = IJ.openImage(change.substring(OPEN.length()));
            other.show();
            waitFor("the window of " + other.getTitle(), () -> other.getWindow() != null && other.getWindow().isShowing());
        }
        ImagePlus source = IJ.openImage(args[0]);
        source.show();
        waitFor("the image window", () -> source.getWindow() != null && source.getWindow().isShowing());
        activate(source);
        EventQueue.invokeAndWait(Recorder::new);

        IJ.doCommand(command); // a new thread, exactly like choosing the menu item
        GenericDialog gd = waitFor("the dialog", () -> findDialog(title));
        Thread.sleep(800); // let AWT paint it
        screenshot(gd, Paths.get(args[2]));
        EventQueue.invokeAndWait(() -> changeFields(gd, changes));
        clickOk(gd);

        String recorded = waitFor("the recorded line", () -> recordedLine(command));
        ImagePlus result = waitFor("the result image", () -> resultImage(source));
        Thread.sleep(1500); // the plots are drawn once the result shows
        shootPlots(Paths.get(args[2]));
        Files.writeString(out.resolve("recorded.txt"), recorded + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve("log.txt"), String.valueOf(IJ.getLog()), StandardCharsets.UTF_8);
        IJ.saveAsTiff(result, out.resolve("dialog-result.tif").toString());
        System.out.println("RECORDED " + recorded);
        System.out.println("RESULT " + result.getTitle());
    }

    /**
     * Makes {@code image} the active image, as the user's last click would, and waits until it stays
     * so: the activation events of the windows opened before it may still be queued, and a late one
     * would make the command stylise that window instead.
     */
    static void activate(ImagePlus image) throws Exception {
        int agreeing = 0;
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (agreeing < 3 && System.currentTimeMillis() < end) {
            EventQueue.invokeAndWait(() -> {
                if (WindowManager.getCurrentImage() != image) WindowManager.setCurrentWindow(image.getWindow());
            });
            Thread.sleep(200);
            EventQueue.invokeAndWait(() -> { }); // the events queued meanwhile have been handled
            agreeing = WindowManager.getCurrentImage() == image ? agreeing + 1 : 0;
        }
        if (agreeing < 3) giveUp(image.getTitle() + " to stay the active image");
    }

    /** Screenshots of the plots the run left open ({@code <screenshot>-loss.png}, ...), one PLOT line each. */
    private static void shootPlots(Path screenshot) throws Exception {
        String base = screenshot.toString().replaceAll("\\.png$", "");
        for (String title : WindowManager.getImageTitles()) {
            for (String kind : List.of("loss", "flicker")) {
                if (!title.endsWith(" " + kind)) continue;
                System.out.println("PLOT " + title);
                Window w = WindowManager.getImage(title).getWindow();
                EventQueue.invokeAndWait(w::toFront); // without a window manager, windows pile up at the top left
                Thread.sleep(400);
                ImageIO.write(new Robot().createScreenCapture(w.getBounds()), "png", new java.io.File(base + "-" + kind + ".png"));
            }
        }
    }

    /** The DialogDriver change that sets {@code key}: its field's kind letter and index among that kind. */
    static String change(CommandSpec spec, String key, String value) {
        Param target = spec.params().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow();
        char kind = kindLetter(target);
        long index = spec.params().stream().takeWhile(p -> p != target)
            .filter(p -> kindLetter(p) == kind).count();
        return kind + Long.toString(index) + "=" + value;
    }

    private static char kindLetter(Param p) {
        return switch (p.kind()) {
            case NUMBER, INTEGER -> 'n';
            case STRING -> 's';
            case CHOICE -> 'c';
            case BOOLEAN -> 'b';
        };
    }

    private static GenericDialog findDialog(String title) {
        for (Window w : Window.getWindows()) {
            if (w instanceof GenericDialog gd && gd.isShowing() && title.equals(gd.getTitle())) return gd;
        }
        return null;
    }

    private static void screenshot(GenericDialog gd, Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(new Robot().createScreenCapture(gd.getBounds()), "png", file.toFile());
    }

    /**
     * Applies changes such as "n0=0.6" (numeric field 0), "s1=text" (string field 1), "c2=CPU"
     * (choice 2), "b0=true" (checkbox 0), and "defaults" (the Defaults button).
     */
    @SuppressWarnings("unchecked")
    private static void changeFields(GenericDialog gd, List<String> changes) {
        Vector<TextField> numbers = gd.getNumericFields();
        Vector<TextField> strings = gd.getStringFields();
        Vector<Choice> choices = gd.getChoices();
        Vector<Checkbox> checkboxes = gd.getCheckboxes();
        for (String change : changes) {
            if (change.startsWith(OPEN)) continue;
            if (change.equals(DEFAULTS)) {
                // SpecDialog.DEFAULTS: this process has the plugin's classes only in ImageJ's plugin class loader.
                Button defaults = button(gd, "Defaults");
                defaults.dispatchEvent(new ActionEvent(defaults, ActionEvent.ACTION_PERFORMED, defaults.getLabel()));
                continue;
            }
            int eq = change.indexOf('=');
            int index = Integer.parseInt(change.substring(1, eq));
            String value = change.substring(eq + 1);
            switch (change.charAt(0)) {
                case 'n' -> numbers.get(index).setText(value);
                case 's' -> strings.get(index).setText(value);
                case 'c' -> choices.get(index).select(value);
                case 'b' -> checkboxes.get(index).setState(Boolean.parseBoolean(value));
                default -> throw new IllegalArgumentException("unknown field change " + change);
            }
        }
    }

    /** The button labelled {@code label}, wherever in the dialog's panels it is. */
    private static Button button(Container parent, String label) {
        for (Component c : parent.getComponents()) {
            if (c instanceof Button b && label.equals(b.getLabel())) return b;
            if (c instanceof Container inner) {
                Button found = button(inner, label);
                if (found != null) return found;
            }
        }
        if (parent instanceof GenericDialog) throw new IllegalStateException("no button " + label);
        return null;
    }

    /**
     * A real mouse click on OK; if the window manager-less display swallowed it, the button's own
     * event. A click that misses OK can land on the field above it (the last checkbox), so the
     * fields are put back as they were before the button's event is sent; and the click waits until
     * the button has stopped moving (a dialog may lay itself out again after a field changed).
     */
    private static void clickOk(GenericDialog gd) throws Exception {
        Button ok = null;
        for (Button b : gd.getButtons()) if (b != null && "OK".equals(b.getLabel().trim())) ok = b;
        if (ok == null) throw new IllegalStateException("no OK button");
        Point p = stillLocation(ok);
        Fields[] before = new Fields[1];
        EventQueue.invokeAndWait(() -> before[0] = Fields.of(gd));
        Robot robot = new Robot();
        robot.mouseMove(p.x + ok.getWidth() / 2, p.y + ok.getHeight() / 2);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        long end = System.currentTimeMillis() + 3000;
        while (gd.isShowing() && System.currentTimeMillis() < end) Thread.sleep(50);
        if (gd.isShowing()) {
            Button button = ok;
            System.out.println("NOTE mouse click did not reach OK; sending the button's action event");
            EventQueue.invokeAndWait(() -> {
                before[0].restore(gd);
                button.dispatchEvent(new ActionEvent(button, ActionEvent.ACTION_PERFORMED, button.getLabel()));
            });
        }
    }

    /** Where {@code c} is on the screen once two readings 150 ms apart agree (at most 3 s). */
    private static Point stillLocation(Component c) throws InterruptedException {
        Point last = c.getLocationOnScreen();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(150);
            Point now = c.getLocationOnScreen();
            if (now.equals(last)) return now;
            last = now;
        }
        return last;
    }

    /** The values of a dialog's fields, to put back after a stray click. */
    private record Fields(List<String> numbers, List<String> strings, List<Integer> choices, List<Boolean> checkboxes) {
        @SuppressWarnings("unchecked")
        static Fields of(GenericDialog gd) {
            return new Fields(texts(gd.getNumericFields()), texts(gd.getStringFields()),
                gd.getChoices() == null ? List.of() : ((Vector<Choice>) gd.getChoices()).stream().map(Choice::getSelectedIndex).toList(),
                gd.getCheckboxes() == null ? List.of() : ((Vector<Checkbox>) gd.getCheckboxes()).stream().map(Checkbox::getState).toList());
        }

        private static List<String> texts(Vector<?> fields) {
            return fields == null ? List.of() : fields.stream().map(f -> ((TextField) f).getText()).toList();
        }

        @SuppressWarnings("unchecked")
        void restore(GenericDialog gd) {
            for (int i = 0; i < numbers.size(); i++) ((TextField) gd.getNumericFields().get(i)).setText(numbers.get(i));
            for (int i = 0; i < strings.size(); i++) ((TextField) gd.getStringFields().get(i)).setText(strings.get(i));
            for (int i = 0; i < choices.size(); i++) ((Choice) gd.getChoices().get(i)).select(choices.get(i));
            for (int i = 0; i < checkboxes.size(); i++) ((Checkbox) gd.getCheckboxes().get(i)).setState(checkboxes.get(i));
        }
    }

    private static String recordedLine(String command) {
        Recorder recorder = Recorder.getInstance();
        if (recorder == null) return null;
        Optional<String> line = recorder.getText().lines().filter(l -> l.startsWith("run(\"" + command + "\"")).findFirst();
        return line.orElse(null);
    }

    private static ImagePlus resultImage(ImagePlus source) {
        for (int id : Optional.ofNullable(WindowManager.getIDList()).orElse(new int[0])) {
            ImagePlus imp = WindowManager.getImage(id);
            // Plots of the run are named after the result too; they are not the result.
            if (imp != null && imp != source && imp.getTitle().startsWith(base(source.getTitle()) + "-")
                && !(imp.getWindow() instanceof ij.gui.PlotWindow)) return imp;
        }
        return null;
    }

    private static String base(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 ? title.substring(0, dot) : title;
    }

    /** Every window's title, and the text of text windows (ImageJ shows a command's exception in one). */
    private static String windows() {
        StringBuilder sb = new StringBuilder();
        for (Window w : Window.getWindows()) {
            String title = w instanceof java.awt.Frame f ? f.getTitle() : w instanceof java.awt.Dialog d ? d.getTitle() : w.getName();
            sb.append(w.getClass().getSimpleName()).append(" \"").append(title).append("\" showing=").append(w.isShowing()).append('\n');
            if (w instanceof ij.text.TextWindow t && w.isShowing()) sb.append(t.getTextPanel().getText()).append('\n');
        }
        return sb.toString();
    }

    private static <T> T waitFor(String what, Supplier<T> probe) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) return value;
            Thread.sleep(100);
        }
        giveUp(what);
        return null;
    }

    /** Ends the process with what it waited for, the Log and the windows: the test's failure message shows them. */
    private static void giveUp(String what) {
        System.out.println("TIMEOUT waiting for " + what + "\nLOG " + IJ.getLog() + "\nWINDOWS\n" + windows());
        System.exit(2);
    }
}
