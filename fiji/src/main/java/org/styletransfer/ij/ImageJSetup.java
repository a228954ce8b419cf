package org.styletransfer.ij;

import ij.IJ;
import ij.Prefs;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.models.ModelLocator;

import java.nio.file.Paths;

/** What the core learns from the ImageJ it runs in; every entry point of the plugin calls it. */
public final class ImageJSetup {
    private ImageJSetup() {
    }

    /** Fiji's model folder counts, and ImageJ's "parallel threads" setting is the default thread count. */
    public static void apply() {
        String dir = IJ.getDirectory("imagej");
        if (dir != null) ModelLocator.useApplicationFolder(Paths.get(dir));
        OnnxEngine.shared().followThreads(Prefs::getThreads);
    }
}
