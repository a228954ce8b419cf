package org.styletransfer.lossgraph;

import java.util.ArrayList;
import java.util.List;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.train.DecoderArchitecture.Conv;

/**
 * Gradients w.r.t. convolution kernels as GEMMs. For a 3x3 conv without padding on a padded
 * input P [N,in,h+2,w+2] with output gradient G [N,out,h,w]:
 * dW[o,i,ky,kx] = sum over n,y,x of G[n,o,y,x] P[n,i,y+ky,x+kx]. The nine shifted views of P
 * (im2col by Slice and Concat) make a [N,9 in,h w] matrix, and one batched MatMul against
 * G [N,out,h w] gives [N,out,9 in], summed over the batch.
 */
final class WeightGradients {

    private WeightGradients() {
    }

    /** dLoss/dW [out,in,3,3] from the padded conv input and the output gradient. */
    static String kernel(GraphWriter g, String padded, String gradOutput, Conv conv) {
        String cols = g.op("Reshape", "dW_cols", im2col(g, padded), g.longs(0, 9L * conv.in(), -1));
        String grad = g.op("Reshape", "dW_g", gradOutput, g.longs(0, conv.out(), -1));
        String colsT = g.op("Transpose", "dW_cols_t", List.of(cols), OnnxAttribute.ofInts("perm", 0, 2, 1));
        String perImage = g.op("MatMul", "dW_batch", grad, colsT);
        String summed = g.op("ReduceSum", "dW_sum", List.of(perImage, g.longs(0)), OnnxAttribute.ofInt("keepdims", 0));
        // Columns are ordered (ky, kx, in): reorder to the kernel's [out, in, ky, kx].
        String split = g.op("Reshape", "dW_split", summed, g.longs(conv.out(), 3, 3, conv.in()));
        return g.op("Transpose", "dW", List.of(split), OnnxAttribute.ofInts("perm", 0, 3, 1, 2));
    }

    /** The nine shifted h x w views of a padded [N,C,h+2,w+2] value, concatenated to [N,9C,h,w]. */
    static String im2col(GraphWriter g, String padded) {
        List<String> views = new ArrayList<>();
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                views.add(g.slice("dW_view", padded, new long[] {ky, kx}, new long[] {end(ky), end(kx)},
                        new long[] {2, 3}, new long[] {1, 1}));
            }
        }
        return g.op("Concat", "dW_im2col", views, OnnxAttribute.ofInt("axis", 1));
    }

    /** Slice end for offset k of 3: h+2 - (2 - k) from the end. */
    private static long end(int k) {
        return k == 2 ? GraphWriter.END : k - 2;
    }
}
