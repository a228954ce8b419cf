package org.styletransfer.planes;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import org.styletransfer.engine.StyleTransferException;

import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM with a small heap by {@link PlaneSetGarbageTest}: fills most of the heap with
 * arrays, drops them (garbage the collector has not reclaimed yet), then asks for a plane whose
 * working memory fits the heap only once that garbage is gone. Prints what the heap had free
 * before the request, what the request needs, and ACCEPTED or the refusal.
 */
public final class GarbageThenPlanesMain {
    private GarbageThenPlanesMain() {
    }

    public static void main(String[] args) {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        int side = 16;
        while (PlaneSet.neededBytes(side + 16, side + 16, 4, 1, true, PlaneSet.Work.WHOLE) < max * 45 / 100) {
            side += 16;
        }
        ImagePlus source = new ImagePlus("plane", new ColorProcessor(side, side));
        List<byte[]> held = new ArrayList<>();
        for (long filled = 0; filled < max * 6 / 10; filled += 4 << 20) held.add(new byte[4 << 20]);
        held.clear();
        long free = max - (rt.totalMemory() - rt.freeMemory());
        long needed = PlaneSet.neededBytes(side, side, 4, 1, true, PlaneSet.Work.WHOLE);
        System.out.println("FREE " + (free >> 20) + " NEEDED " + (needed >> 20));
        try {
            PlaneSet.of(source, false, null, PlaneSet.Work.WHOLE);
            System.out.println("ACCEPTED");
        } catch (StyleTransferException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
