package org.styletransfer.engine;

import java.util.List;

/**
 * What a model takes and returns, as ONNX Runtime loaded it.
 *
 * @param inputs  the model's inputs in order
 * @param outputs the model's outputs in order
 */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    private static final String STYLE_NETWORK = " A style network must take one image tensor [1,3,H,W] (float)"
        + " and return one [1,3,H,W].";

    /**
     * Checks that this is a same-size image-to-image network, as style networks are: one float
     * input [1,3,H,W], and a float [1,3,H,W] first output (H and W may be dynamic).
     *
     * @param label names the model in messages
     * @return the image input
     * @throws StyleTransferException naming the model, what it takes and returns, and what is needed
     */
    public TensorSpec imageInput(String label) {
        if (inputs.size() != 1) {
            throw new StyleTransferException(label + " has " + inputs.size() + " inputs " + inputs + "." + STYLE_NETWORK);
        }
        if (outputs.isEmpty()) throw new StyleTransferException(label + " has no outputs." + STYLE_NETWORK);
        TensorSpec in = inputs.get(0);
        TensorSpec out = outputs.get(0);
        if (!isImage(in) || !isImage(out)) {
            throw new StyleTransferException(label + " takes " + in + " and returns " + out + "." + STYLE_NETWORK);
        }
        if (in.isFixed() && out.isFixed() && (in.dim(2) != out.dim(2) || in.dim(3) != out.dim(3))) {
            throw new StyleTransferException(label + " changes the image size (" + in + " -> " + out + ");"
                + " only same-size image-to-image networks can be tiled.");
        }
        return in;
    }

    private static boolean isImage(TensorSpec t) {
        return t.type().equals("float") && t.shape().length == 4 && t.dim(1) == 3 && (t.dim(0) == 1 || t.dim(0) == -1);
    }
}
