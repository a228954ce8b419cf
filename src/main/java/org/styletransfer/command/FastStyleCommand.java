package org.styletransfer.command;

import ij.ImagePlus;
import org.styletransfer.engine.Progress;

/**
 * Runs Fast Style Transfer with checked parameter values. Every front end (ImageJ menu and macro,
 * SciJava command, command line) calls this, so they all behave the same.
 */
public final class FastStyleCommand {
    private FastStyleCommand() {
    }

    /**
     * Stylises {@code source} (never modified) and returns a new image with the same dimensions,
     * type and calibration.
     *
     * @throws org.styletransfer.engine.StyleTransferException with a message for the user
     * @throws org.styletransfer.engine.CancelledException     when {@code progress} asked to stop
     */
    public static StyleResult run(ImagePlus source, ParamValues values, Progress progress) {
        throw new UnsupportedOperationException("being written");
    }
}
