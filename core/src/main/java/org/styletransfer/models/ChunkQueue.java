package org.styletransfer.models;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body handed from HttpClient's threads to the thread that writes the file, one chunk
 * at a time. Unlike {@code BodyHandlers.ofInputStream()}, whose reads block without a limit, the
 * reader waits with a timeout, so that it can notice a cancel and a server that went silent.
 * It asks for the next chunk only after taking one ({@link #request()}), so a slow disk slows the
 * transfer instead of filling memory.
 */
final class ChunkQueue implements HttpResponse.BodySubscriber<ChunkQueue> {
    /** What {@link #poll} returns at the end of the body: told apart by identity, so a list of its own. */
    static final List<ByteBuffer> END = Collections.unmodifiableList(new ArrayList<>(0));

    /** Chunks ({@code List<ByteBuffer>}), then {@link #END} or the Throwable that ended the body. */
    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    /** Available at once: the body is read from the queue while it arrives. */
    @Override
    public CompletionStage<ChunkQueue> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) s.cancel();
        else s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        items.add(chunk);
    }

    @Override
    public void onError(Throwable error) {
        items.add(error);
    }

    @Override
    public void onComplete() {
        items.add(END);
    }

    /**
     * The next chunk, {@link #END} after the last, or null when none came within {@code millis}.
     *
     * @throws IOException what broke the transfer
     */
    @SuppressWarnings("unchecked")
    List<ByteBuffer> poll(long millis) throws IOException, InterruptedException {
        Object item = items.poll(millis, TimeUnit.MILLISECONDS);
        if (item instanceof IOException e) throw e;
        if (item instanceof Throwable t) throw new IOException(t);
        return (List<ByteBuffer>) item;
    }

    /** Asks for one more chunk, once the last one is written. */
    void request() {
        subscription.request(1);
    }

    /** Stops the transfer (no effect after its end); the connection is closed rather than drained. */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }
}
