package org.styletransfer.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the models of one job (a stylisation) and moves the job from CUDA to the CPU when CUDA
 * fails in the middle of it. Any failure of a CUDA session except bad input or lack of memory
 * (which the CPU would meet too, and which callers handle by running smaller) is taken as CUDA
 * failing: the same model is opened on the CPU, the failed run is repeated there, and every later
 * run of the job goes to the CPU as well, so that its result does not mix more providers than
 * needed. {@link #provider(String)} then says both, with where and why CUDA failed. Thread-safe.
 */
public final class SessionFallback {
    private static final String THEN_CPU = ", then CPU (";

    private final RunNotes notes;
    /** The part of the job this fallback serves ("plane 2/3"), or empty. */
    private final String part;
    private volatile String where = "the start";
    /** "CUDA failed at plane 3: ..." once the job moved to the CPU; null before. */
    private volatile String failure;
    /** The part of the job where CUDA failed, or empty. */
    private volatile String failedIn = "";

    /** @param notes receives one note when the job moves to the CPU */
    public SessionFallback(RunNotes notes) {
        this(notes, "");
    }

    /**
     * @param notes receives one note when the job moves to the CPU
     * @param part  where this fallback's runs sit in a job of several parts ("plane 2/3",
     *              {@link org.styletransfer.engine.Progress#where}), or empty: the provider names
     *              it before the failure; the note does not, as the part's notes say it already
     */
    public SessionFallback(RunNotes notes, String part) {
        this.notes = notes;
        this.part = part;
    }

    /**
     * A fallback for the next part of the same job (the next plane of a stack, say) whose notes go
     * to {@code notes}: on the CPU from the start when CUDA already failed here, so that a failed
     * GPU is not tried again and the provider still says where it failed.
     *
     * @param part where the next part sits in the job, as for the constructor
     */
    public SessionFallback next(RunNotes notes, String part) {
        SessionFallback next = new SessionFallback(notes, part);
        next.failure = failure;
        next.failedIn = failedIn;
        return next;
    }

    /** Where the job is now ("plane 3", "iteration 12"), for the message if CUDA fails there. */
    public void at(String where) {
        this.where = where;
    }

    /** {@link ModelSession#run} on {@code planned}, or on the CPU once CUDA failed. */
    public void run(ModelSession planned, Map<String, FloatTensor> in, Map<String, FloatTensor> out) {
        call(planned, s -> {
            s.run(in, out);
            return null;
        });
    }

    /** {@link ModelSession#runAndCopy} on {@code planned}, or on the CPU once CUDA failed. */
    public Map<String, float[]> runAndCopy(ModelSession planned, Map<String, FloatTensor> in, List<String> outputs) {
        return call(planned, s -> s.runAndCopy(in, outputs));
    }

    private <T> T call(ModelSession planned, Function<ModelSession, T> run) {
        ModelSession session = active(planned);
        try {
            return run.apply(session);
        } catch (ModelRunException e) {
            if (!cudaFailed(session, e)) throw e;
            return run.apply(active(planned));
        }
    }

    /** The session runs of {@code planned} go to: itself, or its CPU twin once CUDA failed. */
    public ModelSession active(ModelSession planned) {
        return failure == null ? planned : planned.onCpu();
    }

    /** True (and the job moved to the CPU) when {@code e} is CUDA itself failing. */
    private synchronized boolean cudaFailed(ModelSession session, ModelRunException e) {
        if (e.kind() != ModelRunException.Kind.PROVIDER || !"CUDA".equals(session.provider())) return false;
        if (failure == null) {
            failure = "CUDA failed at " + where + ": " + e.detail();
            failedIn = part;
            notes.add(failure + "; continuing on CPU");
        }
        return true;
    }

    /** True once the job moved to the CPU. */
    public boolean fellBack() {
        return failure != null;
    }

    /**
     * The providers the job used, for results: {@code planned} ("CUDA", "CPU") as long as nothing
     * failed, else e.g. "CUDA, then CPU (CUDA failed at plane 3: ...)", or "CUDA, then CPU (plane
     * 2/3: CUDA failed at iteration 12: ...)" when it failed in a part of the job.
     */
    public String provider(String planned) {
        String f = failure;
        if (f == null) return planned;
        String in = failedIn;
        return planned + THEN_CPU + (in.isEmpty() ? "" : in + ": ") + f + ")";
    }
}
