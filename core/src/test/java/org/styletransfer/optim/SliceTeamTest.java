package org.styletransfer.optim;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SliceTeamTest {

    @Test
    void shortVectorsStayOnOneThreadAndLongOnesAreSplitOnBlockBoundaries() {
        assertEquals(1, SliceTeam.of(4, SliceTeam.MIN_SLICE * 2 - 1).size());
        assertEquals(1, SliceTeam.of(1, 10_000_000).size());
        SliceTeam team = SliceTeam.of(3, 3 * SliceTeam.MIN_SLICE + 1000);
        assertEquals(3, team.size());
        ConcurrentHashMap<Integer, Integer> slices = new ConcurrentHashMap<>();
        team.run((from, to, sum) -> slices.put(from, to));
        assertEquals(3, slices.size());
        int covered = 0;
        for (int from : slices.keySet()) {
            assertEquals(0, from % VectorMath.BLOCK, "slice start " + from);
            covered += slices.get(from) - from;
        }
        assertEquals(3 * SliceTeam.MIN_SLICE + 1000, covered);
    }

    @Test
    void everySliceGetsTheWholeDotProductRoundAfterRound() {
        int n = 2 * SliceTeam.MIN_SLICE + 777;
        float[] a = random(n, 1);
        float[][] b = new float[50][];
        for (int k = 0; k < b.length; k++) b[k] = random(n, 10 + k);
        double[][] seen = new double[2][b.length];
        SliceTeam team = SliceTeam.of(2, n);
        AtomicInteger slicesRun = new AtomicInteger();
        team.run((from, to, sum) -> {
            int slice = from == 0 ? 0 : 1;
            slicesRun.incrementAndGet();
            for (int k = 0; k < b.length; k++) seen[slice][k] = sum.of(VectorMath.dot(a, b[k], from, to));
        });
        assertEquals(2, slicesRun.get());
        assertArrayEquals(seen[0], seen[1], "both slices must see the same sums");
        for (int k = 0; k < b.length; k++) {
            double whole = VectorMath.dot(a, b[k]);
            assertEquals(whole, seen[0][k], 1e-12 * Math.abs(whole) + 1e-9);
        }
    }

    @Test
    void aFailingSliceEndsTheRunInsteadOfLeavingTheOthersWaiting() {
        SliceTeam team = SliceTeam.of(2, 2 * SliceTeam.MIN_SLICE);
        RuntimeException e = assertThrows(RuntimeException.class, () -> team.run((from, to, sum) -> {
            if (from > 0) throw new ArithmeticException("boom");
            for (int k = 0; k < 10; k++) sum.of(1);
        }));
        assertTrue(e.getMessage().contains("slice"), e.getMessage());
    }

    @Test
    void lbfgsTakesTheSameStepsOnTwoThreadsAsOnOne() {
        int n = 3 * SliceTeam.MIN_SLICE;
        Objective f = TestFunctions.rotatedQuadratic(n, 1e3, 7);
        float[] start = random(n, 2);
        Lbfgs one = new Lbfgs(f, start.clone(), Lbfgs.Options.defaults().withMemory(8));
        Lbfgs two = new Lbfgs(f, start.clone(), Lbfgs.Options.defaults().withMemory(8).withThreads(2));
        for (int i = 0; i < 25; i++) {
            one.step();
            two.step();
        }
        assertEquals(one.evaluations(), two.evaluations());
        assertEquals(one.bestLoss(), two.bestLoss(), 1e-6 * one.bestLoss());
        assertTrue(two.bestLoss() < 1e-2 * two.initialLoss(), "loss " + two.bestLoss() + " from " + two.initialLoss());
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}
