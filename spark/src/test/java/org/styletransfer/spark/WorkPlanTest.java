package org.styletransfer.spark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How inputs become tasks, and the small rules of the job's command line and progress line. */
class WorkPlanTest {
    private static final InputFile VIDEO = new InputFile("/in/clip.avi", 10, InputFile.Axis.TIME);
    private static final InputFile HYPERSTACK = new InputFile("/in/cells.tif", 12, InputFile.Axis.WHOLE);

    @Test
    void chunksCoverEveryPlaneOnceAndStartEarlyByTheWarmup() {
        List<WorkItem> tasks = WorkPlan.tasks(List.of(VIDEO, HYPERSTACK), 4, 3);
        assertEquals(List.of(
            new WorkItem(VIDEO, 0, 0, 4), new WorkItem(VIDEO, 1, 4, 8), new WorkItem(VIDEO, 5, 8, 10),
            new WorkItem(HYPERSTACK, 0, 0, 12)), tasks);
        assertEquals("clip.avi [5-8]", tasks.get(1).label());
        assertEquals("cells.tif", tasks.get(3).label());
    }

    @Test
    void inputsKeptWholeAreOneTask() {
        assertEquals(List.of(new WorkItem(VIDEO.whole(), 0, 0, 10)), WorkPlan.tasks(List.of(VIDEO.whole()), 4, 3));
    }

    @Test
    void localMastersGetRetriesAndOthersStayAsGiven() {
        assertEquals("local[2,4]", SparkStylize.withRetries("local[2]"));
        assertEquals("local[*,4]", SparkStylize.withRetries("local[*]"));
        assertEquals("local[2,8]", SparkStylize.withRetries("local[2,8]"));
        assertEquals("spark://head:7077", SparkStylize.withRetries("spark://head:7077"));
    }

    @Test
    void theCommandIsFoundBeforeParsing() {
        assertEquals("neural", SparkStylize.commandName(new String[] {"--input", "x", "--command", "neural"}));
        assertEquals("neural", SparkStylize.commandName(new String[] {"--command=neural"}));
        assertEquals("fast", SparkStylize.commandName(new String[] {"--input", "x"}));
    }

    @Test
    void progressLineSaysFramesRateAndTimeLeft() {
        assertEquals("Progress: 120 of 2000 frames, 40.0 frames/s, 0:47 left", DriverProgress.line(120, 2000, 3.0));
    }

    @Test
    void anUnknownCommandIsOneLineNamingTheCommands() {
        JobFixtures.Run run = JobFixtures.job("--command", "cubist", "--input", "in", "--output", "out");
        assertEquals(2, run.status());
        assertEquals("Error: Unknown command 'cubist': use --command fast, neural.", run.err().strip());
    }
}
