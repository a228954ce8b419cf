package org.styletransfer.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FloatTensorTest {

    private static final long MB = 1 << 20;

    @Test
    void buffersNoLongerUsedDoNotCountOnceCollected() {
        long before = FloatTensor.memoryLeftAfterCollection();
        FloatTensor dropped = FloatTensor.allocate(16 * MB); // 64 MB
        dropped.close();
        dropped = null;
        long plain = FloatTensor.memoryLeft();
        long collected = FloatTensor.memoryLeftAfterCollection();
        // The plain figure still counts the dropped 64 MB (unless a collection came between, which
        // leaves nothing to show); after the collection they are free again.
        assumeTrue(plain <= before - 60 * MB, "a collection freed the buffer already");
        assertTrue(collected >= before - 4 * MB, "collected " + (collected / MB) + " MB, before " + (before / MB)
            + " MB");
    }

    @Test
    void aViewSharesTheFirstElements() {
        try (FloatTensor t = FloatTensor.allocate(4, 3); FloatTensor rows = t.view(2, 3)) {
            t.buffer().put(4, 7f);
            assertArrayEquals(new long[] {2, 3}, rows.shape());
            assertEquals(6, rows.size());
            assertEquals(7f, rows.buffer().get(4));
        }
    }
}
