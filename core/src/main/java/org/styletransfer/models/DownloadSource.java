package org.styletransfer.models;

import java.net.URI;

/**
 * Where a catalogue model can be downloaded from, and what the download must be.
 *
 * @param url     the publisher's address of the file (http or https)
 * @param file    where the file goes, relative to the user's model folder
 * @param sha256  expected lower-case hex SHA-256, or empty when unknown (then only the size is checked)
 * @param size    expected size in bytes, or -1 when unknown (then the server's Content-Length is trusted)
 * @param license the licence of the downloaded file
 */
public record DownloadSource(String url, String file, String sha256, long size, String license) {

    /**
     * The part of the URL after its last slash: what a mirror serves the file as, so that a lab
     * mirror is just a folder of the files with their published names.
     */
    public String fileName() {
        String path = URI.create(url).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** True when a checksum is known, so that the download can be verified byte for byte. */
    public boolean hasChecksum() {
        return !sha256.isEmpty();
    }
}
