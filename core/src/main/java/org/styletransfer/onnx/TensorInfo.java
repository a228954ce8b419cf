package org.styletransfer.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.styletransfer.onnx.OnnxFields.ValueInfo;

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

    static TensorInfo fromProto(ProtoMessage valueInfo) throws InvalidModelException {
        String name = valueInfo.string(ValueInfo.NAME, "");
        Optional<ProtoMessage> tensorType = Optional.empty();
        Optional<ProtoMessage> type = valueInfo.message(ValueInfo.TYPE);
        if (type.isPresent()) {
            tensorType = type.get().message(ValueInfo.TYPE_TENSOR);
        }
        if (tensorType.isEmpty()) {
            return new TensorInfo(name, 0, new long[0], new String[0], false);
        }
        int element = (int) tensorType.get().varint(ValueInfo.TENSOR_ELEM_TYPE, 0);
        Optional<ProtoMessage> shape = tensorType.get().message(ValueInfo.TENSOR_SHAPE);
        if (shape.isEmpty()) {
            return new TensorInfo(name, element, new long[0], new String[0], false);
        }
        List<ProtoMessage> dimensions = shape.get().messages(ValueInfo.SHAPE_DIM);
        long[] dims = new long[dimensions.size()];
        String[] params = new String[dims.length];
        for (int i = 0; i < dims.length; i++) {
            ProtoMessage dim = dimensions.get(i);
            dims[i] = dim.has(ValueInfo.DIM_VALUE) ? dim.varint(ValueInfo.DIM_VALUE, -1) : -1;
            params[i] = dim.string(ValueInfo.DIM_PARAM, null);
        }
        return new TensorInfo(name, element, dims, params, true);
    }

    ProtoMessage toProto() {
        ProtoMessage tensorType = new ProtoMessage()
                .add(ProtoField.varint(ValueInfo.TENSOR_ELEM_TYPE, elementCode));
        if (hasShape) {
            tensorType.add(ProtoField.message(ValueInfo.TENSOR_SHAPE, shapeProto()));
        }
        ProtoMessage type = new ProtoMessage().add(ProtoField.message(ValueInfo.TYPE_TENSOR, tensorType));
        return new ProtoMessage()
                .add(ProtoField.string(ValueInfo.NAME, name))
                .add(ProtoField.message(ValueInfo.TYPE, type));
    }

    private ProtoMessage shapeProto() {
        ProtoMessage shape = new ProtoMessage();
        for (int i = 0; i < dims.length; i++) {
            ProtoMessage dim = new ProtoMessage();
            // A dimension with neither value nor param means "unknown", which the runtime accepts.
            if (dims[i] >= 0) {
                dim.add(ProtoField.varint(ValueInfo.DIM_VALUE, dims[i]));
            } else if (dimParams[i] != null) {
                dim.add(ProtoField.string(ValueInfo.DIM_PARAM, dimParams[i]));
            }
            shape.add(ProtoField.message(ValueInfo.SHAPE_DIM, dim));
        }
        return shape;
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
