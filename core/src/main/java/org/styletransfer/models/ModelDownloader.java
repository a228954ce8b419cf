package org.styletransfer.models;

import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.FileSignatures;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one model file over HTTP(S) into {@code <target>.part}, resumes a broken download
 * with a {@code Range} request, checks size and SHA-256, and only then moves the file to its
 * place, so that a model folder never holds a half-written or wrong model under its real name.
 *
 * <p>Every failure the user can do something about (no connection, HTTP error, broken transfer,
 * wrong checksum) is a {@link StyleTransferException} whose message names the URL and what to do.
 * A cancelled or broken download leaves its {@code .part} file for the next attempt to resume;
 * a download with the wrong checksum deletes it, as its bytes cannot be trusted.</p>
 */
public final class ModelDownloader {
    /** How long to wait for a connection. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** How long a connection may stay silent, while waiting for the answer or between bytes. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private static final String PART = ".part";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
    /** How often a download that waits for the server looks whether it was cancelled. */
    private static final long POLL_MILLIS = 100;
    private static final String USER_AGENT = "Style_Transfer-ImageJ-plugin";

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final HttpClient client;

    /** A downloader with the default timeouts. */
    public ModelDownloader() {
        this(CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    /** A downloader with other timeouts (tests use short ones). */
    public ModelDownloader(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.client = client(connectTimeout);
    }

    /**
     * A client that behaves as HttpURLConnection did: through the proxy of Java's (and so Fiji's)
     * proxy settings, which is HttpClient's default too, with the password prompt an application
     * installed (which HttpClient ignores unless given), and following redirects (not from https to
     * http, which HttpURLConnection did not follow either). HTTP/1.1, because one large file gains
     * nothing from HTTP/2, and a plain-http lab mirror need not understand an upgrade request.
     */
    private static HttpClient client(Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1);
        Optional.ofNullable(Authenticator.getDefault()).ifPresent(b::authenticator);
        return b.build();
    }

    /** The file a download into {@code target} is written to until it is complete and verified. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + PART);
    }

    /**
     * Downloads {@code url} to {@code target}, resuming from an earlier {@code .part} file.
     *
     * @param expectedSize   size in bytes, or -1 to trust the server's Content-Length
     * @param expectedSha256 lower-case hex SHA-256, or empty to check the size only
     * @param progress       receives bytes done / total; cancelling stops the download (the part file stays)
     * @return {@code target}
     * @throws StyleTransferException for anything that stops the download, with a message for the user
     */
    public Path download(URI url, Path target, long expectedSize, String expectedSha256, Progress progress) {
        Path part = partFile(target);
        try {
            Files.createDirectories(target.getParent());
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (expectedSize >= 0 && have > expectedSize) {
                // Longer than the real file: not a prefix of it, so it cannot be resumed.
                Files.delete(part);
                have = 0;
            }
            long size = expectedSize >= 0 && have == expectedSize ? have : fetch(url, part, have, expectedSize, progress);
            verify(url, part, expectedSize >= 0 ? expectedSize : size, expectedSha256);
            moveIntoPlace(part, target);
            return target;
        } catch (IOException e) {
            throw new StyleTransferException("Cannot write " + part + ": " + e.getMessage(), e);
        }
    }

    /**
     * One request: continues the part file from {@code have} bytes when the server honours the
     * range, otherwise writes it from the start.
     *
     * @return the size of the whole file as the server announced it, or -1 when it did not
     */
    private long fetch(URI url, Path part, long have, long expectedSize, Progress progress) throws IOException {
        progress.checkCancelled();
        HttpResponse<ChunkQueue> answer = send(url, have, progress);
        try {
            int status = answer.statusCode();
            if (status == 416 && have > 0) {
                // The server cannot serve the rest of what we have: the part file is stale
                // (e.g. the file changed on the server). Start again once, without a range.
                Files.delete(part);
                return fetch(url, part, 0, expectedSize, progress);
            }
            if (status >= 400) {
                throw new StyleTransferException("Download of " + url + " failed: the server answered HTTP " + status
                    + reason(status) + ". " + (status >= 500 ? "The server has a problem; try again later." : "Check the address or the mirror setting."));
            }
            if (status != 200 && status != 206) {
                throw new StyleTransferException("Download of " + url + " failed: unexpected answer HTTP " + status
                    + answer.headers().firstValue("Location").map(l -> " (to " + l + ", not followed)").orElse("") + ".");
            }
            long start = status == 206 ? rangeStart(url, answer) : 0;
            if (start != have && start != 0) {
                throw new StyleTransferException("Download of " + url + " failed: asked for the bytes from " + have
                    + " on, the server sent them from " + start + ".");
            }
            long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
            long total = expectedSize >= 0 ? expectedSize : length >= 0 ? start + length : -1;
            copy(url, answer.body(), part, start, length, total, progress);
            return length >= 0 ? start + length : -1;
        } finally {
            // Whatever stopped the transfer, the connection must not stay subscribed to a body nobody reads.
            if (answer.body() != null) answer.body().cancel();
        }
    }

    /**
     * Sends the request and waits for the answer's headers, looking at cancel meanwhile; the body
     * follows through the answer's {@link ChunkQueue} (null for statuses other than 200 and 206,
     * whose bodies are dropped).
     */
    private HttpResponse<ChunkQueue> send(URI url, long have, Progress progress) {
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new StyleTransferException("Cannot download " + url + ": only http:// and https:// addresses are supported.");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(readTimeout)
            .header("User-Agent", USER_AGENT)
            // Compressed transfer would make byte ranges refer to the compressed stream.
            .header("Accept-Encoding", "identity");
        if (have > 0) request.header("Range", "bytes=" + have + "-");
        CompletableFuture<HttpResponse<ChunkQueue>> answer = client.sendAsync(request.build(),
            info -> info.statusCode() == 200 || info.statusCode() == 206 ? new ChunkQueue() : BodySubscribers.replacing(null));
        try {
            while (true) {
                try {
                    return answer.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    if (progress.isCancelled()) throw new CancelledException();
                }
            }
        } catch (ExecutionException e) {
            throw unreachable(url, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } finally {
            answer.cancel(true); // no effect once answered; otherwise stops waiting for the server
        }
    }

    /** A failure to get any answer, as a message that says what to check. */
    private StyleTransferException unreachable(URI url, Throwable e) {
        if (causedBy(e, UnknownHostException.class) || causedBy(e, UnresolvedAddressException.class)) {
            return new StyleTransferException("Cannot download " + url + ": unknown host " + url.getHost()
                + ". Without direct internet access, set a mirror (Models... > Set mirror).", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new StyleTransferException("Cannot download " + url + ": the server did not answer in time ("
                + e.getMessage() + "; waited " + seconds(connectTimeout) + " to connect, " + seconds(readTimeout)
                + " for the answer). Try again later, or set a mirror (Models... > Set mirror).", e);
        }
        if (e instanceof ConnectException) {
            // HttpClient's ConnectException has no message of its own: say where it could not connect.
            return new StyleTransferException("Cannot download " + url + ": cannot connect to " + url.getHost()
                + (url.getPort() >= 0 ? ":" + url.getPort() : "") + " (" + Objects.requireNonNullElse(e.getMessage(),
                "connection refused") + "). Check the address; without direct internet access, set a mirror"
                + " (Models... > Set mirror).", e);
        }
        return new StyleTransferException("Cannot download " + url + ": " + e
            + ". Without direct internet access, set a mirror (Models... > Set mirror).", e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }

    /** Where a 206 answer's bytes start, from its Content-Range header. */
    private static long rangeStart(URI url, HttpResponse<?> answer) {
        String range = answer.headers().firstValue("Content-Range").orElse(null);
        Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.trim());
        if (m == null || !m.matches()) {
            throw new StyleTransferException("Download of " + url + " failed: partial answer with an unreadable Content-Range '" + range + "'.");
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Streams the body into the part file (appending from {@code start}, or truncating it when
     * {@code start} is 0) and reports progress; a body that ends before {@code length} bytes, or
     * stays silent for the read timeout, is a broken transfer, whose bytes so far stay for a resume.
     */
    private void copy(URI url, ChunkQueue body, Path part, long start, long length, long total, Progress progress)
            throws IOException {
        long done = start;
        long lastReport = System.nanoTime() - PROGRESS_EVERY_NANOS; // report the first chunk at once
        StandardOpenOption mode = start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            for (List<ByteBuffer> chunk; (chunk = next(body, progress)) != null; ) {
                for (ByteBuffer b : chunk) {
                    while (b.hasRemaining()) done += out.write(b);
                }
                body.request();
                progress.checkCancelled();
                if (System.nanoTime() - lastReport >= PROGRESS_EVERY_NANOS) {
                    lastReport = System.nanoTime();
                    progress.update(done, total, "Downloading " + part.getFileName().toString().replace(PART, "")
                        + ": " + megabytes(done) + (total > 0 ? " of " + megabytes(total) : ""));
                }
            }
        } catch (ClosedByInterruptException e) {
            throw new CancelledException(); // the thread was interrupted while writing: a cancel
        } catch (Silence e) {
            throw broken(url, part, done, total, "the server sent nothing for " + seconds(readTimeout));
        } catch (EOFException e) {
            throw broken(url, part, done, total, "the connection closed early");
        } catch (IOException e) {
            throw broken(url, part, done, total, e.toString());
        }
        progress.update(done, total, null);
        if (length >= 0 && done < start + length) throw broken(url, part, done, total, "the connection closed early");
        if (total >= 0 && done < total) throw broken(url, part, done, total, "the server sent less than the whole file");
    }

    /** The body's next chunk, or null at its end; waits at most the read timeout, looking at cancel meanwhile. */
    private List<ByteBuffer> next(ChunkQueue body, Progress progress) throws IOException {
        long waitingSince = System.nanoTime();
        try {
            while (true) {
                progress.checkCancelled();
                List<ByteBuffer> chunk = body.poll(POLL_MILLIS);
                if (chunk != null) return chunk == ChunkQueue.END ? null : chunk;
                if (System.nanoTime() - waitingSince >= readTimeout.toNanos()) throw new Silence();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** The server stopped sending in the middle of the body. */
    private static final class Silence extends IOException {
    }

    private static StyleTransferException broken(URI url, Path part, long done, long total, String why) {
        return new StyleTransferException("Download of " + url + " broke off after " + done + " of "
            + (total >= 0 ? total : "?") + " bytes (" + why + "). The bytes so far are kept in " + part
            + "; run the download again to resume it.");
    }

    /** Checks size and checksum of the complete part file; a wrong one is deleted. */
    private static void verify(URI url, Path part, long size, String sha256) throws IOException {
        long actual = Files.size(part);
        if (size >= 0 && actual != size) {
            String what = describe(part);
            Files.delete(part);
            throw new StyleTransferException("Download of " + url + " has the wrong size: expected " + size
                + " bytes, got " + actual + what + ". It was deleted; check the address or the mirror.");
        }
        if (sha256.isEmpty()) return;
        String actualSha = Checksums.sha256(part);
        if (!actualSha.equalsIgnoreCase(sha256)) {
            String what = describe(part);
            Files.delete(part);
            throw new StyleTransferException("Download of " + url + " has the wrong checksum: expected SHA-256 "
                + sha256.toLowerCase(Locale.ROOT) + ", got " + actualSha + what
                + ". The file was deleted and nothing was installed; check the address or the mirror.");
        }
    }

    /** " (it is a PNG image)" and the like, when the bytes are recognisably something else. */
    private static String describe(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        return FileSignatures.describe(head).map(d -> " (it looks like " + d + ")").orElse("");
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so this only happens on unusual file systems; a plain move is still verified bytes.
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** " Not Found" and the like: HttpClient gives no reason phrase (HTTP/2 has none). */
    private static String reason(int status) {
        return switch (status) {
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 410 -> " Gone";
            case 429 -> " Too Many Requests";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
