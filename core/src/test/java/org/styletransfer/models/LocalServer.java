package org.styletransfer.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP server on 127.0.0.1 for download tests. Each path has a behaviour (serve, fail,
 * break off, stall); every request is recorded. It answers at most {@link #MAX_REQUESTS} requests
 * (then 503), so a client stuck in a retry loop ends by itself; {@link #close()} stops it.
 */
final class LocalServer implements AutoCloseable {
    static final int MAX_REQUESTS = 50;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One request as the server saw it: path, Range header (or null) and body bytes sent. */
    record Request(String path, String range, int status, long bytesSent) {
    }

    /** How a path answers. */
    interface Behaviour {
        void handle(HttpExchange ex, int requestNumber, LocalServer server) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** The server's address, ending with a slash. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    LocalServer route(String path, Behaviour b) {
        routes.put(path, b);
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void dispatch(HttpExchange ex) throws IOException {
        int n = count.incrementAndGet();
        try (ex) {
            Behaviour b = routes.get(ex.getRequestURI().getPath());
            if (n > MAX_REQUESTS) status(ex, 503);
            else if (b == null) status(ex, 404);
            else b.handle(ex, n, this);
        }
    }

    synchronized void record(HttpExchange ex, int status, long sent) {
        requests.add(new Request(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Range"), status, sent));
    }

    /** An empty answer with this status. */
    void status(HttpExchange ex, int status) throws IOException {
        record(ex, status, 0);
        ex.sendResponseHeaders(status, -1);
    }

    /** Serves {@code body}, honouring {@code Range: bytes=N-} with 206. */
    static Behaviour serve(byte[] body) {
        return (ex, n, s) -> s.send(ex, body, rangeStart(ex), body.length);
    }

    /** Serves {@code body} whole, whatever Range asks for (as some servers and proxies do). */
    static Behaviour ignoreRange(byte[] body) {
        return (ex, n, s) -> s.send(ex, body, 0, body.length);
    }

    /** Announces the whole body but closes the connection after {@code cut} bytes, on the first {@code times} requests. */
    static Behaviour breakOff(byte[] body, int cut, int times) {
        AtomicInteger seen = new AtomicInteger();
        return (ex, n, s) -> {
            long start = rangeStart(ex);
            s.send(ex, body, start, seen.incrementAndGet() <= times ? Math.min(body.length, start + cut) : body.length);
        };
    }

    /** Waits {@code millis} before answering: a stalled server. */
    static Behaviour stall(long millis) {
        return (ex, n, s) -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.status(ex, 204);
        };
    }

    /** Answers 302 with {@code location}, as a publisher's address that moved to a CDN. */
    static Behaviour redirect(String location) {
        return (ex, n, s) -> {
            ex.getResponseHeaders().add("Location", location);
            s.status(ex, 302);
        };
    }

    /**
     * Announces the whole body, then sends it in pieces of {@code piece} bytes with a pause of
     * {@code millis} after each: a slow server, or with a long pause a server that goes silent in
     * the middle of the transfer.
     */
    static Behaviour paced(byte[] body, int piece, long millis) {
        return (ex, n, s) -> {
            s.record(ex, 200, body.length);
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            for (int at = 0; at < body.length; at += piece) {
                out.write(body, at, Math.min(piece, body.length - at));
                out.flush();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
    }

    static Behaviour fail(int status) {
        return (ex, n, s) -> s.status(ex, status);
    }

    private static long rangeStart(HttpExchange ex) {
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range == null) return 0;
        Matcher m = RANGE.matcher(range);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Sends {@code body[start..end)} announcing {@code body[start..]}: when {@code end} is short of the
     * body's length, the transfer breaks off. A start past 0 answers 206 with a Content-Range.
     */
    private void send(HttpExchange ex, byte[] body, long start, long end) throws IOException {
        if (start >= body.length && start > 0) {
            status(ex, 416);
            return;
        }
        int status = start > 0 ? 206 : 200;
        if (status == 206) ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
        record(ex, status, end - start);
        ex.sendResponseHeaders(status, body.length - start);
        OutputStream out = ex.getResponseBody();
        out.write(body, (int) start, (int) (end - start));
        out.flush();
        // Closing an exchange short of its announced length makes the server drop the connection,
        // which is what a client sees when a transfer breaks off.
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
