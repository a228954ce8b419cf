package org.styletransfer.onnx;

/**
 * Writes protobuf primitives into a buffer whose exact size was computed beforehand, so a whole
 * model is serialised with a single allocation.
 */
final class ProtoWriter {

    private final byte[] out;
    private int position;

    ProtoWriter(int size) {
        this.out = new byte[size];
    }

    /** Number of bytes {@link #writeVarint} uses for {@code value}. */
    static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** Number of bytes of the tag of field {@code number}. */
    static int tagSize(int number) {
        return varintSize((long) number << 3);
    }

    void writeTag(int number, WireType type) {
        writeVarint(((long) number << 3) | type.code());
    }

    void writeVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[position++] = (byte) value;
    }

    void writeLittleEndian(long value, int count) {
        for (int i = 0; i < count; i++) {
            out[position++] = (byte) (value >>> (8 * i));
        }
    }

    void writeBytes(byte[] source, int offset, int length) {
        System.arraycopy(source, offset, out, position, length);
        position += length;
    }

    /** The filled buffer; fails loudly if the size computed up front was wrong. */
    byte[] finish() {
        if (position != out.length) {
            throw new IllegalStateException("serialised " + position + " bytes, expected " + out.length);
        }
        return out;
    }
}
