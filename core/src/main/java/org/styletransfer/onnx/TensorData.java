package org.styletransfer.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.styletransfer.onnx.OnnxFields.Tensor;

/**
 * A constant tensor (TensorProto): an initializer or the value of a tensor attribute. Tensors
 * read from a model decode their data only when asked, so listing a model's weights is cheap.
 */
public final class TensorData {

    private static final long EXTERNAL_DATA = 1;

    private final String name;
    private final int elementCode;
    private final long[] dims;
    private final ProtoMessage proto;

    private TensorData(String name, int elementCode, long[] dims, ProtoMessage proto) {
        this.name = name;
        this.elementCode = elementCode;
        this.dims = dims;
        this.proto = proto;
    }

    /** A float tensor; {@code values} must hold exactly the product of {@code dims}. */
    public static TensorData ofFloats(String name, long[] dims, float[] values) {
        checkCount(dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return encoded(name, ElementType.FLOAT, dims, raw.array());
    }

    /** An int64 tensor; {@code values} must hold exactly the product of {@code dims}. */
    public static TensorData ofLongs(String name, long[] dims, long[] values) {
        checkCount(dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return encoded(name, ElementType.INT64, dims, raw.array());
    }

    /** A rank-0 float tensor. */
    public static TensorData scalar(String name, float value) {
        return ofFloats(name, new long[0], new float[] {value});
    }

    private static TensorData encoded(String name, ElementType type, long[] dims, byte[] raw) {
        ProtoMessage proto = new ProtoMessage();
        for (long dim : dims) {
            proto.add(ProtoField.varint(Tensor.DIMS, dim));
        }
        proto.add(ProtoField.varint(Tensor.DATA_TYPE, type.code()));
        proto.add(ProtoField.string(Tensor.NAME, name));
        proto.add(ProtoField.wrap(Tensor.RAW_DATA, raw));
        return new TensorData(name, type.code(), dims.clone(), proto);
    }

    private static void checkCount(long[] dims, int count) {
        long expected = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
            expected *= dim;
        }
        if (expected != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " needs " + expected
                    + " values, got " + count);
        }
    }

    /** Decodes the header and checks that the data size matches the shape. */
    static TensorData fromProto(ProtoMessage proto) throws InvalidModelException {
        String name = proto.string(Tensor.NAME, "");
        int element = (int) proto.varint(Tensor.DATA_TYPE, 0);
        long[] dims = proto.varints(Tensor.DIMS);
        TensorData tensor = new TensorData(name, element, dims, proto);
        tensor.checkRawSize();
        return tensor;
    }

    private void checkRawSize() throws InvalidModelException {
        int byteSize = elementType().byteSize();
        ProtoField raw = proto.last(Tensor.RAW_DATA).orElse(null);
        if (raw == null || byteSize == 0) {
            return;
        }
        long count = elementCount();
        if (count < 0 || raw.wireType() != WireType.LENGTH_DELIMITED
                || raw.valueLength() != count * byteSize) {
            throw new InvalidModelException("corrupt tensor '" + name + "' at byte offset "
                    + raw.sourceOffset() + ": shape " + Arrays.toString(dims) + " of "
                    + elementType() + " does not match its " + raw.valueLength() + " data bytes",
                    raw.sourceOffset());
        }
    }

    /** The tensor name (empty for unnamed attribute tensors). */
    public String name() {
        return name;
    }

    /** The element type. */
    public ElementType elementType() {
        return ElementType.fromCode(elementCode);
    }

    /** The dimensions (empty for a scalar). */
    public long[] dims() {
        return dims.clone();
    }

    /** Product of the dimensions, or -1 if a dimension is negative or it overflows. */
    public long elementCount() {
        long count = 1;
        for (long dim : dims) {
            if (dim < 0) {
                return -1;
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return count;
    }

    /**
     * The values of a FLOAT tensor, from raw_data (little-endian) or float_data.
     *
     * @throws IllegalStateException if the tensor is not FLOAT or its data is stored outside the
     *     model file
     */
    public float[] floats() {
        requireType(ElementType.FLOAT);
        try {
            ProtoField raw = proto.last(Tensor.RAW_DATA).orElse(null);
            if (raw == null) {
                return proto.floats(Tensor.FLOAT_DATA);
            }
            float[] values = new float[raw.valueLength() / Float.BYTES];
            raw.byteBuffer().asFloatBuffer().get(values);
            return values;
        } catch (InvalidModelException e) {
            throw new IllegalStateException("cannot decode tensor '" + name + "'", e);
        }
    }

    /**
     * The values of an INT64 tensor, from raw_data (little-endian) or int64_data.
     *
     * @throws IllegalStateException if the tensor is not INT64 or stored externally
     */
    public long[] longs() {
        requireType(ElementType.INT64);
        try {
            ProtoField raw = proto.last(Tensor.RAW_DATA).orElse(null);
            if (raw == null) {
                return proto.varints(Tensor.INT64_DATA);
            }
            long[] values = new long[raw.valueLength() / Long.BYTES];
            raw.byteBuffer().asLongBuffer().get(values);
            return values;
        } catch (InvalidModelException e) {
            throw new IllegalStateException("cannot decode tensor '" + name + "'", e);
        }
    }

    private void requireType(ElementType expected) {
        if (elementCode != expected.code()) {
            throw new IllegalStateException("tensor '" + name + "' is " + elementType() + ", not " + expected);
        }
        try {
            if (proto.varint(Tensor.DATA_LOCATION, 0) == EXTERNAL_DATA) {
                throw new IllegalStateException("tensor '" + name
                        + "' is stored in an external data file, which is not supported");
            }
        } catch (InvalidModelException e) {
            throw new IllegalStateException("cannot decode tensor '" + name + "'", e);
        }
    }

    /** The TensorProto; shared, so callers must not edit it. */
    ProtoMessage toProto() {
        return proto;
    }

    @Override
    public String toString() {
        return name + " " + elementType() + Arrays.toString(dims);
    }
}
