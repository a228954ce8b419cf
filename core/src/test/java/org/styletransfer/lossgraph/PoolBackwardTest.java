package org.styletransfer.lossgraph;

import org.styletransfer.testutil.OrtRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.styletransfer.testutil.OrtRun.Tensor;
import org.styletransfer.onnx.TensorInfo;

/**
 * Pooling backward passes on hand-made inputs, where finite differences cannot help: tied maxima
 * (the max is not differentiable there) must send the whole gradient to one position, the first
 * in row-major order, never to all tied positions.
 */
class PoolBackwardTest {

    @ParameterizedTest(name = "graph for {0}")
    @EnumSource(GraphTarget.class)
    void maxPoolGradientGoesToTheFirstMaximumOfEachWindow(GraphTarget target) throws Exception {
        // One channel, 2x8: four 2x2 windows side by side.
        float[] input = {
            1, 1, 0, 2, 0, 0, 0, 0,
            1, 1, 2, 1, 3, 3, 0, 5};
        float[] grad = {10, 20, 30, 40};
        float[] expected = {
            10, 0, 0, 20, 0, 0, 0, 0,
            0, 0, 0, 0, 30, 0, 0, 40};
        assertArrayEquals(expected, run(target, input, grad), 0f);
    }

    @Test
    void averagePoolGradientIsSpreadEvenly() throws Exception {
        float[] input = new float[16];
        float[] grad = {4, 8, 12, 16};
        float[] expected = {
            1, 1, 2, 2, 3, 3, 4, 4,
            1, 1, 2, 2, 3, 3, 4, 4};
        assertArrayEquals(expected, run(null, input, grad), 0f);
    }

    /** Max pooling's backward pass for {@code target}, or average pooling's when it is null. */
    private static float[] run(GraphTarget target, float[] input, float[] grad) throws Exception {
        GraphWriter g = new GraphWriter("test");
        String x = g.input(TensorInfo.floatTensor("x", 1, 1, 2, 8));
        String dy = g.input(TensorInfo.floatTensor("dy", 1, 1, 1, 4));
        String dx = target != null
                ? VggForward.maxPoolBackward(g, "dx", x, VggForward.maxPool(g, "pooled", x).indices(), dy, target)
                : VggForward.averagePoolBackward(g, "dx", dy);
        g.output(dx, TensorInfo.floatTensor("dx_out", 1, 1, 2, 8));
        try (OrtRun run = new OrtRun(g.build(), 1)) {
            return run.run(Map.of("x", Tensor.of(input, 1, 1, 2, 8), "dy", Tensor.of(grad, 1, 1, 1, 4)))
                    .get("dx_out").values();
        }
    }
}
