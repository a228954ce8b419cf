package org.styletransfer.onnx;

/**
 * Bounds-checked cursor over a byte range. Every read checks the remaining length first, so a
 * bogus length in corrupt data becomes an {@link InvalidModelException}, never an allocation.
 */
final class ProtoReader {

    private static final int MAX_VARINT_BYTES = 10;

    private final byte[] buffer;
    private final int end;
    private int position;

    ProtoReader(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    byte[] buffer() {
        return buffer;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    boolean hasMore() {
        return position < end;
    }

    /** Reads a base-128 varint; {@code what} names it in error messages. */
    long readVarint(String what) throws InvalidModelException {
        int start = position;
        long result = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (position >= end) {
                throw new InvalidModelException("truncated: " + what + " at byte offset " + start
                        + " runs past the end of the data", start);
            }
            byte b = buffer[position++];
            result |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new InvalidModelException("malformed: " + what + " at byte offset " + start
                + " is longer than " + MAX_VARINT_BYTES + " bytes", start);
    }

    /** Reads {@code count} (4 or 8) bytes as a little-endian integer. */
    long readLittleEndian(int count, String what) throws InvalidModelException {
        require(count, what);
        long result = 0;
        for (int i = 0; i < count; i++) {
            result |= (long) (buffer[position++] & 0xFF) << (8 * i);
        }
        return result;
    }

    /** Skips {@code count} bytes after checking they are there. */
    void skip(long count, String what) throws InvalidModelException {
        require(count, what);
        position += (int) count;
    }

    private void require(long count, String what) throws InvalidModelException {
        if (count < 0 || count > remaining()) {
            throw new InvalidModelException("truncated: " + what + " at byte offset " + position
                    + " needs " + count + " bytes but only " + remaining() + " remain", position);
        }
    }
}
