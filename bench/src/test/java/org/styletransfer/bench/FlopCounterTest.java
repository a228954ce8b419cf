package org.styletransfer.bench;

import org.styletransfer.testutil.SharedData;
import org.junit.jupiter.api.Test;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorData;
import org.styletransfer.onnx.TensorInfo;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlopCounterTest {

    /** 2 x MACs of a convolution with a k x k kernel producing h x w pixels. */
    private static long conv(long cin, long cout, long k, long h, long w) {
        return 2 * cin * cout * k * k * h * w;
    }

    /** The pytorch/examples TransformerNet (as ../shared/peers/flops.py counts it). */
    static long transformerNet(long h, long w) {
        long f = conv(3, 32, 9, h, w) + conv(32, 64, 3, h / 2, w / 2) + conv(64, 128, 3, h / 4, w / 4);
        f += 10 * conv(128, 128, 3, h / 4, w / 4);
        return f + conv(128, 64, 3, h / 2, w / 2) + conv(64, 32, 3, h, w) + conv(32, 3, 9, h, w);
    }

    @Test
    void countsThePytorchTransformerNet() throws Exception {
        OnnxModel candy = OnnxModel.read(SharedData.model(SharedData.CANDY));
        for (long[] hw : new long[][] {{512, 512}, {256, 320}, {2160, 3840}}) {
            FlopCounter.Count c = FlopCounter.count(candy, hw[0], hw[1]);
            assertEquals(transformerNet(hw[0], hw[1]), c.flops(), "at " + hw[0] + "x" + hw[1]);
            assertEquals(16, c.layers().size());
            assertArrayEquals(new long[] {1, 3, hw[0], hw[1]}, c.outputShape());
        }
        // The figures of ../shared/peers/flops.py: 80.63 GFLOP at 512x512, 322.53 at 1024x1024.
        assertEquals(80.63e9, FlopCounter.count(candy, 512, 512).flops(), 0.005e9);
        assertEquals(322.53e9, FlopCounter.count(candy, 1024, 1024).flops(), 0.005e9);
    }

    @Test
    void countsTheEngstromNetWithTransposedConvolutions() throws Exception {
        OnnxModel wave = OnnxModel.read(SharedData.model(SharedData.WAVE));
        long h = 256;
        long w = 320;
        long expected = conv(3, 32, 9, h, w) + conv(32, 64, 3, h / 2, w / 2) + conv(64, 128, 3, h / 4, w / 4)
            + 10 * conv(128, 128, 3, h / 4, w / 4)
            // ConvTranspose: every input pixel meets the whole kernel, so the count uses the input size.
            + conv(128, 64, 3, h / 4, w / 4) + conv(64, 32, 3, h / 2, w / 2) + conv(32, 3, 9, h, w);
        FlopCounter.Count c = FlopCounter.count(wave, h, w);
        assertEquals(expected, c.flops());
        assertArrayEquals(new long[] {1, 3, h, w}, c.outputShape());
    }

    @Test
    void propagatesPadsStridesGroupsAndResize() {
        OnnxModel m = OnnxModel.builder(13)
            .input(TensorInfo.floatTensor("x", 1, 4, -1, -1))
            .floatInitializer("w1", new long[] {8, 2, 3, 3}, new float[8 * 2 * 9])
            .int64Initializer("pads", new long[] {8}, new long[] {0, 0, 1, 2, 0, 0, 1, 2})
            .floatInitializer("scales", new long[] {4}, new float[] {1, 1, 2, 2})
            .floatInitializer("w2", new long[] {8, 6, 3, 3}, new float[8 * 6 * 9])
            .node(OnnxNode.of("Pad", "p", "x", "pads").withAttribute(OnnxAttribute.ofString("mode", "reflect")))
            .node(OnnxNode.of("Conv", "c1", "p", "w1")
                .withAttribute(OnnxAttribute.ofInts("strides", 2, 2))
                .withAttribute(OnnxAttribute.ofInt("group", 2)))
            .node(OnnxNode.of("Relu", "r", "c1"))
            .node(OnnxNode.of("Resize", List.of("r", "", "scales"), List.of("u")))
            .node(OnnxNode.of("ConvTranspose", "t", "u", "w2")
                .withAttribute(OnnxAttribute.ofInts("strides", 2, 2))
                .withAttribute(OnnxAttribute.ofInts("pads", 1, 1, 1, 1))
                .withAttribute(OnnxAttribute.ofInts("output_padding", 1, 1)))
            .node(OnnxNode.of("Conv", "y", "t", "w3")
                .withAttribute(OnnxAttribute.ofString("auto_pad", "SAME_UPPER"))
                .withAttribute(OnnxAttribute.ofInts("strides", 2, 2)))
            .initializer(TensorData.ofFloats("w3", new long[] {5, 6, 1, 1}, new float[30]))
            .output(TensorInfo.floatTensor("y", 1, 5, -1, -1))
            .build();
        FlopCounter.Count c = FlopCounter.count(m, 10, 20);
        // Pad: 12x24; conv 3x3 s2: 5x11 (8 channels, 2 groups of 2 inputs); resize x2: 10x22;
        // convT s2 pads 1 op 1: 2*9+1+3-2 = 20, 2*21+1+3-2 = 44; conv 1x1 SAME s2: 10x22.
        long conv1 = 8L * 2 * 9 * 5 * 11;
        long convT = 8L * 6 * 9 * 10 * 22;
        long conv3 = 5L * 6 * 10 * 22;
        assertEquals(2 * (conv1 + convT + conv3), c.flops());
        assertArrayEquals(new long[] {1, 6, 20, 44}, c.layers().get(1).output());
        assertArrayEquals(new long[] {1, 5, 10, 22}, c.outputShape());
    }

    @Test
    void refusesUnknownOperators() {
        OnnxModel m = OnnxModel.builder(13)
            .input(TensorInfo.floatTensor("x", 1, 3, -1, -1))
            .node(OnnxNode.of("SpaceToDepth", "y", "x"))
            .output(TensorInfo.floatTensor("y", 1, 12, -1, -1))
            .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlopCounter.count(m, 8, 8));
        assertTrue(e.getMessage().contains("SpaceToDepth"), e.getMessage());
    }
}
