package org.styletransfer.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One field of a protobuf message: field number, wire type and value. Fields are immutable,
 * except that a length-delimited field caches the sub-message parsed from it by
 * {@link #message()}, which may then be edited in place.
 *
 * <p>A parsed field remembers the exact bytes it was decoded from and writes them back verbatim
 * unless its sub-message was edited; that is what makes unknown fields (and non-canonical
 * encodings) round-trip byte-exactly. Length-delimited values are slices of the parsed buffer,
 * not copies, so large tensors cost no extra memory.
 */
public final class ProtoField {

    /** Largest field number protobuf allows (2^29 - 1). */
    public static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

    private final int number;
    private final WireType wireType;
    private final long scalar;
    private final byte[] buffer;
    private final int valueOffset;
    private final int valueLength;
    /** Offset of the original tag in {@link #buffer}, or -1 for fields built in code. */
    private final int encodedOffset;
    private final int encodedLength;
    private ProtoMessage message;

    private ProtoField(int number, WireType wireType, long scalar, byte[] buffer, int valueOffset,
            int valueLength, int encodedOffset, int encodedLength) {
        this.number = number;
        this.wireType = wireType;
        this.scalar = scalar;
        this.buffer = buffer;
        this.valueOffset = valueOffset;
        this.valueLength = valueLength;
        this.encodedOffset = encodedOffset;
        this.encodedLength = encodedLength;
    }

    /** A field read from {@code buffer}; its original encoding spans [encodedOffset, end). */
    static ProtoField parsed(int number, WireType type, long scalar, byte[] buffer, int valueOffset,
            int valueLength, int encodedOffset, int end) {
        return new ProtoField(number, type, scalar, buffer, valueOffset, valueLength, encodedOffset,
                end - encodedOffset);
    }

    /** A varint field (int32, int64, uint*, bool, enum). */
    public static ProtoField varint(int number, long value) {
        return new ProtoField(checkNumber(number), WireType.VARINT, value, null, 0, 0, -1, 0);
    }

    /** A fixed32 field holding the raw bits {@code bits}. */
    public static ProtoField fixed32(int number, int bits) {
        return new ProtoField(checkNumber(number), WireType.FIXED32, bits & 0xFFFFFFFFL, null, 0, 0, -1, 0);
    }

    /** A float field (fixed32 wire type). */
    public static ProtoField float32(int number, float value) {
        return fixed32(number, Float.floatToRawIntBits(value));
    }

    /** A fixed64 field holding the raw bits {@code bits}. */
    public static ProtoField fixed64(int number, long bits) {
        return new ProtoField(checkNumber(number), WireType.FIXED64, bits, null, 0, 0, -1, 0);
    }

    /** A bytes field; {@code value} is copied. */
    public static ProtoField bytes(int number, byte[] value) {
        return wrap(number, value.clone());
    }

    /** A bytes field that takes ownership of {@code value} (no copy: for large tensors). */
    static ProtoField wrap(int number, byte[] value) {
        return new ProtoField(checkNumber(number), WireType.LENGTH_DELIMITED, 0, value, 0,
                value.length, -1, 0);
    }

    /** A UTF-8 string field. */
    public static ProtoField string(int number, String value) {
        return wrap(number, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A sub-message field; later edits of {@code value} are reflected when serialising. */
    public static ProtoField message(int number, ProtoMessage value) {
        ProtoField field = new ProtoField(checkNumber(number), WireType.LENGTH_DELIMITED, 0, null,
                0, 0, -1, 0);
        field.message = value;
        return field;
    }

    private static int checkNumber(int number) {
        if (number < 1 || number > MAX_FIELD_NUMBER) {
            throw new IllegalArgumentException("field number out of range: " + number);
        }
        return number;
    }

    /** The field number. */
    public int number() {
        return number;
    }

    /** The wire type. */
    public WireType wireType() {
        return wireType;
    }

    /** Byte offset of this field's tag in the parsed buffer, or -1 for fields built in code. */
    public int sourceOffset() {
        return encodedOffset;
    }

    /** The value of a varint, fixed32 (zero-extended) or fixed64 field. */
    public long longValue() {
        requireScalar();
        return scalar;
    }

    /** The value of a fixed32 field read as a float. */
    public float floatValue() {
        require(WireType.FIXED32);
        return Float.intBitsToFloat((int) scalar);
    }

    /** The value of a fixed64 field read as a double. */
    public double doubleValue() {
        require(WireType.FIXED64);
        return Double.longBitsToDouble(scalar);
    }

    /** A copy of the value of a length-delimited field. */
    public byte[] bytesValue() {
        ByteBuffer view = byteBuffer();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return copy;
    }

    /** The value of a length-delimited field decoded as UTF-8. */
    public String stringValue() {
        ByteBuffer view = byteBuffer();
        return new String(view.array(), view.arrayOffset() + view.position(), view.remaining(),
                StandardCharsets.UTF_8);
    }

    /**
     * A read-only little-endian view of a length-delimited value, without copying; ONNX stores
     * raw tensor data little-endian.
     */
    public ByteBuffer byteBuffer() {
        require(WireType.LENGTH_DELIMITED);
        if (buffer == null || isModified()) {
            return ByteBuffer.wrap(message.toBytes()).order(ByteOrder.LITTLE_ENDIAN);
        }
        // wrap(...).slice() keeps array() accessible, which stringValue relies on.
        return ByteBuffer.wrap(buffer, valueOffset, valueLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Length in bytes of a length-delimited value as it stands now. */
    public int valueLength() {
        require(WireType.LENGTH_DELIMITED);
        return buffer == null || isModified() ? message.serializedSize() : valueLength;
    }

    /**
     * The value of a length-delimited field parsed as a sub-message. Parsing happens on the first
     * call; the result is cached, and edits to it are written back by {@link ProtoMessage#toBytes}.
     *
     * @throws InvalidModelException if the bytes are not a valid protobuf message
     */
    public ProtoMessage message() throws InvalidModelException {
        require(WireType.LENGTH_DELIMITED);
        if (message == null) {
            message = ProtoMessage.parse(buffer, valueOffset, valueLength);
        }
        return message;
    }

    /** True when a sub-message parsed from (or given to) this field has been edited. */
    boolean isModified() {
        return message != null && (encodedOffset < 0 || message.isModified());
    }

    int serializedSize() {
        if (message != null && isModified()) {
            int size = message.serializedSize();
            return ProtoWriter.tagSize(number) + ProtoWriter.varintSize(size) + size;
        }
        if (encodedOffset >= 0) {
            return encodedLength;
        }
        return ProtoWriter.tagSize(number) + switch (wireType) {
            case VARINT -> ProtoWriter.varintSize(scalar);
            case FIXED32 -> 4;
            case FIXED64 -> 8;
            case LENGTH_DELIMITED -> ProtoWriter.varintSize(valueLength) + valueLength;
        };
    }

    void writeTo(ProtoWriter out) {
        if (message != null && isModified()) {
            out.writeTag(number, wireType);
            out.writeVarint(message.serializedSize());
            message.writeTo(out);
        } else if (encodedOffset >= 0) {
            out.writeBytes(buffer, encodedOffset, encodedLength);
        } else {
            writeValue(out);
        }
    }

    private void writeValue(ProtoWriter out) {
        out.writeTag(number, wireType);
        switch (wireType) {
            case VARINT -> out.writeVarint(scalar);
            case FIXED32 -> out.writeLittleEndian(scalar, 4);
            case FIXED64 -> out.writeLittleEndian(scalar, 8);
            case LENGTH_DELIMITED -> {
                out.writeVarint(valueLength);
                out.writeBytes(buffer, valueOffset, valueLength);
            }
        }
    }

    private void requireScalar() {
        if (wireType == WireType.LENGTH_DELIMITED) {
            throw new IllegalStateException("field " + number + " is length-delimited, not a number");
        }
    }

    private void require(WireType expected) {
        if (wireType != expected) {
            throw new IllegalStateException("field " + number + " has wire type " + wireType
                    + ", not " + expected);
        }
    }

    @Override
    public String toString() {
        String value = wireType == WireType.LENGTH_DELIMITED
                ? valueLength() + " bytes" : Long.toString(scalar);
        return "#" + number + " " + wireType + " " + value;
    }
}
