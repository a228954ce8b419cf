package org.styletransfer.spark;

import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.command.NeuralStyleSpec;
import org.styletransfer.command.ParamValues;
import org.styletransfer.io.MediaIO;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.video.ScenesForSpark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The neural command through the job, in chunks of one plane, against the command run on the whole
 * stack in this JVM (the command line has no neural subcommand): the same pixels.
 */
class SparkNeuralJobTest {
    @TempDir
    Path dir;

    @Test
    void neuralChunksMatchTheWholeRun() throws Exception {
        String style = SharedData.styleImage("starry_night.jpg").toAbsolutePath().toString();
        Path in = Files.createDirectories(dir.resolve("in"));
        ImagePlus stack = ScenesForSpark.movingStack(3);
        new FileSaver(stack).saveAsTiffStack(in.resolve("stack.tif").toString());
        Map<String, Object> options = Map.of(NeuralStyleSpec.STYLE, style, NeuralStyleSpec.ITERATIONS, 3,
            NeuralStyleSpec.MAX_SIZE, 48, NeuralStyleSpec.PLANES, "All planes", NeuralStyleSpec.PROVIDER, "CPU",
            "threads", 1);
        Path out = dir.resolve("out");
        JobFixtures.Run run = JobFixtures.job("--master", "local[2]", "--command", "neural", "--input", in.toString(),
            "--output", out.toString(), "--chunk", "1", "--style", style, "--iterations", "3", "--max_size", "48",
            "--planes", "All planes", "--provider", "CPU", "--threads", "1");
        assertEquals(0, run.status(), run.err() + run.out());

        ParamValues values = JobCommand.named("neural").values(options);
        ImagePlus whole = JobCommand.named("neural").runner().run(MediaIO.open(in.resolve("stack.tif"), false), values).image();
        Path reference = dir.resolve("whole.tif");
        MediaIO.save(whole, reference);
        JobFixtures.assertSamePixels(reference, out.resolve("stack.tif"));
    }
}
