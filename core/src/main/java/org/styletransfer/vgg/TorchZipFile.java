package org.styletransfer.vgg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.styletransfer.vgg.TorchVggReader.Storage;

/**
 * A PyTorch 1.6+ checkpoint: a zip archive with {@code <name>/data.pkl} (the pickle) and one
 * entry {@code <name>/data/<key>} of raw little-endian bytes per storage.
 */
final class TorchZipFile implements TorchVggReader.StorageSource, AutoCloseable {

    /** data.pkl of a state_dict is a few KB; anything huge is not one. */
    private static final long MAX_PICKLE = 256L << 20;

    private final Path file;
    private final ZipFile zip;
    private final String prefix;

    private TorchZipFile(Path file, ZipFile zip, String prefix) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
    }

    /** Opens the archive and finds its data.pkl; the caller closes it. */
    static TorchZipFile open(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw WeightFormats.error(file, "it is a damaged zip archive (" + e.getMessage() + "), probably an"
                    + " incomplete download", "Download the file again", e);
        }
        try {
            TorchZipFile torch = new TorchZipFile(file, zip, findPrefix(file, zip));
            torch.checkByteOrder();
            return torch;
        } catch (RuntimeException | IOException e) {
            zip.close();
            throw e;
        }
    }

    /** The folder that holds data.pkl: the archive name torch.save chose ("archive/", "vgg19/"). */
    private static String findPrefix(Path file, ZipFile zip) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.equals("data.pkl") || name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
        }
        throw WeightFormats.error(file, "it is a zip archive but not a PyTorch checkpoint (it has no data.pkl)",
                "Pick the .pth file written by torch.save, or a tf.js model.json or an ONNX file");
    }

    private void checkByteOrder() throws IOException {
        ZipEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry != null) {
            String order = new String(read(entry, 16), StandardCharsets.US_ASCII).strip();
            if (!order.equals("little")) {
                throw WeightFormats.error(file, "its tensors are stored " + order + "-endian",
                        "Re-save it with torch.save on a little-endian machine (any PC or Mac)");
            }
        }
    }

    /** The bytes of data.pkl. */
    byte[] pickle() throws IOException {
        return read(zip.getEntry(prefix + "data.pkl"), MAX_PICKLE);
    }

    @Override
    public byte[] bytes(Storage storage) throws IOException {
        ZipEntry entry = zip.getEntry(where(storage));
        if (entry == null) {
            throw WeightFormats.error(file, "the archive lacks the tensor data entry " + where(storage),
                    "The file is incomplete or corrupt; download it again");
        }
        long expected = storage.elements() * storage.format().bytes;
        // One byte more than needed is enough to tell "too long" apart from "right".
        return read(entry, expected + 1);
    }

    @Override
    public String where(Storage storage) {
        return prefix + "data/" + storage.key();
    }

    private byte[] read(ZipEntry entry, long limit) throws IOException {
        if (limit > Integer.MAX_VALUE - 8) {
            throw WeightFormats.error(file, "entry " + entry.getName() + " is larger than 2 GB",
                    "This is not a VGG-19 state_dict");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes((int) limit);
        } catch (ZipException e) {
            throw WeightFormats.error(file, "entry " + entry.getName() + " is damaged (" + e.getMessage() + ")",
                    "Download the file again", e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
