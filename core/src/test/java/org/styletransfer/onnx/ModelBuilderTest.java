package org.styletransfer.onnx;

import org.styletransfer.testutil.OrtRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A tiny network built from scratch must run in ONNX Runtime and match a plain Java loop. */
class ModelBuilderTest {

    private static final int H = 5;
    private static final int W = 7;

    @Test
    void tinyImageNetworkMatchesJavaReference() throws Exception {
        SplittableRandom random = new SplittableRandom(2024);
        float[] w1 = random(random, 4 * 3 * 9, 0.02f);
        float[] b1 = random(random, 4, 0.5f);
        float[] scale = random(random, 4, 1f);
        float[] shift = random(random, 4, 1f);
        float[] w2 = random(random, 3 * 4 * 9, 0.5f);
        float[] b2 = random(random, 3, 0.5f);
        OnnxModel model = OnnxModel.builder(13)
                .docString("tiny test net")
                .input(TensorInfo.floatTensor("x", 1, 3, -1, -1).withDimParams(null, null, "h", "w"))
                .floatInitializer("w1", new long[] {4, 3, 3, 3}, w1)
                .floatInitializer("b1", new long[] {4}, b1)
                .floatInitializer("scale", new long[] {4}, scale)
                .floatInitializer("shift", new long[] {4}, shift)
                .floatInitializer("w2", new long[] {3, 4, 3, 3}, w2)
                .floatInitializer("b2", new long[] {3}, b2)
                .node(conv("c1", "x", "w1", "b1"))
                .node(OnnxNode.of("InstanceNormalization", List.of("c1", "scale", "shift"), List.of("n1"),
                        OnnxAttribute.ofFloat("epsilon", 1e-5f)))
                .node(OnnxNode.of("Relu", "r1", "n1"))
                .node(conv("y", "r1", "w2", "b2"))
                .output(TensorInfo.floatTensor("y", 1, 3, -1, -1).withDimParams(null, null, "h", "w"))
                .build();

        OnnxModel reread = OnnxModel.parse(model.toBytes());
        assertEquals("tiny test net", reread.docString());
        assertEquals(13, reread.opsetVersion());
        assertEquals("h", reread.inputs().get(0).dimParam(2).orElseThrow());

        OrtRun.Tensor x = OrtRun.Tensor.randomImage(9, 1, 3, H, W);
        Map<String, OrtRun.Tensor> out = Ort.run(model.toBytes(), "x", x);
        OrtRun.Tensor y = out.get("y");
        assertArrayEquals(new long[] {1, 3, H, W}, y.shape());

        float[] expected = conv3x3(relu(instanceNorm(conv3x3(x.values(), 3, w1, b1, 4), 4, scale, shift)),
                4, w2, b2, 3);
        assertEquals(0, Ort.maxAbsDiff(expected, y.values()), 1e-3);
    }

    @Test
    void undefinedInputsAreCaughtAtBuildTime() {
        ModelBuilder builder = OnnxModel.builder(13)
                .input(TensorInfo.floatTensor("x", 1))
                .node(OnnxNode.of("Add", "y", "x", "missing"))
                .output(TensorInfo.floatTensor("y", 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
        assertEquals(true, e.getMessage().contains("missing"));
    }

    private static OnnxNode conv(String output, String input, String weights, String bias) {
        return OnnxNode.of("Conv", List.of(input, weights, bias), List.of(output),
                OnnxAttribute.ofInts("kernel_shape", 3, 3), OnnxAttribute.ofInts("pads", 1, 1, 1, 1));
    }

    private static float[] random(SplittableRandom random, int count, float amplitude) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * amplitude);
        }
        return values;
    }

    /** 3x3 convolution with zero padding 1, stride 1, on an H x W image. */
    private static float[] conv3x3(float[] in, int inC, float[] w, float[] b, int outC) {
        float[] out = new float[outC * H * W];
        for (int o = 0; o < outC; o++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double sum = b[o];
                    for (int c = 0; c < inC; c++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int sy = y + ky - 1;
                                int sx = x + kx - 1;
                                if (sy >= 0 && sy < H && sx >= 0 && sx < W) {
                                    sum += in[(c * H + sy) * W + sx] * w[((o * inC + c) * 3 + ky) * 3 + kx];
                                }
                            }
                        }
                    }
                    out[(o * H + y) * W + x] = (float) sum;
                }
            }
        }
        return out;
    }

    private static float[] instanceNorm(float[] in, int channels, float[] scale, float[] shift) {
        float[] out = new float[in.length];
        int plane = H * W;
        for (int c = 0; c < channels; c++) {
            double mean = 0;
            for (int i = 0; i < plane; i++) {
                mean += in[c * plane + i];
            }
            mean /= plane;
            double var = 0;
            for (int i = 0; i < plane; i++) {
                double d = in[c * plane + i] - mean;
                var += d * d;
            }
            var /= plane;
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (float) ((in[c * plane + i] - mean) / Math.sqrt(var + 1e-5) * scale[c] + shift[c]);
            }
        }
        return out;
    }

    private static float[] relu(float[] in) {
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = Math.max(0, in[i]);
        }
        return out;
    }
}
