package org.styletransfer.onnx;

/**
 * The protobuf wire types this codec understands. The deprecated group types (3 and 4) are left
 * out on purpose: ONNX never uses them, and rejecting them catches non-protobuf data early.
 */
public enum WireType {
    /** Base-128 varint: int32, int64, uint*, sint*, bool, enum. */
    VARINT(0),
    /** Eight little-endian bytes: fixed64, sfixed64, double. */
    FIXED64(1),
    /** Length prefix then bytes: string, bytes, sub-messages, packed repeated scalars. */
    LENGTH_DELIMITED(2),
    /** Four little-endian bytes: fixed32, sfixed32, float. */
    FIXED32(5);

    private final int code;

    WireType(int code) {
        this.code = code;
    }

    /** The three-bit code used in field tags. */
    public int code() {
        return code;
    }

    /** The wire type with {@code code}, or null for groups and undefined codes. */
    static WireType fromCode(int code) {
        for (WireType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
