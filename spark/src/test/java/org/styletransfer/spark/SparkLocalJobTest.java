package org.styletransfer.spark;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.io.MediaIO;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.video.Flicker;
import org.styletransfer.video.ScenesForSpark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark job in local mode on real inputs with the real candy network: outputs identical to
 * {@code stylize}, an injected task failure retried, a damaged input failing alone, a restart
 * skipping complete outputs, and the flicker of a chunked run.
 */
class SparkLocalJobTest {
    private static final List<String> GOOD = List.of("shapes.png", "stack.tif", "clip.avi", "sequence");

    @TempDir
    Path dir;

    @Test
    void outputsMatchTheCommandLineDespiteAFailureAndABadInput() throws IOException {
        SharedData.model(SharedData.CANDY);
        Path in = JobFixtures.inputs(dir, 7);
        Path out = dir.resolve("out");
        JobFixtures.Run run = JobFixtures.job("--master", "local[2]", "--input", in.toString(), "--output", out.toString(),
            "--model", "candy", "--chunk", "3", "--fail_once", "stack.tif:5");
        System.out.println(run.out());
        assertEquals(1, run.status(), "the damaged input fails the job's status: " + run.err());
        for (String name : GOOD) {
            Path reference = dir.resolve("cli").resolve(name);
            JobFixtures.Run cli = JobFixtures.stylize("stylize", in.resolve(name).toString(), reference.toString(), "--model", "candy");
            assertEquals(0, cli.status(), cli.err());
            JobFixtures.assertSamePixels(reference, out.resolve(name));
        }
        assertEquals(List.of(), JobFixtures.leftovers(out));
        JsonObject summary = JobFixtures.summary(out);
        String failures = summary.getAsJsonArray("failures").toString();
        assertEquals(1, summary.getAsJsonArray("failures").size(), failures);
        assertTrue(failures.contains("broken.tif") && failures.contains("not"), failures);
        assertTrue(attempts(summary, "stack.tif [4-6]") >= 1, "the injected failure was retried: " + summary);
        assertTrue(run.err().contains("Progress: "), run.err());
        assertTrue(run.out().contains("FAILED broken.tif"), run.out());
    }

    @Test
    void aRestartSkipsCompleteOutputsAndRedoesTheRest() throws IOException {
        SharedData.model(SharedData.CANDY);
        Path in = JobFixtures.inputs(dir, 5);
        Path out = dir.resolve("out");
        String[] args = {"--master", "local[2]", "--input", in.toString(), "--output", out.toString(), "--model", "candy",
            "--chunk", "2"};
        JobFixtures.job(args);
        FileTime kept = Files.getLastModifiedTime(out.resolve("stack.tif"));
        // As if the job had been killed: one output gone, one chunk's planes left.
        Files.delete(out.resolve("clip.avi"));
        JobFixtures.Run again = JobFixtures.job(args);
        assertEquals(1, again.status(), again.err());
        assertEquals(kept, Files.getLastModifiedTime(out.resolve("stack.tif")));
        JsonObject summary = JobFixtures.summary(out);
        assertEquals(List.of("clip.avi"), inputsWith(summary, "DONE"));
        assertTrue(inputsWith(summary, "SKIPPED").containsAll(List.of("shapes.png", "stack.tif", "sequence")));
        Path reference = dir.resolve("clip-cli.avi");
        JobFixtures.stylize("stylize", in.resolve("clip.avi").toString(), reference.toString(), "--model", "candy");
        JobFixtures.assertSamePixels(reference, out.resolve("clip.avi"));
    }

    @Test
    void chunkedFlickerIsWithinFivePercentOfUnchunked() throws IOException {
        SharedData.model(SharedData.CANDY);
        Path in = Files.createDirectories(dir.resolve("in"));
        ImagePlus moving = ScenesForSpark.movingStack(16);
        new ij.io.FileSaver(moving).saveAsTiffStack(in.resolve("moving.tif").toString());
        Flicker.Result whole = flicker(in, moving, "100", "8");
        Flicker.Result chunked = flicker(in, moving, "4", "8");
        Flicker.Result cold = flicker(in, moving, "4", "0");
        double ratio = chunked.combined() / whole.combined();
        System.out.printf(Locale.ROOT, "flicker unchunked: %s%nflicker chunks of 4, warm-up 8: %s (ratio %.4f)%n"
            + "flicker chunks of 4, no warm-up: %s (ratio %.4f)%n", whole, chunked, ratio, cold,
            cold.combined() / whole.combined());
        assertTrue(Math.abs(ratio - 1) <= 0.05, "chunked/unchunked flicker " + ratio);
    }

    private Flicker.Result flicker(Path in, ImagePlus content, String chunk, String warmup) {
        Path out = dir.resolve("out-" + chunk + "-" + warmup);
        JobFixtures.Run run = JobFixtures.job("--master", "local[2]", "--input", in.toString(), "--output", out.toString(),
            "--model", "candy", "--temporal_coherence", "0.6", "--chunk", chunk,
            "--warmup", warmup);
        assertEquals(0, run.status(), run.err());
        return ScenesForSpark.flicker(content, MediaIO.open(out.resolve("moving.tif"), false));
    }

    private static int attempts(JsonObject summary, String task) {
        int max = -1;
        for (JsonElement t : summary.getAsJsonArray("tasks")) {
            JsonObject o = t.getAsJsonObject();
            if (o.get("task").getAsString().equals(task)) max = Math.max(max, o.get("attempt").getAsInt());
        }
        return max;
    }

    private static List<String> inputsWith(JsonObject summary, String status) {
        List<String> names = new ArrayList<>();
        for (JsonElement t : summary.getAsJsonArray("tasks")) {
            JsonObject o = t.getAsJsonObject();
            if (o.get("status").getAsString().equals(status) && !names.contains(o.get("input").getAsString())) {
                names.add(o.get("input").getAsString());
            }
        }
        return names;
    }
}
