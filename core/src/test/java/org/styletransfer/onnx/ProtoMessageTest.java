package org.styletransfer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoMessageTest {

    /** Bytes from integers, for readable hand-written wire data. */
    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    // field 1 varint 150; field 2 "hi"; field 3 fixed32; field 4 fixed64 1;
    // field 1000 (unknown) varint 0 written non-canonically as two bytes.
    private static final byte[] SAMPLE = bytes(
            0x08, 0x96, 0x01,
            0x12, 0x02, 'h', 'i',
            0x1D, 0x00, 0x00, 0x80, 0x3F,
            0x21, 1, 0, 0, 0, 0, 0, 0, 0,
            0xC0, 0x3E, 0x80, 0x00);

    @Test
    void decodesEveryWireType() throws Exception {
        ProtoMessage message = ProtoMessage.parse(SAMPLE);
        assertEquals(5, message.fields().size());
        assertEquals(150, message.varint(1, 0));
        assertEquals("hi", message.string(2, ""));
        assertEquals(1.0f, message.float32(3, 0));
        assertEquals(1L, message.last(4).orElseThrow().longValue());
        assertEquals(WireType.FIXED64, message.last(4).orElseThrow().wireType());
        assertEquals(0, message.varint(1000, -1));
        assertEquals(21, message.last(1000).orElseThrow().sourceOffset());
    }

    @Test
    void unknownAndNonCanonicalFieldsRoundTripByteExactly() throws Exception {
        ProtoMessage message = ProtoMessage.parse(SAMPLE);
        assertArrayEquals(SAMPLE, message.toBytes());
        assertFalse(message.isModified());

        message.set(ProtoField.varint(1, 151));
        byte[] edited = message.toBytes();
        // Only the edited field changes; the odd two-byte zero of field 1000 survives.
        assertArrayEquals(bytes(0x08, 0x97, 0x01), java.util.Arrays.copyOf(edited, 3));
        assertArrayEquals(java.util.Arrays.copyOfRange(SAMPLE, 3, SAMPLE.length),
                java.util.Arrays.copyOfRange(edited, 3, edited.length));
    }

    @Test
    void editsOfSubMessagesAreWrittenBack() throws Exception {
        ProtoMessage inner = new ProtoMessage().add(ProtoField.string(1, "a")).add(ProtoField.varint(99, 7));
        ProtoMessage outer = new ProtoMessage().add(ProtoField.varint(1, 5))
                .add(ProtoField.message(2, inner)).add(ProtoField.bytes(3, bytes(1, 2, 3)));
        ProtoMessage parsed = ProtoMessage.parse(outer.toBytes());

        ProtoMessage child = parsed.message(2).orElseThrow();
        child.add(ProtoField.string(1, "b"));
        assertTrue(parsed.isModified());

        ProtoMessage reparsed = ProtoMessage.parse(parsed.toBytes());
        ProtoMessage reparsedChild = reparsed.message(2).orElseThrow();
        assertEquals(List.of("a", "b"), reparsedChild.strings(1));
        assertEquals(7, reparsedChild.varint(99, 0));
        assertArrayEquals(bytes(1, 2, 3), reparsed.last(3).orElseThrow().bytesValue());
    }

    @Test
    void insertRemoveAndReplaceKeepOrder() throws Exception {
        ProtoMessage message = new ProtoMessage().add(ProtoField.varint(1, 1)).add(ProtoField.varint(1, 3));
        message.insert(1, ProtoField.varint(1, 2));
        ProtoField last = message.fields().get(2);
        message.replace(last, ProtoField.varint(1, 4));
        assertArrayEquals(new long[] {1, 2, 4}, ProtoMessage.parse(message.toBytes()).varints(1));
        assertTrue(message.remove(message.fields().get(0)));
        assertEquals(2, message.removeAll(1));
        assertEquals(0, message.toBytes().length);
    }

    @Test
    void repeatedScalarsMayBePackedOrNot() throws Exception {
        // field 1: packed varints 1, 300; then an unpacked 5. Field 2: packed floats 1.0, 2.0.
        byte[] data = bytes(0x0A, 0x03, 0x01, 0xAC, 0x02, 0x08, 0x05,
                0x12, 0x08, 0, 0, 0x80, 0x3F, 0, 0, 0, 0x40);
        ProtoMessage message = ProtoMessage.parse(data);
        assertArrayEquals(new long[] {1, 300, 5}, message.varints(1));
        assertArrayEquals(new float[] {1f, 2f}, message.floats(2));
    }

    @Test
    void negativeVarintsUseTenBytes() throws Exception {
        ProtoMessage message = new ProtoMessage().add(ProtoField.varint(1, -1));
        byte[] data = message.toBytes();
        assertEquals(11, data.length);
        assertEquals(-1, ProtoMessage.parse(data).varint(1, 0));
    }

    @Test
    void malformedInputGivesOffsets() {
        assertInvalid(bytes(0x08), "truncated", 1);                 // varint value missing
        assertInvalid(bytes(0x08, 0x96), "truncated", 1);           // varint cut
        assertInvalid(bytes(0x12, 0x05, 'a'), "truncated", 2);      // length beyond the end
        assertInvalid(bytes(0x1D, 0, 0), "truncated", 1);           // fixed32 cut
        assertInvalid(bytes(0x08, 0x01, 0x00), "field number 0", 2);
        assertInvalid(bytes(0x0B), "wire type 3", 0);               // group start
        assertInvalid(bytes(0x0F), "wire type 7", 0);
        assertInvalid(bytes(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                "longer than 10 bytes", 1);
        // A length of 2^62 must be refused up front, not allocated.
        assertInvalid(bytes(0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40), "truncated", 10);
    }

    @Test
    void badSubMessageIsReportedWhenParsed() throws Exception {
        ProtoMessage message = ProtoMessage.parse(bytes(0x0A, 0x01, 0x0F));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> message.message(1));
        assertEquals(2, e.byteOffset());
        InvalidModelException wrongType = assertThrows(InvalidModelException.class,
                () -> ProtoMessage.parse(bytes(0x08, 0x01)).message(1));
        assertTrue(wrongType.getMessage().contains("wire type VARINT"), wrongType.getMessage());
    }

    private static void assertInvalid(byte[] data, String fragment, long offset) {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ProtoMessage.parse(data));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset " + offset), e.getMessage());
        assertEquals(offset, e.byteOffset());
    }
}
