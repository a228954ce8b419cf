package org.styletransfer.onnx;

/** ONNX AttributeProto.AttributeType codes. */
public enum AttributeType {
    UNDEFINED(0), FLOAT(1), INT(2), STRING(3), TENSOR(4), GRAPH(5), FLOATS(6), INTS(7),
    STRINGS(8), TENSORS(9), GRAPHS(10), SPARSE_TENSOR(11), SPARSE_TENSORS(12), TYPE_PROTO(13),
    TYPE_PROTOS(14);

    private final int code;

    AttributeType(int code) {
        this.code = code;
    }

    /** The code stored in AttributeProto.type. */
    public int code() {
        return code;
    }

    /** The type with {@code code}, or {@link #UNDEFINED}. */
    public static AttributeType fromCode(long code) {
        for (AttributeType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return UNDEFINED;
    }
}
