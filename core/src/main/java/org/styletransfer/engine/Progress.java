package org.styletransfer.engine;

/**
 * Receives progress of a long run and tells it whether to stop. Algorithms call
 * {@link #checkCancelled()} between tiles, so a cancel takes effect within one tile.
 */
public interface Progress {
    /** A progress sink that shows nothing and never cancels. */
    Progress NONE = new Progress() {
        @Override
        public void update(long done, long total, String status) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /**
     * @param done   units of work finished (tiles, planes or iterations)
     * @param total  units in the whole run
     * @param status one line for a status bar, may be null
     */
    void update(long done, long total, String status);

    /** True once the user asked to stop. */
    boolean isCancelled();

    /**
     * A remark the user should see about how the run goes, e.g. "Out of memory with 768-px tiles;
     * retried with 384-px tiles (plane 3)". The default shows it as the status line (with counts
     * 0 of 0, since the sender does not know the run's counts); front ends that keep a log should
     * override this and log it too. The run's result carries the same notes.
     */
    default void note(String message) {
        update(0, 0, message);
    }

    /**
     * Where this progress sits in the whole run, e.g. "plane 2/3" for a part made by
     * {@link #part}; empty for the whole run. Runs name it when something happens that the
     * user should place, such as CUDA failing.
     */
    default String where() {
        return "";
    }

    /**
     * The progress of part {@code index} (0-based) of {@code count} equal parts of this run: its
     * units map into the whole run's, and its status line is prefixed "label index+1/count: " when
     * there is more than one part, as is its {@link #where}. Cancelling this run cancels every part.
     */
    default Progress part(int index, int count, String label) {
        Progress whole = this;
        String here = count > 1 ? label + " " + (index + 1) + "/" + count : "";
        String prefix = here.isEmpty() ? "" : here + ": ";
        return new Progress() {
            @Override
            public void update(long done, long total, String status) {
                whole.update(index * total + done, count * total, status == null ? null : prefix + status);
            }

            @Override
            public boolean isCancelled() {
                return whole.isCancelled();
            }

            @Override
            public void note(String message) {
                whole.note(prefix + message);
            }

            @Override
            public String where() {
                String outer = whole.where();
                return outer.isEmpty() || here.isEmpty() ? outer + here : outer + ", " + here;
            }
        };
    }

    /** Throws {@link CancelledException} when the user asked to stop. */
    default void checkCancelled() {
        if (isCancelled() || Thread.currentThread().isInterrupted()) throw new CancelledException();
    }
}
