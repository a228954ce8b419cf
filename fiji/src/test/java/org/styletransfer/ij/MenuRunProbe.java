package org.styletransfer.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

/**
 * Runs a menu command the way ImageJ runs it for a menu click replayed by a macro line: the IJ1
 * plugin itself on the active image, its dialog reading the options given, in a separate JVM with a
 * display (the dialog is an AWT dialog). Arguments: {@code fast}, {@code neural} or {@code universal}, the content
 * image, the options, the TIFF file to save the result to. For {@link FrontEndsAgreeIT}.
 */
public final class MenuRunProbe {
    private MenuRunProbe() {
    }

    public static void main(String[] args) {
        // GenericDialog only reads macro options on threads that ImageJ named for a run() call.
        Thread.currentThread().setName("Run$_menu");
        // Shown results become this thread's current image instead of windows.
        Interpreter.batchMode = true;
        ImagePlus content = IJ.openImage(args[1]);
        WindowManager.setTempCurrentImage(content);
        Macro.setOptions(args[2]);
        PlugIn plugin = switch (args[0]) {
            case "fast" -> new FastStyleTransferPlugin();
            case "neural" -> new NeuralStyleTransferPlugin();
            case "universal" -> new UniversalStyleTransferPlugin();
            default -> throw new IllegalArgumentException("no menu command " + args[0]);
        };
        plugin.run("");
        ImagePlus result = WindowManager.getCurrentImage();
        boolean saved = result != null && result != content && IJ.saveAsTiff(result, args[3]);
        System.out.println(saved ? "SAVED " + result.getTitle() : "NO RESULT");
        System.exit(saved ? 0 : 1);
    }
}
