package org.styletransfer.engine;

import java.util.Arrays;

/**
 * Name, element type and shape of a model input or output as the model declares it; dynamic
 * dimensions are -1.
 */
public record TensorSpec(String name, String type, long[] shape) {

    /** True when every dimension is fixed. */
    public boolean isFixed() {
        return Arrays.stream(shape).allMatch(d -> d > 0);
    }

    /** Dimension {@code i}, or -1 when dynamic or absent. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : -1;
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape).replace("-1", "?");
    }
}
