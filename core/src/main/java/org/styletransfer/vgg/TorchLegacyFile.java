package org.styletransfer.vgg;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.styletransfer.vgg.TorchVggReader.Storage;

/**
 * A checkpoint in PyTorch's legacy format (before 1.6; e.g. torchvision's own
 * vgg19-dcbb9e9d.pth): five pickles in a row (magic number, protocol version, system info, the
 * object, the list of storage keys), then for each key an int64 element count and the raw bytes.
 */
final class TorchLegacyFile implements TorchVggReader.StorageSource, AutoCloseable {

    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** The pickles come first and are small; the weights after them are read by position. */
    private static final int MAX_HEAD = 64 << 20;

    private final Path file;
    private final FileChannel channel;
    private final Object root;
    private final Map<String, Long> dataOffsets = new HashMap<>();

    private TorchLegacyFile(Path file, FileChannel channel, Object root) {
        this.file = file;
        this.channel = channel;
        this.root = root;
    }

    /** True when {@code head} starts with the legacy magic-number pickle. */
    static boolean matches(byte[] head) {
        return head.length >= 4 && (head[0] & 0xFF) == 0x80 && head[1] == 2 && (head[2] & 0xFF) == 0x8a
                && head[3] == 10;
    }

    /** Parses the pickles and locates the storages; the caller closes it. */
    static TorchLegacyFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            byte[] head = new byte[(int) Math.min(channel.size(), MAX_HEAD)];
            channel.read(ByteBuffer.wrap(head), 0);
            Map<String, Storage> storages = new HashMap<>();
            int at = expectMagic(file, head);
            at = TorchVggReader.unpickle(file, head, at, storages).end(); // protocol version
            at = TorchVggReader.unpickle(file, head, at, storages).end(); // system info
            SafeUnpickler.Result object = TorchVggReader.unpickle(file, head, at, storages);
            SafeUnpickler.Result keys = TorchVggReader.unpickle(file, head, object.end(), storages);
            TorchLegacyFile legacy = new TorchLegacyFile(file, channel, object.value());
            legacy.locate(keys.value(), storages, keys.end());
            return legacy;
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    private static int expectMagic(Path file, byte[] head) {
        SafeUnpickler.Result magic = TorchVggReader.unpickle(file, head, 0, new HashMap<>());
        if (!(magic.value() instanceof BigInteger number) || !number.equals(MAGIC)) {
            throw WeightFormats.error(file, "it is a pickle but not a PyTorch checkpoint",
                    "Use a file saved with torch.save(vgg19.state_dict(), path)");
        }
        return magic.end();
    }

    /** Walks the storage records after the pickles to find where each one's bytes start. */
    private void locate(Object keyList, Map<String, Storage> storages, long start) throws IOException {
        if (!(keyList instanceof List<?> keys)) {
            throw WeightFormats.error(file, "its storage key list is missing", "The file is corrupt; download it again");
        }
        long position = start;
        for (Object key : keys) {
            Storage storage = storages.get(String.valueOf(key));
            if (storage == null) {
                throw WeightFormats.error(file, "storage " + key + " is listed but never used",
                        "The file is corrupt; download it again");
            }
            long elements = readCount(position);
            if (elements != storage.elements()) {
                throw WeightFormats.error(file, "storage " + key + " holds " + elements + " values but the pickle says "
                        + storage.elements(), "The file is corrupt; download it again");
            }
            dataOffsets.put(storage.key(), position + 8);
            position += 8 + elements * storage.format().bytes;
        }
    }

    private long readCount(long position) throws IOException {
        ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (channel.read(count, position) != 8) {
            throw WeightFormats.error(file, "it ends at byte " + channel.size() + ", before all tensor data",
                    "The file is truncated; download it again");
        }
        return count.getLong(0);
    }

    /** The unpickled object (normally the state_dict). */
    Object root() {
        return root;
    }

    @Override
    public byte[] bytes(Storage storage) throws IOException {
        Long offset = dataOffsets.get(storage.key());
        long length = storage.elements() * storage.format().bytes;
        if (offset == null || length > Integer.MAX_VALUE - 8) {
            throw WeightFormats.error(file, "storage " + storage.key() + " has no data", "The file is corrupt");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, Math.min(length, channel.size() - offset)));
        while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
            // FileChannel may return fewer bytes than asked for; keep reading.
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    @Override
    public String where(Storage storage) {
        return "storage " + storage.key() + " (legacy format)";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
