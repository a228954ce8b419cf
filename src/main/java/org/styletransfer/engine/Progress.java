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
     * The progress of part {@code index} (0-based) of {@code count} equal parts of this run: its
     * units map into the whole run's, and its status line is prefixed "label index+1/count: " when
     * there is more than one part. Cancelling this run cancels every part.
     */
    default Progress part(int index, int count, String label) {
        Progress whole = this;
        return new Progress() {
            @Override
            public void update(long done, long total, String status) {
                String prefix = count > 1 ? label + " " + (index + 1) + "/" + count + ": " : "";
                whole.update(index * total + done, count * total, status == null ? null : prefix + status);
            }

            @Override
            public boolean isCancelled() {
                return whole.isCancelled();
            }
        };
    }

    /** Throws {@link CancelledException} when the user asked to stop. */
    default void checkCancelled() {
        if (isCancelled() || Thread.currentThread().isInterrupted()) throw new CancelledException();
    }
}
