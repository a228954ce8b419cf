package org.styletransfer.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameTimerTest {
    @Test
    void statusShowsFrameRateAndTimeLeft() {
        long[] now = {0};
        FrameTimer timer = new FrameTimer(1000, () -> now[0]);
        assertEquals("frame 1/1000", timer.status(), "no rate before the first frame");
        for (int i = 0; i < 11; i++) timer.frameDone();
        now[0] = (long) (11 / 3.1 * 1e9);
        assertEquals("frame 12/1000, 3.1 fps, 5 min 19 s left", timer.status());
    }

    @Test
    void planesThatAreNotTimePointsAreCountedAsPlanes() {
        long[] now = {0};
        FrameTimer timer = new FrameTimer(24, FrameTimer.PLANE, () -> now[0]);
        assertEquals("plane 1/24", timer.status());
        timer.frameDone();
        now[0] = 500_000_000L;
        assertEquals("plane 2/24, 2.0 planes/s, 12 s left", timer.status());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("0 s", FrameTimer.duration(0.2));
        assertEquals("42 s", FrameTimer.duration(42));
        assertEquals("5 min 18 s", FrameTimer.duration(318));
        assertEquals("2 h 3 min", FrameTimer.duration(2 * 3600 + 3 * 60 + 7));
    }

    @Test
    void lastFrameIsNotCountedPastTheTotal() {
        FrameTimer timer = new FrameTimer(2, () -> 1_000_000_000L);
        timer.frameDone();
        timer.frameDone();
        assertEquals(2, timer.done());
        assertEquals(true, timer.status().startsWith("frame 2/2"));
    }
}
