package org.styletransfer.gatys;

import org.styletransfer.image.StyleImage;
import org.junit.jupiter.api.Test;
import org.styletransfer.engine.FaultInjection;
import org.styletransfer.engine.FaultInjection.Fault;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.image.ColorImage;
import org.styletransfer.testutil.TinyVgg;
import org.styletransfer.vgg.VggWeights;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recovery of the optimisation, driven by {@link FaultInjection} on a tiny random VGG: out of memory
 * restarts at a lower resolution, a failing CUDA moves the run to the CPU; results and notes are
 * checked against normal runs.
 */
class GatysRobustnessTest {
    private static final VggWeights WEIGHTS = TinyVgg.weights(11);
    private static final ColorImage CONTENT = TinyVgg.content(64, 48);
    private static final List<StyleImage> STYLE = List.of(StyleImage.of(TinyVgg.style(40, 40, 5)));

    private static NeuralStyleSettings.Builder settings() {
        return NeuralStyleSettings.builder().iterations(8).contentWeight(1).styleWeight(10).tvWeight(1e-4)
            .tolerance(0).provider(Provider.CPU);
    }

    /** Records the status lines a run shows. */
    private static final class Statuses implements Progress {
        final List<String> lines = new ArrayList<>();

        @Override
        public void update(long done, long total, String status) {
            if (status != null) lines.add(status);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    /** A history that would not fit in a quarter of the memory left is cut, once noted, and the run goes on. */
    @Test
    void anLbfgsHistoryTooLargeForTheHeapIsCutAndTheRunSaysSo() {
        int asked = 1_000_000_000;
        Statuses statuses = new Statuses();
        NeuralStyleResult r = new NeuralStylizer(WEIGHTS).stylize(CONTENT, STYLE,
            settings().lbfgsMemory(asked).build(), statuses);
        assertEquals(1, r.notes().size(), r.notes().toString());
        String note = r.notes().get(0);
        assertTrue(note.matches("L-BFGS keeps \\d+ instead of 1000000000 correction pairs at 64x48: more would take "
            + "over a quarter of the memory Java has left \\(\\d+ MB\\).*"), note);
        assertTrue(statuses.lines.contains(note));
        int kept = Integer.parseInt(note.substring("L-BFGS keeps ".length(), note.indexOf(' ', "L-BFGS keeps ".length())));
        assertTrue(kept >= 1 && kept < asked, note);
        assertTrue(r.finalLoss() < r.initialLoss(), "the optimisation ran: " + r.initialLoss() + " -> " + r.finalLoss());
    }

    @Test
    void outOfMemoryRestartsAtOneOverRootTwoOfTheSizeAndScalesTheResultUp() {
        float[] source = CONTENT.data().clone();
        Statuses statuses = new Statuses();
        NeuralStyleResult r;
        // Runs: content targets, style targets, then the first loss evaluation (run 3) fails.
        try (FaultInjection f = FaultInjection.install().failRun(3, Fault.ORT_OUT_OF_MEMORY)) {
            r = new NeuralStylizer(WEIGHTS).stylize(CONTENT, STYLE, settings().build(), statuses);
        }
        assertArrayEquals(source, CONTENT.data(), "the source is never modified, retries included");
        String note = "Out of memory at 64x48; retried at 45x34 and scaled the result up to 64x48";
        assertEquals(List.of(note), r.notes());
        assertTrue(statuses.lines.contains(note), "shown in the status line: " + statuses.lines.get(0));
        assertEquals(64, r.image().width());
        assertEquals(48, r.image().height());
        assertEquals(45, r.history().get(0).width(), "optimised at the lower resolution");
        assertEquals(8, r.iterations(), "the failed attempt is not counted");

        // The same as optimising the content at 45x34 and scaling that up (only the clamping order differs).
        NeuralStyleResult small = new NeuralStylizer(WEIGHTS).stylize(CONTENT.resize(45, 34), STYLE, settings().build(),
            Progress.NONE);
        assertEquals(small.finalLoss(), r.finalLoss(), "the optimisation itself is identical");
        double mad = meanAbsDiff(small.image().resize(64, 48), r.image());
        System.out.printf("retried at 45x34 vs a 45x34 run scaled up: MAD %.5f (0..255)%n", mad);
        assertTrue(mad <= 1.0, "differs by " + mad);
    }

    @Test
    void outOfMemoryAtTheSmallestSizeFailsWithTheSizesAndTheFix() {
        NeuralStylizer stylizer = new NeuralStylizer(WEIGHTS);
        StyleTransferException e;
        try (FaultInjection f = FaultInjection.install().failFromRun(1, Fault.JAVA_OUT_OF_MEMORY)) {
            e = assertThrows(StyleTransferException.class,
                () -> stylizer.stylize(CONTENT, STYLE, settings().build(), Progress.NONE));
        }
        String m = e.getMessage();
        assertTrue(m.startsWith("Out of memory optimising the 64x48 image, even at 45x34 (the smallest tried): "
            + "Java: Direct buffer memory (simulated). Use a smaller max_size"), m);
        assertTrue(m.contains("-Xmx") && m.contains("fewer threads"), m);
    }

    @Test
    void aCudaFailureMidRunFinishesOnTheCpuWithTheSameResult() {
        NeuralStyleSettings cpu = settings().build();
        NeuralStyleResult expected = new NeuralStylizer(WEIGHTS).stylize(CONTENT, STYLE, cpu, Progress.NONE);
        assertEquals("CPU", expected.provider());
        assertEquals("", expected.providerNote());
        assertEquals(List.of(), expected.notes());

        Statuses statuses = new Statuses();
        NeuralStyleResult r;
        // Run 6 is a loss evaluation a few iterations in.
        try (FaultInjection f = FaultInjection.install().simulatingCuda().failRun(6, Fault.CUDA_FAILURE)) {
            r = new NeuralStylizer(WEIGHTS).stylize(CONTENT, STYLE, cpu.toBuilder().provider(Provider.CUDA).build(),
                statuses);
        }
        System.out.println("Neural Style provider after a simulated CUDA failure: " + r.provider());
        assertArrayEquals(expected.image().data(), r.image().data());
        assertEquals(expected.finalLoss(), r.finalLoss());
        assertEquals(expected.evaluations(), r.evaluations(), "the failed evaluation was repeated, not skipped");
        assertTrue(r.provider().matches("CUDA, then CPU \\(CUDA failed at iteration \\d+: Non-zero status code .*"
            + "illegal memory access was encountered \\(simulated\\)\\)"), r.provider());
        assertEquals(1, r.notes().size());
        assertTrue(r.notes().get(0).endsWith("; continuing on CPU"), r.notes().get(0));
        assertTrue(statuses.lines.contains(r.notes().get(0)));
    }

    @Test
    void afterACudaFailureTheStylizersLaterRunsStayOnTheCpu() {
        NeuralStyleSettings cuda = settings().provider(Provider.CUDA).build();
        NeuralStylizer stylizer = new NeuralStylizer(WEIGHTS);
        NeuralStyleResult failed;
        NeuralStyleResult next;
        try (FaultInjection f = FaultInjection.install().simulatingCuda().failRun(6, Fault.CUDA_FAILURE)) {
            failed = stylizer.stylize(CONTENT, STYLE, cuda, Progress.NONE);
            int runsBefore = f.runs();
            next = stylizer.stylize(CONTENT, STYLE, cuda, Progress.NONE);
            // The content's targets and the evaluations (the style's Grams are cached), none repeated.
            assertEquals(next.evaluations() + 1, f.runs() - runsBefore, "no run failed and was repeated");
        }
        // Simulated CUDA sessions report "CUDA"; their CPU twins report "CPU". The second run went
        // straight to the twins: it names the first run's failure and adds no note of its own.
        assertEquals(failed.provider(), next.provider());
        assertTrue(next.provider().startsWith("CUDA, then CPU (CUDA failed at iteration "), next.provider());
        assertEquals(List.of(), next.notes());
        assertArrayEquals(failed.image().data(), next.image().data());
        // A new stylizer is a new job: CUDA is tried again.
        try (FaultInjection f = FaultInjection.install().simulatingCuda()) {
            assertEquals("CUDA", new NeuralStylizer(WEIGHTS).stylize(CONTENT, STYLE, cuda, Progress.NONE).provider());
        }
    }

    static double meanAbsDiff(ColorImage a, ColorImage b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) s += Math.abs(a.data()[i] - b.data()[i]);
        return s / a.data().length;
    }
}
