package org.styletransfer.fast;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.command.StyleResult;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.models.ModelCatalog;
import org.styletransfer.models.ModelEntry;
import org.styletransfer.testutil.SharedData;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Fast style transfer on the real networks of ../shared, checked by value. */
class FastStyleTransferTest {

    static ImagePlus photo(String name, int w, int h) {
        ImagePlus imp = IJ.openImage(SharedData.contentImage(name).toString());
        assertNotNull(imp, "could not open " + name);
        imp.getProcessor().setInterpolationMethod(ImageProcessor.BILINEAR);
        return new ImagePlus(name, imp.getProcessor().resize(w, h, true));
    }

    static ParamValues values(String model) {
        return FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL, model).set(FastStyleSpec.PROVIDER, "CPU");
    }

    static StyleResult run(ImagePlus imp, ParamValues v) {
        return FastStyleCommand.run(imp, v, Progress.NONE);
    }

    /** Mean absolute difference per channel value over [border, size-border) (0..255 scale). */
    static double meanAbsDiff(ColorProcessor a, ColorProcessor b, int border) {
        double sum = 0;
        long n = 0;
        for (int y = border; y < a.getHeight() - border; y++) {
            for (int x = border; x < a.getWidth() - border; x++) {
                int p = a.get(x, y);
                int q = b.get(x, y);
                for (int s = 0; s <= 16; s += 8) {
                    sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** The network run directly through ONNX Runtime, independent of the plugin's code. */
    static ColorProcessor direct(Path model, ModelEntry e, ColorProcessor cp) throws Exception {
        return direct(model, e, cp, 0);
    }

    /**
     * As {@link #direct(Path, ModelEntry, ColorProcessor)} on the image extended by {@code margin}
     * mirrored pixels on every side (ImageJ's own mirror padding), cropped back afterwards.
     */
    static ColorProcessor direct(Path model, ModelEntry e, ColorProcessor cp, int margin) throws Exception {
        if (margin == 0) return directRun(model, e, cp);
        int w = cp.getWidth();
        int h = cp.getHeight();
        ColorProcessor padded = new ColorProcessor(w + 2 * margin, h + 2 * margin);
        for (int y = 0; y < padded.getHeight(); y++) {
            for (int x = 0; x < padded.getWidth(); x++) {
                padded.set(x, y, cp.get(mirror(x - margin, w), mirror(y - margin, h)));
            }
        }
        ColorProcessor out = directRun(model, e, padded);
        out.setRoi(margin, margin, w, h);
        return (ColorProcessor) out.crop();
    }

    /** Mirror index into [0, n) without repeating the edge pixel. */
    private static int mirror(int i, int n) {
        if (i < 0) return -i;
        return i >= n ? 2 * n - 2 - i : i;
    }

    private static ColorProcessor directRun(Path model, ModelEntry e, ColorProcessor cp) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int w = cp.getWidth();
        int h = cp.getHeight();
        float[] in = new float[3 * w * h];
        int[] px = (int[]) cp.getPixels();
        double a = (e.inMax() - e.inMin()) / 255.0;
        for (int i = 0; i < w * h; i++) {
            in[i] = (float) (((px[i] >> 16) & 255) * a + e.inMin());
            in[w * h + i] = (float) (((px[i] >> 8) & 255) * a + e.inMin());
            in[2 * w * h + i] = (float) ((px[i] & 255) * a + e.inMin());
        }
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {1, 3, h, w});
             OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            int[] o = new int[w * h];
            double b = 255.0 / (e.outMax() - e.outMin());
            for (int i = 0; i < w * h; i++) {
                int rr = clamp((out.get(i) - e.outMin()) * b);
                int gg = clamp((out.get(w * h + i) - e.outMin()) * b);
                int bb = clamp((out.get(2 * w * h + i) - e.outMin()) * b);
                o[i] = (rr << 16) | (gg << 8) | bb;
            }
            return new ColorProcessor(w, h, o);
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Test
    void everyCatalogueNetworkMatchesADirectOnnxRuntimeRun() throws Exception {
        SharedData.root();
        for (ModelEntry e : ModelCatalog.get().entries()) {
            ModelCatalog.ResolvedModel m = ModelCatalog.get().resolve(e.id());
            boolean fixed = e.file().contains("256x256");
            ImagePlus imp = photo("amber.jpg", fixed ? 256 : 160, fixed ? 256 : 120);
            // Networks that pad with zeros run on the image with a mirrored margin (see StyleNetwork.margin).
            int margin = StyleNetwork.open(m, Provider.CPU, 0).margin();
            ColorProcessor expected = direct(m.file(), e, (ColorProcessor) imp.getProcessor(), margin);
            ColorProcessor got = (ColorProcessor) run(imp, values(e.id())).image().getProcessor();
            double mad = meanAbsDiff(expected, got, 0);
            assertTrue(mad < 0.05, e.id() + ": plugin differs from a direct ONNX Runtime run by " + mad);
            assertTrue(meanAbsDiff(expected, (ColorProcessor) imp.getProcessor(), 0) > 10, e.id() + " did stylise");
        }
    }

    @Test
    void tiledRunMatchesUntiledRunAwayFromBordersAndAtTileSeams() {
        SharedData.root();
        ImagePlus imp = photo("tubingen.jpg", 512, 384);
        for (String model : new String[] {"candy", "wave"}) {
            ColorProcessor whole = (ColorProcessor) run(imp, values(model)).image().getProcessor();
            ParamValues tiled = values(model).set(FastStyleSpec.TILE_SIZE, 256).set(FastStyleSpec.TILE_OVERLAP, 64);
            ColorProcessor tiles = (ColorProcessor) run(imp, tiled).image().getProcessor();
            double mad = meanAbsDiff(whole, tiles, 16);
            double seam = seamDifference(whole, tiles, TileGrid.of(512, 384, 256, 256, 64, 4));
            System.out.printf("tiled vs untiled %s: MAD %.4f, at tile borders %.4f (0..255)%n", model, mad, seam);
            assertTrue(mad <= 1.0, model + ": tiled differs from untiled by " + mad + " > 1/255 of the range");
            assertTrue(seam <= 1.0, model + ": difference at tile borders " + seam);
            // Measured 0.007 (candy) with global instance-norm statistics and aligned tiles; keep it there.
            assertTrue(mad < 0.1 && seam < 0.2, model + ": tiling got worse: " + mad + " / " + seam);
        }
    }

    /** Mean |a-b| in the 4-pixel bands around every tile edge inside the image. */
    static double seamDifference(ColorProcessor a, ColorProcessor b, TileGrid grid) {
        boolean[] band = new boolean[a.getWidth() * a.getHeight()];
        for (TileGrid.Tile t : grid.tiles()) {
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    boolean nearX = Math.abs(x - t.x()) < 4 || Math.abs(x - (t.x() + t.w())) < 4;
                    boolean nearY = Math.abs(y - t.y()) < 4 || Math.abs(y - (t.y() + t.h())) < 4;
                    boolean inside = x > 16 && y > 16 && x < a.getWidth() - 16 && y < a.getHeight() - 16;
                    if (inside && (nearX || nearY)) band[y * a.getWidth() + x] = true;
                }
            }
        }
        double sum = 0;
        long n = 0;
        for (int i = 0; i < band.length; i++) {
            if (!band[i]) continue;
            int p = a.get(i);
            int q = b.get(i);
            for (int s = 0; s <= 16; s += 8) {
                sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void fixedSizeNetworkTilesALargerImageWithoutSeams() {
        SharedData.root();
        ImagePlus imp = photo("stata.jpg", 600, 400);
        ColorProcessor out = (ColorProcessor) run(imp, values("candy_256")).image().getProcessor();
        assertEquals(600, out.getWidth());
        assertEquals(400, out.getHeight());
        // A seam shows as a jump between neighbouring columns at a tile edge, compared with elsewhere.
        TileGrid grid = TileGrid.of(600, 400, 256, 256, org.styletransfer.fast.FastStyleSettings.DEFAULT_OVERLAP);
        double edge = 0;
        int edges = 0;
        for (TileGrid.Tile t : grid.tiles()) {
            if (t.x() > 0) {
                edge += columnJump(out, t.x());
                edges++;
            }
            if (t.x() + t.w() < 600) {
                edge += columnJump(out, t.x() + t.w());
                edges++;
            }
        }
        double all = 0;
        for (int x = 1; x < 600; x++) all += columnJump(out, x);
        double ratio = (edge / edges) / (all / 599);
        System.out.printf("fixed-size tiling: column jump at tile edges / elsewhere = %.3f%n", ratio);
        assertTrue(ratio < 1.3, "seam at tile edges: ratio " + ratio);
    }

    private static double columnJump(ColorProcessor cp, int x) {
        double s = 0;
        for (int y = 0; y < cp.getHeight(); y++) {
            int p = cp.get(x, y);
            int q = cp.get(x - 1, y);
            for (int k = 0; k <= 16; k += 8) s += Math.abs(((p >> k) & 255) - ((q >> k) & 255));
        }
        return s / cp.getHeight();
    }

    @Test
    void strengthZeroGivesTheOriginalAndBlendsAreWeightedAverages() {
        SharedData.root();
        ImagePlus imp = photo("amber.jpg", 96, 64);
        ColorProcessor original = (ColorProcessor) imp.getProcessor();
        ColorProcessor none = (ColorProcessor) run(imp, values("candy").set(FastStyleSpec.STRENGTH, 0.0)).image().getProcessor();
        assertEquals(0.0, meanAbsDiff(original, none, 0), 1e-9);

        ColorProcessor candy = (ColorProcessor) run(imp, values("candy")).image().getProcessor();
        ColorProcessor mosaic = (ColorProcessor) run(imp, values("mosaic")).image().getProcessor();
        ColorProcessor blend = (ColorProcessor) run(imp, values("candy").set(FastStyleSpec.BLEND_WITH, "mosaic:0.25"))
            .image().getProcessor();
        ColorProcessor half = (ColorProcessor) run(imp, values("candy").set(FastStyleSpec.STRENGTH, 0.5)).image().getProcessor();
        double blendErr = 0;
        double halfErr = 0;
        for (int i = 0; i < blend.getPixelCount(); i++) {
            for (int s = 0; s <= 16; s += 8) {
                int c = (candy.get(i) >> s) & 255;
                int m = (mosaic.get(i) >> s) & 255;
                int o = (original.get(i) >> s) & 255;
                blendErr += Math.abs(((blend.get(i) >> s) & 255) - (0.75 * c + 0.25 * m));
                halfErr += Math.abs(((half.get(i) >> s) & 255) - (0.5 * c + 0.5 * o));
            }
        }
        assertTrue(blendErr / (3.0 * blend.getPixelCount()) < 1.0, "blend is the weighted average");
        assertTrue(halfErr / (3.0 * blend.getPixelCount()) < 1.0, "strength 0.5 is halfway");
    }
}
