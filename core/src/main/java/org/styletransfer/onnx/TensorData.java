package org.styletransfer.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.styletransfer.onnx.proto.TensorProto;

/**
 * A constant tensor (TensorProto): an initializer or the value of a tensor attribute. Tensors
 * read from a model decode their data only when asked, so listing a model's weights is cheap.
 */
public final class TensorData {

    private final TensorProto proto;
    private final long[] dims;

    private TensorData(TensorProto proto) {
        this.proto = proto;
        this.dims = new long[proto.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = proto.getDims(i);
        }
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

    /** {@code raw} is freshly allocated and never written again, so it is wrapped, not copied. */
    private static TensorData encoded(String name, ElementType type, long[] dims, byte[] raw) {
        TensorProto.Builder proto = TensorProto.newBuilder().setDataType(type.code()).setName(name)
                .setRawData(UnsafeByteOperations.unsafeWrap(raw));
        for (long dim : dims) {
            proto.addDims(dim);
        }
        return new TensorData(proto.build());
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

    /** Wraps a parsed TensorProto and checks that its data size matches its shape. */
    static TensorData fromProto(TensorProto proto) throws InvalidModelException {
        TensorData tensor = new TensorData(proto);
        tensor.checkRawSize();
        return tensor;
    }

    private void checkRawSize() throws InvalidModelException {
        int byteSize = elementType().byteSize();
        if (!proto.hasRawData() || byteSize == 0) {
            return;
        }
        long count = elementCount();
        int size = proto.getRawData().size();
        if (count < 0 || size != count * byteSize) {
            throw new InvalidModelException("corrupt tensor '" + name() + "': shape "
                    + Arrays.toString(dims) + " of " + elementType() + " does not match its "
                    + size + " data bytes");
        }
    }

    /** The tensor name (empty for unnamed attribute tensors). */
    public String name() {
        return proto.getName();
    }

    /** The element type. */
    public ElementType elementType() {
        return ElementType.fromCode(proto.getDataType());
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
        if (proto.hasRawData()) {
            ByteString raw = proto.getRawData();
            float[] values = new float[raw.size() / Float.BYTES];
            littleEndian(raw).asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[proto.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = proto.getFloatData(i);
        }
        return values;
    }

    /**
     * The values of an INT64 tensor, from raw_data (little-endian) or int64_data.
     *
     * @throws IllegalStateException if the tensor is not INT64 or stored externally
     */
    public long[] longs() {
        requireType(ElementType.INT64);
        if (proto.hasRawData()) {
            ByteString raw = proto.getRawData();
            long[] values = new long[raw.size() / Long.BYTES];
            littleEndian(raw).asLongBuffer().get(values);
            return values;
        }
        long[] values = new long[proto.getInt64DataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = proto.getInt64Data(i);
        }
        return values;
    }

    /** A view of the bytes without copying them; ONNX stores raw tensor data little-endian. */
    private static ByteBuffer littleEndian(ByteString raw) {
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void requireType(ElementType expected) {
        if (proto.getDataType() != expected.code()) {
            throw new IllegalStateException("tensor '" + name() + "' is " + elementType() + ", not " + expected);
        }
        if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalStateException("tensor '" + name()
                    + "' is stored in an external data file, which is not supported");
        }
    }

    /** The TensorProto (immutable). */
    TensorProto toProto() {
        return proto;
    }

    @Override
    public String toString() {
        return name() + " " + elementType() + Arrays.toString(dims);
    }
}
