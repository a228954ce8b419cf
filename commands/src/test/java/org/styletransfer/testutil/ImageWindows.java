package org.styletransfer.testutil;

import ij.ImagePlus;

/** What the user does to image windows, done to images without a display. */
public final class ImageWindows {
    private ImageWindows() {
    }

    /**
     * What closing its window does to an image: {@code ImageWindow.close()} ends with
     * {@code flush()}, which drops the processor and nulls the pixel arrays of the stack.
     */
    public static void closeLikeItsWindow(ImagePlus imp) {
        imp.changes = false;
        imp.close();
        imp.flush();
    }
}
