package org.styletransfer.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One model of the catalogue: where its file lives relative to a model folder, the pixel
 * convention its network works in, and where it can be downloaded from.
 *
 * @param id       short name used in macros ({@code model=candy})
 * @param kind     {@code fast} for a style network, {@code vgg} for VGG-19 weights, {@code decoder} for a
 *                 feature decoder
 * @param file     path relative to a model folder
 * @param sha256   expected checksum, or empty when unknown
 * @param size     expected file size in bytes, or -1
 * @param bgr      true when the network takes and returns channels in BGR order
 * @param inMin    value the network expects for black
 * @param inMax    value the network expects for white
 * @param outMin   value the network returns for black
 * @param outMax   value the network returns for white
 * @param multiple H and W must be divisible by this (input is padded, output cropped)
 * @param download where the model can be fetched from; empty for models that are only copied by hand
 */
public record ModelEntry(String id, String name, String kind, String file, String sha256, long size,
                         boolean bgr, double inMin, double inMax, double outMin, double outMax, int multiple,
                         String source, String license, Optional<DownloadSource> download) {

    /** Kind of the feed-forward style networks. */
    public static final String FAST = "fast";
    /** Kind of VGG-19 weights (for Neural Style). */
    public static final String VGG = "vgg";
    /** Kind of a decoder from VGG-19 features back to an image (universal style transfer; see DecoderArchitecture). */
    public static final String DECODER = "decoder";

    /** An entry that cannot be downloaded (the form the catalogue had before downloads). */
    public ModelEntry(String id, String name, String kind, String file, String sha256, long size,
                      boolean bgr, double inMin, double inMax, double outMin, double outMax, int multiple,
                      String source, String license) {
        this(id, name, kind, file, sha256, size, bgr, inMin, inMax, outMin, outMax, multiple, source, license,
            Optional.empty());
    }

    /** The convention assumed for an ONNX file that is not in the catalogue: RGB, 0..255 in and out. */
    public static ModelEntry custom(String path) {
        String name = path.replaceAll(".*[/\\\\]", "");
        return new ModelEntry(name, name, FAST, path, "", -1, false, 0, 255, 0, 255, 4, "user file", "unknown");
    }

    /**
     * The files that hold this model, relative to a model folder, in order of preference: its own
     * file, then the downloaded file when the download is another file (e.g. {@code candy}'s own
     * file is the project's conversion, its download the ONNX model zoo's {@code candy-9.onnx};
     * both are the same network, so either will do).
     */
    public List<String> files() {
        List<String> files = new ArrayList<>(List.of(file));
        download.map(DownloadSource::file).filter(f -> !f.equals(file)).ifPresent(files::add);
        return files;
    }

    /** This entry, downloadable from {@code download}. */
    ModelEntry withDownload(DownloadSource download) {
        return new ModelEntry(id, name, kind, file, sha256, size, bgr, inMin, inMax, outMin, outMax, multiple, source,
            license, Optional.of(download));
    }
}
