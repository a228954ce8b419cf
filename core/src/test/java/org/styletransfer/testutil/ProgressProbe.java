package org.styletransfer.testutil;

import org.styletransfer.engine.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link Progress} for tests that stops a run, or does something to it, at a chosen point: at the
 * n-th cancel check, or at the first status line that matches. It records every status line, and
 * which of them came after it first answered "cancelled", so that a test can tell how far a run
 * went on after being asked to stop. Safe to use from several threads.
 */
public final class ProgressProbe implements Progress {
    private final int cancelAtCheck;
    private final Predicate<String> trigger;
    private final Runnable action;
    private final boolean cancelAtTrigger;
    private final List<String> statuses = new ArrayList<>();
    private final List<String> afterCancel = new ArrayList<>();
    private int checks;
    private boolean triggered;
    private boolean cancelled;

    private ProgressProbe(int cancelAtCheck, Predicate<String> trigger, Runnable action, boolean cancelAtTrigger) {
        this.cancelAtCheck = cancelAtCheck;
        this.trigger = trigger;
        this.action = action;
        this.cancelAtTrigger = cancelAtTrigger;
    }

    /** Never cancels; records. */
    public static ProgressProbe never() {
        return new ProgressProbe(0, s -> false, () -> { }, false);
    }

    /** Answers "cancelled" from its {@code n}-th cancel check on (1 = the first). */
    public static ProgressProbe cancelAtCheck(int n) {
        return new ProgressProbe(n, s -> false, () -> { }, false);
    }

    /** Answers "cancelled" from the first status line matching {@code when} on: the user pressed Esc then. */
    public static ProgressProbe cancelAtStatus(Predicate<String> when) {
        return new ProgressProbe(0, when, () -> { }, true);
    }

    /** Runs {@code action} once, at the first status line matching {@code when}; never cancels by itself. */
    public static ProgressProbe atStatus(Predicate<String> when, Runnable action) {
        return new ProgressProbe(0, when, action, false);
    }

    /** Interrupts the thread that reports the first status line matching {@code when}. */
    public static ProgressProbe interruptAtStatus(Predicate<String> when) {
        return atStatus(when, () -> Thread.currentThread().interrupt());
    }

    /** A trigger for the {@code n}-th status line (1 = the first) that contains {@code text}. */
    public static Predicate<String> nth(String text, int n) {
        int[] seen = {0};
        return s -> s.contains(text) && ++seen[0] == n;
    }

    @Override
    public void update(long done, long total, String status) {
        boolean fire;
        synchronized (this) {
            if (status == null) return;
            statuses.add(status);
            if (cancelled) afterCancel.add(status);
            fire = !triggered && trigger.test(status);
            if (fire) triggered = true;
        }
        // Outside the lock: the action may wait for another thread that reports progress too.
        if (fire) action.run();
    }

    @Override
    public synchronized boolean isCancelled() {
        checks++;
        boolean now = cancelAtCheck > 0 && checks >= cancelAtCheck || cancelAtTrigger && triggered;
        if (now) cancelled = true;
        return now;
    }

    /** Every status line so far, in order. */
    public synchronized List<String> statuses() {
        return List.copyOf(statuses);
    }

    /** The status lines that arrived after this first answered "cancelled": work done after the stop. */
    public synchronized List<String> statusesAfterCancel() {
        return List.copyOf(afterCancel);
    }

    /** The number of status lines containing {@code text}. */
    public synchronized long count(String text) {
        return statuses.stream().filter(s -> s.contains(text)).count();
    }
}
