package org.styletransfer.planes;

import ij.ImagePlus;
import ij.gui.Roi;
import org.styletransfer.image.ColorImage;

import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link LargePlaneToDiskTest}: an RGB plane whose result
 * does not fit, "stylised" by inverting it band by band, with an output folder, limited to the
 * rectangle selection "x,y,w,h" of an optional fourth argument. Prints the note.
 */
public final class LargePlaneMain {
    private LargePlaneMain() {
    }

    public static void main(String[] args) {
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        ImagePlus source = new ImagePlus("tall.png", LargePlaneToDiskTest.pattern(w, h));
        if (args.length > 3) {
            String[] r = args[3].split(",");
            source.setRoi(new Roi(Integer.parseInt(r[0]), Integer.parseInt(r[1]), Integer.parseInt(r[2]),
                Integer.parseInt(r[3])));
        }
        PlaneSet planes = PlaneSet.of(source, false, Path.of(args[0]), PlaneSet.Work.TILED);
        planes.limitTo(SelectionArea.of(source, 0).orElse(null));
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
