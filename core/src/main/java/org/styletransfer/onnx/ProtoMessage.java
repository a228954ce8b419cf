package org.styletransfer.onnx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A protobuf message as an ordered, editable list of {@link ProtoField}s, decoded and encoded by
 * hand from the wire format, without any schema. Field order, repeated fields and unknown fields
 * are kept as they were, so an unedited message serialises to exactly the bytes it was parsed
 * from.
 *
 * <p>The typed getters ({@link #varint}, {@link #string}, {@link #messages}, ...) follow protobuf
 * semantics: for a singular field the last occurrence wins, and repeated scalars may be packed
 * or not. They throw {@link InvalidModelException} when a field has an unexpected wire type,
 * which in practice means the data is not the message it is supposed to be.
 */
public final class ProtoMessage {

    private final List<ProtoField> fields;
    private boolean modified;

    /** An empty message, to be filled with {@link #add}. */
    public ProtoMessage() {
        this.fields = new ArrayList<>();
    }

    private ProtoMessage(List<ProtoField> fields) {
        this.fields = fields;
    }

    /**
     * Parses {@code data}. The array is shared, not copied (models can be large): do not modify
     * it afterwards. Only the top level is decoded; sub-messages are parsed on demand.
     *
     * @throws InvalidModelException if the data is truncated or not valid wire format; the
     *     message gives the byte offset
     */
    public static ProtoMessage parse(byte[] data) throws InvalidModelException {
        return parse(data, 0, data.length);
    }

    /** Parses {@code length} bytes of {@code data} from {@code offset}; offsets in errors are
     *  relative to the start of {@code data}. */
    public static ProtoMessage parse(byte[] data, int offset, int length) throws InvalidModelException {
        Objects.checkFromIndexSize(offset, length, data.length);
        ProtoReader reader = new ProtoReader(data, offset, length);
        List<ProtoField> fields = new ArrayList<>();
        while (reader.hasMore()) {
            fields.add(readField(reader));
        }
        return new ProtoMessage(fields);
    }

    private static ProtoField readField(ProtoReader reader) throws InvalidModelException {
        int start = reader.position();
        long tag = reader.readVarint("field tag");
        long number = tag >>> 3;
        WireType type = WireType.fromCode((int) (tag & 7));
        if (number < 1 || number > ProtoField.MAX_FIELD_NUMBER) {
            throw new InvalidModelException("malformed: invalid field number " + number
                    + " in the tag at byte offset " + start, start);
        }
        if (type == null) {
            throw new InvalidModelException("malformed: unsupported wire type " + (tag & 7)
                    + " for field " + number + " at byte offset " + start, start);
        }
        String what = "value of field " + number;
        byte[] buffer = reader.buffer();
        return switch (type) {
            case VARINT -> {
                long value = reader.readVarint(what);
                yield ProtoField.parsed((int) number, type, value, buffer, 0, 0, start, reader.position());
            }
            case FIXED32, FIXED64 -> {
                long value = reader.readLittleEndian(type == WireType.FIXED32 ? 4 : 8, what);
                yield ProtoField.parsed((int) number, type, value, buffer, 0, 0, start, reader.position());
            }
            case LENGTH_DELIMITED -> {
                long length = reader.readVarint("length of field " + number);
                int valueStart = reader.position();
                reader.skip(length, what + " (declared length " + length + ")");
                yield ProtoField.parsed((int) number, type, 0, buffer, valueStart, (int) length,
                        start, reader.position());
            }
        };
    }

    // ---------------------------------------------------------------- reading

    /** All fields in order (read-only view). */
    public List<ProtoField> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** The fields with {@code number}, in order. */
    public List<ProtoField> fields(int number) {
        List<ProtoField> result = new ArrayList<>();
        for (ProtoField field : fields) {
            if (field.number() == number) {
                result.add(field);
            }
        }
        return result;
    }

    /** The last field with {@code number} (protobuf's rule for singular fields). */
    public Optional<ProtoField> last(int number) {
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (fields.get(i).number() == number) {
                return Optional.of(fields.get(i));
            }
        }
        return Optional.empty();
    }

    /** True when at least one field has {@code number}. */
    public boolean has(int number) {
        return last(number).isPresent();
    }

    /** A singular varint field, or {@code defaultValue} when absent. */
    public long varint(int number, long defaultValue) throws InvalidModelException {
        Optional<ProtoField> field = last(number);
        return field.isPresent() ? expect(field.get(), WireType.VARINT).longValue() : defaultValue;
    }

    /** A singular float (fixed32) field, or {@code defaultValue} when absent. */
    public float float32(int number, float defaultValue) throws InvalidModelException {
        Optional<ProtoField> field = last(number);
        return field.isPresent() ? expect(field.get(), WireType.FIXED32).floatValue() : defaultValue;
    }

    /** A singular string field, or {@code defaultValue} when absent. */
    public String string(int number, String defaultValue) throws InvalidModelException {
        Optional<ProtoField> field = last(number);
        return field.isPresent() ? expectString(field.get()) : defaultValue;
    }

    /** A repeated string field. */
    public List<String> strings(int number) throws InvalidModelException {
        List<String> result = new ArrayList<>();
        for (ProtoField field : fields(number)) {
            result.add(expectString(field));
        }
        return result;
    }

    /** A singular sub-message field, parsed. */
    public Optional<ProtoMessage> message(int number) throws InvalidModelException {
        Optional<ProtoField> field = last(number);
        return field.isPresent() ? Optional.of(subMessage(field.get())) : Optional.empty();
    }

    /** A repeated sub-message field, each parsed. */
    public List<ProtoMessage> messages(int number) throws InvalidModelException {
        List<ProtoMessage> result = new ArrayList<>();
        for (ProtoField field : fields(number)) {
            result.add(subMessage(field));
        }
        return result;
    }

    /** A repeated varint field, packed or not (writers may use either). */
    public long[] varints(int number) throws InvalidModelException {
        LongList values = new LongList();
        for (ProtoField field : fields(number)) {
            if (field.wireType() == WireType.LENGTH_DELIMITED) {
                ByteBuffer packed = field.byteBuffer();
                ProtoReader reader = new ProtoReader(packed.array(),
                        packed.arrayOffset() + packed.position(), packed.remaining());
                while (reader.hasMore()) {
                    values.add(reader.readVarint("packed element of field " + number));
                }
            } else {
                values.add(expect(field, WireType.VARINT).longValue());
            }
        }
        return values.toArray();
    }

    /** A repeated float field, packed or not. */
    public float[] floats(int number) throws InvalidModelException {
        List<ProtoField> matching = fields(number);
        int count = 0;
        for (ProtoField field : matching) {
            if (field.wireType() == WireType.LENGTH_DELIMITED) {
                count += packedFloatCount(field);
            } else {
                expect(field, WireType.FIXED32);
                count++;
            }
        }
        float[] result = new float[count];
        int i = 0;
        for (ProtoField field : matching) {
            if (field.wireType() == WireType.LENGTH_DELIMITED) {
                ByteBuffer packed = field.byteBuffer();
                while (packed.hasRemaining()) {
                    result[i++] = packed.getFloat();
                }
            } else {
                result[i++] = field.floatValue();
            }
        }
        return result;
    }

    private static int packedFloatCount(ProtoField field) throws InvalidModelException {
        int length = field.valueLength();
        if (length % Float.BYTES != 0) {
            throw new InvalidModelException("malformed: packed float field " + field.number()
                    + " at byte offset " + field.sourceOffset() + " has " + length
                    + " bytes, not a multiple of 4", field.sourceOffset());
        }
        return length / Float.BYTES;
    }

    private static ProtoMessage subMessage(ProtoField field) throws InvalidModelException {
        return expect(field, WireType.LENGTH_DELIMITED).message();
    }

    private static String expectString(ProtoField field) throws InvalidModelException {
        ByteBuffer view = expect(field, WireType.LENGTH_DELIMITED).byteBuffer();
        return StandardCharsets.UTF_8.decode(view).toString();
    }

    private static ProtoField expect(ProtoField field, WireType type) throws InvalidModelException {
        if (field.wireType() != type) {
            throw new InvalidModelException("malformed: field " + field.number() + " at byte offset "
                    + field.sourceOffset() + " has wire type " + field.wireType() + " where "
                    + type + " is expected", field.sourceOffset());
        }
        return field;
    }

    // ---------------------------------------------------------------- editing

    /** Appends {@code field}. */
    public ProtoMessage add(ProtoField field) {
        fields.add(Objects.requireNonNull(field));
        modified = true;
        return this;
    }

    /** Inserts {@code field} at {@code index} of {@link #fields()}. */
    public ProtoMessage insert(int index, ProtoField field) {
        fields.add(index, Objects.requireNonNull(field));
        modified = true;
        return this;
    }

    /** Position of {@code field} (by identity) in {@link #fields()}, or -1. */
    public int indexOf(ProtoField field) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i) == field) {
                return i;
            }
        }
        return -1;
    }

    /** Removes {@code field} (by identity); returns whether it was there. */
    public boolean remove(ProtoField field) {
        int index = indexOf(field);
        if (index < 0) {
            return false;
        }
        fields.remove(index);
        modified = true;
        return true;
    }

    /** Removes every field with {@code number}; returns how many there were. */
    public int removeAll(int number) {
        int before = fields.size();
        modified |= fields.removeIf(field -> field.number() == number);
        return before - fields.size();
    }

    /** Replaces {@code existing} (by identity) with {@code replacement} at the same position. */
    public void replace(ProtoField existing, ProtoField replacement) {
        int index = indexOf(existing);
        if (index < 0) {
            throw new IllegalArgumentException("field is not part of this message: " + existing);
        }
        fields.set(index, Objects.requireNonNull(replacement));
        modified = true;
    }

    /**
     * Sets a singular field: replaces the first field with the same number (keeping its
     * position) and drops any others, or appends when there is none.
     */
    public void set(ProtoField field) {
        int first = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).number() == field.number()) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            add(field);
            return;
        }
        fields.set(first, field);
        for (int i = fields.size() - 1; i > first; i--) {
            if (fields.get(i).number() == field.number()) {
                fields.remove(i);
            }
        }
        modified = true;
    }

    // ---------------------------------------------------------------- writing

    /** True when this message or any sub-message parsed from it was edited. */
    public boolean isModified() {
        if (modified) {
            return true;
        }
        for (ProtoField field : fields) {
            if (field.isModified()) {
                return true;
            }
        }
        return false;
    }

    /** Size in bytes of {@link #toBytes()}. */
    public int serializedSize() {
        long size = 0;
        for (ProtoField field : fields) {
            size += field.serializedSize();
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("message too large for protobuf: " + size + " bytes");
        }
        return (int) size;
    }

    /** The wire-format encoding; byte-identical to the parsed input when nothing was edited. */
    public byte[] toBytes() {
        ProtoWriter out = new ProtoWriter(serializedSize());
        writeTo(out);
        return out.finish();
    }

    void writeTo(ProtoWriter out) {
        for (ProtoField field : fields) {
            field.writeTo(out);
        }
    }

    @Override
    public String toString() {
        return "ProtoMessage" + fields;
    }

    /** Growable long array, to decode repeated varints without boxing. */
    private static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
