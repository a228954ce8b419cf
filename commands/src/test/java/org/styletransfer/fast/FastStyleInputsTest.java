package org.styletransfer.fast;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.gui.NewImage;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.command.FastStyleCommand;
import org.styletransfer.command.FastStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.TestModels;
import org.styletransfer.testutil.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** Image types, stacks, the source left alone, cancel, and bad input. */
class FastStyleInputsTest {

    private static ParamValues candy() {
        SharedData.root();
        return FastStyleSpec.spec().defaults().set(FastStyleSpec.MODEL, "candy").set(FastStyleSpec.PROVIDER, "CPU");
    }

    private static ImageProcessor ramp16(int w, int h, int lo, int hi, int phase) {
        ShortProcessor sp = new ShortProcessor(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0.5 + 0.5 * Math.sin((x + phase) / 7.0) * Math.cos(y / 5.0);
                sp.set(x, y, (int) (lo + v * (hi - lo)));
            }
        }
        return sp;
    }

    @Test
    void sixteenBitHyperstackKeepsRangeDimensionsCalibrationAndTheSource() {
        ImageStack stack = new ImageStack(64, 48);
        for (int i = 0; i < 2 * 3 * 2; i++) stack.addSlice("p" + i, ramp16(64, 48, 1000, 40000, i * 3));
        ImagePlus imp = new ImagePlus("cells.tif", stack);
        imp.setDimensions(2, 3, 2);
        imp = new CompositeImage(imp, CompositeImage.COMPOSITE);
        imp.getCalibration().pixelWidth = 0.25;
        imp.getCalibration().setUnit("um");
        short[] before = ((short[]) imp.getStack().getPixels(5)).clone();

        ImagePlus out = FastStyleCommand.run(imp, candy(), Progress.NONE).image();

        assertArrayEquals(new int[] {64, 48, 2, 3, 2}, out.getDimensions());
        assertEquals(ImagePlus.GRAY16, out.getType());
        assertTrue(out.isComposite());
        assertEquals(0.25, out.getCalibration().pixelWidth);
        assertEquals(imp.getCalibration().getUnit(), out.getCalibration().getUnit());
        assertEquals("cells-candy", out.getTitle());
        assertArrayEquals(before, (short[]) imp.getStack().getPixels(5), "source unchanged");
        var stats = new ij.process.StackStatistics(out);
        assertTrue(stats.min >= 1000 && stats.max <= 40000, "16-bit result stays in the source range: " + stats.min + ".." + stats.max);
        assertTrue(stats.max - stats.min > 0.5 * 39000, "and uses it: " + stats.min + ".." + stats.max);
        assertFalse(Arrays.equals(before, (short[]) out.getStack().getPixels(5)), "stylised");
    }

    @Test
    void thirtyTwoBitKeepsItsRangeAndNonFinitePixels() {
        FloatProcessor fp = new FloatProcessor(40, 32);
        for (int i = 0; i < fp.getPixelCount(); i++) fp.setf(i, (float) (-5 + 10 * ((i * 37) % 101) / 100.0));
        fp.setf(10, Float.NaN);
        ImagePlus imp = new ImagePlus("f", fp);
        FloatProcessor out = (FloatProcessor) FastStyleCommand.run(imp, candy(), Progress.NONE).image().getProcessor();
        assertTrue(Float.isNaN(out.getf(10)));
        for (int i = 0; i < out.getPixelCount(); i++) {
            if (i != 10) assertTrue(out.getf(i) >= -5f && out.getf(i) <= 5f, "value " + out.getf(i));
        }
    }

    @Test
    void eightBitCurrentPlaneOnly() {
        ImageStack stack = new ImageStack(32, 32);
        for (int i = 0; i < 3; i++) stack.addSlice(new ByteProcessor(32, 32));
        ImagePlus imp = new ImagePlus("s", stack);
        imp.setSlice(2);
        ImagePlus out = FastStyleCommand.run(imp, candy().set(FastStyleSpec.PLANES, org.styletransfer.command.PlaneScope.CURRENT), Progress.NONE).image();
        assertEquals(1, out.getStackSize());
        assertEquals(ImagePlus.GRAY8, out.getType());
    }

    @Test
    void cancelStopsWithinATileAndLeavesTheSourceAlone() {
        ImagePlus imp = NewImage.createRGBImage("rgb", 400, 300, 1, NewImage.FILL_RAMP);
        int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
        int[] tiles = {0};
        Progress cancelAfterOne = new Progress() {
            @Override
            public void update(long done, long total, String status) {
                // Only the per-tile lines count: "Loading model ..." comes before the first tile.
                if (status != null && status.startsWith("Fast style")) tiles[0]++;
            }

            @Override
            public boolean isCancelled() {
                return tiles[0] >= 1;
            }
        };
        ParamValues v = candy().set(FastStyleSpec.TILE_SIZE, 128);
        assertThrows(CancelledException.class, () -> FastStyleCommand.run(imp, v, cancelAfterOne));
        assertEquals(1, tiles[0], "stopped before the second tile");
        assertArrayEquals(before, (int[]) imp.getProcessor().getPixels());
    }

    private static String failure(ImagePlus imp, ParamValues v) {
        return assertThrows(StyleTransferException.class, () -> FastStyleCommand.run(imp, v, Progress.NONE)).getMessage();
    }

    @Test
    void badModelsGetClearMessages(@TempDir Path dir) throws Exception {
        ImagePlus imp = NewImage.createRGBImage("rgb", 32, 32, 1, NewImage.FILL_RAMP);
        Path wrong = dir.resolve("gray.onnx");
        TestModels.wrongChannels(wrong);
        String msg = failure(imp, candy().set(FastStyleSpec.MODEL_FILE, wrong.toString()));
        assertTrue(msg.contains("[1,3,H,W]"), msg);

        Path two = dir.resolve("two.onnx");
        TestModels.twoInputs(two);
        assertTrue(failure(imp, candy().set(FastStyleSpec.MODEL_FILE, two.toString())).contains("2 inputs"));

        byte[] real = Files.readAllBytes(SharedData.model("derived/fast_style_pytorch_zoo/candy.onnx"));
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(real, real.length / 2));
        msg = failure(imp, candy().set(FastStyleSpec.MODEL_FILE, truncated.toString()));
        assertTrue(msg.contains("truncated or corrupt"), msg);

        Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "this is not a model");
        msg = failure(imp, candy().set(FastStyleSpec.MODEL_FILE, garbage.toString()));
        assertTrue(msg.contains("garbage.onnx"), msg);

        msg = failure(imp, candy().set(FastStyleSpec.MODEL_FILE, dir.resolve("missing.onnx").toString()));
        assertTrue(msg.contains("neither a model of the catalogue"), msg);

        msg = failure(imp, candy().set(FastStyleSpec.BLEND_WITH, "mosaic:0.7, udnie:0.6"));
        assertTrue(msg.contains("at most 1"), msg);
    }

    @Test
    void badImagesGetClearMessages() {
        assertTrue(failure(null, candy()).contains("No image"));
        assertTrue(failure(new ImagePlus(), candy()).contains("no planes"));
        assertTrue(failure(new ImagePlus("dot", new ByteProcessor(1, 1)), candy()).contains("1x1"));
        // A huge virtual stack: the result could never fit; nothing is read or allocated for it.
        ImagePlus huge = new ImagePlus("huge", new HugeStack(20000, 20000, 60));
        String msg = failure(huge, candy());
        assertTrue(msg.contains("MB") && msg.contains("current plane"), msg);
    }

    @Test
    void temporalCoherenceSmoothsLaterFramesOfATimeSeries() {
        ImageStack stack = new ImageStack(64, 48);
        for (int t = 0; t < 3; t++) {
            ij.process.ColorProcessor cp = new ij.process.ColorProcessor(64, 48);
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    int v = (int) (127 + 100 * Math.sin((x - 2 * t) / 5.0) * Math.cos(y / 7.0));
                    cp.set(x, y, (v << 16) | ((255 - v) << 8) | (x * 4));
                }
            }
            stack.addSlice(cp);
        }
        ImagePlus movie = new ImagePlus("movie", stack);
        movie.setDimensions(1, 1, 3);
        ImagePlus off = FastStyleCommand.run(movie, candy(), Progress.NONE).image();
        ImagePlus on = FastStyleCommand.run(movie, candy().set(FastStyleSpec.TEMPORAL_COHERENCE, 0.6), Progress.NONE).image();
        assertArrayEquals((int[]) off.getStack().getPixels(1), (int[]) on.getStack().getPixels(1), "first frame as is");
        assertFalse(Arrays.equals((int[]) off.getStack().getPixels(3), (int[]) on.getStack().getPixels(3)),
            "later frames are blended with the previous result");
        assertEquals(3, on.getNFrames());
    }

    /** A virtual stack that claims many huge planes and hands out one small-memory processor. */
    static final class HugeStack extends VirtualStack {
        private final int n;
        private ByteProcessor plane;

        HugeStack(int w, int h, int n) {
            super(w, h, null, null);
            this.n = n;
        }

        @Override
        public int getSize() {
            return n;
        }

        @Override
        public ImageProcessor getProcessor(int i) {
            if (plane == null) plane = new ByteProcessor(getWidth(), getHeight());
            return plane;
        }
    }
}
