package org.styletransfer.video;

import java.util.stream.IntStream;

/** Runs per-row work on bands of rows in parallel (the pixel loops of flow and warping). */
final class Rows {
    /** Below this many pixels the fork/join overhead costs more than a second core gains. */
    private static final int MIN_PARALLEL_PIXELS = 16_384;

    /** Work on rows {@code [from, to)}. */
    @FunctionalInterface
    interface Band {
        void run(int from, int to);
    }

    private Rows() {
    }

    /** Calls {@code band} on disjoint bands covering rows 0..height-1; bands may run concurrently. */
    static void parallel(int width, int height, Band band) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2 || (long) width * height < MIN_PARALLEL_PIXELS) {
            band.run(0, height);
            return;
        }
        // A few bands per core, so that an unlucky slow band does not leave a core idle.
        int bands = Math.min(height, 4 * cores);
        IntStream.range(0, bands).parallel().forEach(b -> band.run(b * height / bands, (b + 1) * height / bands));
    }
}
