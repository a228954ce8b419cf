package org.styletransfer.lossgraph;

import java.util.ArrayList;
import java.util.List;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.train.DecoderArchitecture.Conv;

/**
 * Gradients w.r.t. convolution kernels as GEMMs. For a 3x3 conv without padding on a padded
 * input P [N,in,h+2,w+2] with output gradient G [N,out,h,w]:
 * dW[o,i,ky,kx] = sum over n,y,x of G[n,o,y,x] P[n,i,y+ky,x+kx], i.e. for each of the nine
 * offsets one batched MatMul of G [N,out,h w] with the shifted view of P [N,in,h w] transposed,
 * summed over the batch.
 *
 * <p>Measured on ONNX Runtime's CPU provider ([4,64,96,96], 64 to 64 channels; see
 * docs/benchmarks.md): these nine MatMuls on the shifted views ran at 18-22 GFLOP/s, against
 * 11-14 for one MatMul on the concatenated im2col matrix (the Concat copies nine times the input
 * once more) and 9 for a single GEMM after moving the batch into the columns (two large
 * Transposes); a forward Conv of the same FLOPs ran at 17-27.
 */
final class WeightGradients {

    private WeightGradients() {
    }

    /** dLoss/dW [out,in,3,3] from the padded conv input and the output gradient. */
    static String kernel(GraphWriter g, String padded, String gradOutput, Conv conv) {
        String grad = g.op("Reshape", "dW_g", gradOutput, g.longs(0, conv.out(), -1));
        List<String> offsets = new ArrayList<>();
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                String view = g.slice("dW_view", padded, new long[] {ky, kx}, new long[] {end(ky), end(kx)},
                        new long[] {2, 3}, new long[] {1, 1});
                String rows = g.op("Reshape", "dW_rows", view, g.longs(0, conv.in(), -1));
                String columns = g.op("Transpose", "dW_cols", List.of(rows), OnnxAttribute.ofInts("perm", 0, 2, 1));
                offsets.add(g.op("MatMul", "dW_offset", grad, columns));
            }
        }
        // [N, out, 9 in], offsets (ky, kx) outermost: sum the batch, reorder to [out, in, ky, kx].
        String all = g.op("Concat", "dW_all", offsets, OnnxAttribute.ofInt("axis", 2));
        String summed = g.op("ReduceSum", "dW_sum", List.of(all, g.longs(0)), OnnxAttribute.ofInt("keepdims", 0));
        String split = g.op("Reshape", "dW_split", summed, g.longs(conv.out(), 3, 3, conv.in()));
        return g.op("Transpose", "dW", List.of(split), OnnxAttribute.ofInts("perm", 0, 3, 1, 2));
    }

    /** Slice end for offset k of 3: h+2 - (2 - k) from the end. */
    private static long end(int k) {
        return k == 2 ? GraphWriter.END : k - 2;
    }
}
