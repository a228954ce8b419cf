package org.styletransfer.planes;

import ij.ImagePlus;
import org.styletransfer.image.ColorImage;

import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link LargePlaneToDiskTest}: an RGB plane whose result
 * does not fit, "stylised" by inverting it band by band, with an output folder. Prints the note.
 */
public final class LargePlaneMain {
    private LargePlaneMain() {
    }

    public static void main(String[] args) {
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        ImagePlus source = new ImagePlus("tall.png", LargePlaneToDiskTest.pattern(w, h));
        System.gc();
        PlaneSet planes = PlaneSet.of(source, false, Path.of(args[0]), PlaneSet.Work.TILED);
        PlanePipeline.runTiled(planes, (src, target) -> {
            for (int y = 0; y < src.height(); y += 64) {
                ColorImage band = new ColorImage(src.width(), Math.min(64, src.height() - y));
                src.read(0, y, band);
                float[] d = band.data();
                for (int i = 0; i < d.length; i++) d[i] = 255 - d[i];
                target.write(y, band);
            }
        }, () -> { });
        ImagePlus result = planes.result("tall-styled");
        System.out.println("NOTE " + planes.largeResultNote());
        System.out.println("PREVIEW " + result.getWidth() + "x" + result.getHeight());
    }

}
