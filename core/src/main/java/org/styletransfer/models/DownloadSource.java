package org.styletransfer.models;

import java.net.URI;
import java.util.Map;

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

    /**
     * Reads a catalogue entry's {@code download} object. Without a {@code file} of its own the
     * download is the entry's file, and its checksum and size default to the entry's; a download
     * into another file has only the checksum and size written in the object.
     */
    static DownloadSource fromJson(Map<String, Object> m, ModelEntry entry) {
        Object url = m.get("url");
        if (!(url instanceof String u) || !(u.startsWith("http://") || u.startsWith("https://"))) {
            throw new IllegalArgumentException("catalogue entry " + entry.id() + ": download.url must be an http(s) address, not " + url);
        }
        String file = (String) m.getOrDefault("file", entry.file());
        boolean own = file.equals(entry.file());
        long size = m.containsKey("size") ? ((Number) m.get("size")).longValue() : own ? entry.size() : -1;
        return new DownloadSource(u, file, (String) m.getOrDefault("sha256", own ? entry.sha256() : ""), size,
            (String) m.getOrDefault("license", entry.license()));
    }
}
