package org.styletransfer.command;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.testutil.ProgressProbe;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.styletransfer.command.CommandFixtures.fast;
import static org.styletransfer.command.CommandFixtures.styleNet;

/**
 * Fast Style's progress counts frames only when the planes are time points, planes otherwise, as a
 * partial result's note does (a plain stack of slices counts planes: HyperstackCancelTest).
 */
class ProgressUnitTest {
    @TempDir
    static Path dir;

    /** A greyscale stack of {@code c x z x t} 32x24 planes. */
    private static ImagePlus stack(int c, int z, int t) {
        ImageStack stack = new ImageStack(32, 24);
        for (int i = 0; i < c * z * t; i++) {
            ByteProcessor bp = new ByteProcessor(32, 24);
            bp.setColor(20 * i);
            bp.fill();
            stack.addSlice(bp);
        }
        ImagePlus imp = new ImagePlus("stack", stack);
        imp.setDimensions(c, z, t);
        return imp;
    }

    /** The status lines of a Fast Style run over every plane of {@code source}. */
    private static List<String> statuses(ImagePlus source) {
        ProgressProbe probe = ProgressProbe.never();
        FastStyleCommand.run(source, fast(styleNet(dir, true, 5)).set(FastStyleSpec.PLANES, PlaneScope.ALL), probe);
        return probe.statuses().stream().filter(s -> s != null && s.startsWith("Fast style: ")).toList();
    }

    @Test
    void channelsAndZSlicesAreCountedAsPlanes() {
        List<String> channels = statuses(stack(3, 1, 1));
        assertTrue(channels.get(0).startsWith("Fast style: plane 1/3"), channels.get(0));
        List<String> slices = statuses(stack(2, 3, 1));
        assertTrue(slices.get(slices.size() - 1).startsWith("Fast style: plane 6/6, "), slices.toString());
        assertTrue(statuses(stack(1, 4, 1)).get(0).startsWith("Fast style: plane 1/4"));
    }

    @Test
    void timeFramesAreCountedAsFrames() {
        assertTrue(statuses(stack(2, 1, 3)).get(0).startsWith("Fast style: frame 1/6"));
        assertTrue(statuses(stack(1, 1, 4)).get(0).startsWith("Fast style: frame 1/4"));
    }
}
