package org.styletransfer.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What a run wants the user to know about how it went, beyond the result itself: a retry with
 * smaller tiles or a lower resolution after memory ran out, a switch from CUDA to CPU. Results
 * carry these notes; a listener (e.g. {@link Progress#note}) shows each one as it happens.
 * Thread-safe.
 */
public final class RunNotes {
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> listener = note -> { };

    /** Notes nobody listens to yet. */
    public RunNotes() {
    }

    /** Notes shown to {@code listener} as they are added. */
    public RunNotes(Consumer<String> listener) {
        listen(listener);
    }

    /** Sets who is told of every later note (replacing the previous listener). */
    public void listen(Consumer<String> listener) {
        this.listener = listener == null ? note -> { } : listener;
    }

    /** Records a note and tells the listener. */
    public void add(String note) {
        notes.add(note);
        listener.accept(note);
    }

    /** The notes so far, oldest first. */
    public List<String> all() {
        return List.copyOf(notes);
    }
}
