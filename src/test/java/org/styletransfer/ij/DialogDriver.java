package org.styletransfer.ij;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import javax.imageio.ImageIO;
import java.awt.Button;
import java.awt.Choice;
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
import java.util.Optional;
import java.util.Vector;
import java.util.function.Supplier;

/**
 * Plays a user inside a real ImageJ process (see {@link DialogRecordReplayIT}): opens an image,
 * turns the Recorder on, picks Fast Style Transfer... as the menu does, waits for the dialog,
 * takes a screenshot of it, changes some fields and clicks OK. Then it writes the result image,
 * the line the Recorder recorded and the Log into the output folder.
 *
 * <p>Arguments: image path, output folder, screenshot path.</p>
 */
public final class DialogDriver {
    static final String COMMAND = "Fast Style Transfer...";
    static final String DIALOG_TITLE = "Fast Style Transfer";
    /** What the Recorder must record after the changes made in the dialog (strength, provider, overlap). */
    static final String EXPECTED_OPTIONS_TAIL = "strength=0.6 planes=[All planes] provider=CPU tile_size=0 tile_overlap=32";
    private static final long TIMEOUT_MS = 120_000;

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
        new ImageJ();
        ImagePlus source = IJ.openImage(args[0]);
        source.show();
        waitFor("the image window", () -> source.getWindow() != null && source.getWindow().isShowing());
        EventQueue.invokeAndWait(Recorder::new);

        IJ.doCommand(COMMAND); // a new thread, exactly like choosing the menu item
        GenericDialog gd = waitFor("the dialog", DialogDriver::findDialog);
        Thread.sleep(800); // let AWT paint it
        screenshot(gd, Paths.get(args[2]));
        EventQueue.invokeAndWait(() -> changeFields(gd));
        clickOk(gd);

        String recorded = waitFor("the recorded line", DialogDriver::recordedLine);
        ImagePlus result = waitFor("the result image", () -> resultImage(source));
        Files.writeString(out.resolve("recorded.txt"), recorded + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve("log.txt"), String.valueOf(IJ.getLog()), StandardCharsets.UTF_8);
        IJ.saveAsTiff(result, out.resolve("dialog-result.tif").toString());
        System.out.println("RECORDED " + recorded);
        System.out.println("RESULT " + result.getTitle());
    }

    private static GenericDialog findDialog() {
        for (Window w : Window.getWindows()) {
            if (w instanceof GenericDialog gd && gd.isShowing() && DIALOG_TITLE.equals(gd.getTitle())) return gd;
        }
        return null;
    }

    private static void screenshot(GenericDialog gd, Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(new Robot().createScreenCapture(gd.getBounds()), "png", file.toFile());
    }

    /** Fields in the order the spec defines them: numbers strength, tile size, overlap; choices model, planes, provider. */
    @SuppressWarnings("unchecked")
    private static void changeFields(GenericDialog gd) {
        Vector<TextField> numbers = gd.getNumericFields();
        Vector<Choice> choices = gd.getChoices();
        numbers.get(0).setText("0.6");
        numbers.get(2).setText("32");
        choices.get(2).select("CPU");
    }

    /** A real mouse click on OK; if the window manager-less display swallowed it, the button's own event. */
    private static void clickOk(GenericDialog gd) throws Exception {
        Button ok = null;
        for (Button b : gd.getButtons()) if (b != null && "OK".equals(b.getLabel().trim())) ok = b;
        if (ok == null) throw new IllegalStateException("no OK button");
        Point p = ok.getLocationOnScreen();
        Robot robot = new Robot();
        robot.mouseMove(p.x + ok.getWidth() / 2, p.y + ok.getHeight() / 2);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        long end = System.currentTimeMillis() + 3000;
        while (gd.isShowing() && System.currentTimeMillis() < end) Thread.sleep(50);
        if (gd.isShowing()) {
            Button button = ok;
            System.out.println("NOTE mouse click did not reach OK; sending the button's action event");
            EventQueue.invokeAndWait(() -> button.dispatchEvent(
                new ActionEvent(button, ActionEvent.ACTION_PERFORMED, button.getLabel())));
        }
    }

    private static String recordedLine() {
        Recorder recorder = Recorder.getInstance();
        if (recorder == null) return null;
        Optional<String> line = recorder.getText().lines().filter(l -> l.startsWith("run(\"" + COMMAND + "\"")).findFirst();
        return line.orElse(null);
    }

    private static ImagePlus resultImage(ImagePlus source) {
        for (int id : Optional.ofNullable(WindowManager.getIDList()).orElse(new int[0])) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != null && imp != source && imp.getTitle().startsWith(base(source.getTitle()) + "-")) return imp;
        }
        return null;
    }

    private static String base(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 ? title.substring(0, dot) : title;
    }

    private static <T> T waitFor(String what, Supplier<T> probe) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) return value;
            Thread.sleep(100);
        }
        System.out.println("TIMEOUT waiting for " + what + "\nLOG " + IJ.getLog());
        System.exit(2);
        return null;
    }
}
