package org.styletransfer.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.styletransfer.onnx.proto.TensorShapeProto;
import org.styletransfer.onnx.proto.TypeProto;
import org.styletransfer.onnx.proto.ValueInfoProto;

/**
 * Name, element type and shape of a graph input, output or intermediate value
 * (ValueInfoProto). Symbolic or unknown dimensions are -1; a symbolic one may carry a name
 * (dim_param) such as "height".
 */
public final class TensorInfo {

    private final String name;
    private final int elementCode;
    private final long[] dims;
    private final String[] dimParams;
    private final boolean hasShape;

    private TensorInfo(String name, int elementCode, long[] dims, String[] dimParams, boolean hasShape) {
        this.name = name;
        this.elementCode = elementCode;
        this.dims = dims;
        this.dimParams = dimParams;
        this.hasShape = hasShape;
    }

    /** A float tensor; -1 dimensions are symbolic without a name. */
    public static TensorInfo floatTensor(String name, long... dims) {
        return of(name, ElementType.FLOAT, dims);
    }

    /** A tensor of {@code type}; -1 dimensions are symbolic without a name. */
    public static TensorInfo of(String name, ElementType type, long... dims) {
        return new TensorInfo(name, type.code(), dims.clone(), new String[dims.length], true);
    }

    /**
     * A copy whose symbolic dimensions get names: {@code params[i]} names dimension i when that
     * dimension is -1 (null entries stay unnamed). Equal names tell the runtime that two
     * dimensions are the same size.
     */
    public TensorInfo withDimParams(String... params) {
        if (params.length != dims.length) {
            throw new IllegalArgumentException("expected " + dims.length + " names, got " + params.length);
        }
        return new TensorInfo(name, elementCode, dims, params.clone(), hasShape);
    }

    /** The value name. */
    public String name() {
        return name;
    }

    /** The element type ({@link ElementType#UNDEFINED} if not a tensor or not listed). */
    public ElementType elementType() {
        return ElementType.fromCode(elementCode);
    }

    /** True when the shape (at least the rank) is declared. */
    public boolean hasShape() {
        return hasShape;
    }

    /** The dimensions, -1 where symbolic or unknown; empty when {@link #hasShape()} is false. */
    public long[] dims() {
        return dims.clone();
    }

    /** Name of symbolic dimension {@code i}, if it has one. */
    public Optional<String> dimParam(int i) {
        return Optional.ofNullable(dimParams[i]);
    }

    static TensorInfo fromProto(ValueInfoProto valueInfo) {
        String name = valueInfo.getName();
        if (!valueInfo.getType().hasTensorType()) {
            return new TensorInfo(name, 0, new long[0], new String[0], false);
        }
        TypeProto.Tensor tensorType = valueInfo.getType().getTensorType();
        int element = tensorType.getElemType();
        if (!tensorType.hasShape()) {
            return new TensorInfo(name, element, new long[0], new String[0], false);
        }
        List<TensorShapeProto.Dimension> dimensions = tensorType.getShape().getDimList();
        long[] dims = new long[dimensions.size()];
        String[] params = new String[dims.length];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension dim = dimensions.get(i);
            dims[i] = dim.hasDimValue() ? dim.getDimValue() : -1;
            params[i] = dim.hasDimParam() ? dim.getDimParam() : null;
        }
        return new TensorInfo(name, element, dims, params, true);
    }

    ValueInfoProto toProto() {
        TypeProto.Tensor.Builder tensorType = TypeProto.Tensor.newBuilder().setElemType(elementCode);
        if (hasShape) {
            tensorType.setShape(shapeProto());
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
    }

    private TensorShapeProto shapeProto() {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            // A dimension with neither value nor param means "unknown", which the runtime accepts.
            TensorShapeProto.Dimension.Builder dim = shape.addDimBuilder();
            if (dims[i] >= 0) {
                dim.setDimValue(dims[i]);
            } else if (dimParams[i] != null) {
                dim.setDimParam(dimParams[i]);
            }
        }
        return shape.build();
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            shown.add(dims[i] >= 0 ? Long.toString(dims[i]) : dimParams[i] != null ? dimParams[i] : "?");
        }
        return name + " " + elementType() + (hasShape ? shown.toString() : "[unknown shape]");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that && name.equals(that.name)
                && elementCode == that.elementCode && hasShape == that.hasShape
                && Arrays.equals(dims, that.dims) && Arrays.equals(dimParams, that.dimParams);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims);
    }
}
