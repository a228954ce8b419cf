package org.styletransfer.onnx;

/** ONNX tensor element types (TensorProto.DataType), with their codes and sizes. */
public enum ElementType {
    UNDEFINED(0, 0), FLOAT(1, 4), UINT8(2, 1), INT8(3, 1), UINT16(4, 2), INT16(5, 2),
    INT32(6, 4), INT64(7, 8), STRING(8, 0), BOOL(9, 1), FLOAT16(10, 2), DOUBLE(11, 8),
    UINT32(12, 4), UINT64(13, 8), COMPLEX64(14, 8), COMPLEX128(15, 16), BFLOAT16(16, 2);

    private final int code;
    private final int byteSize;

    ElementType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** The DataType code used in the model. */
    public int code() {
        return code;
    }

    /** Bytes per element in raw_data, or 0 when not fixed-size (strings) or unknown. */
    public int byteSize() {
        return byteSize;
    }

    /** The type with {@code code}; {@link #UNDEFINED} for codes this class does not list
     *  (newer 8-bit and 4-bit float types). */
    public static ElementType fromCode(long code) {
        for (ElementType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return UNDEFINED;
    }
}
