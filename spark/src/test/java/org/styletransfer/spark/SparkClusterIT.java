package org.styletransfer.spark;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.io.MediaIO;
import org.styletransfer.testutil.SharedData;
import org.styletransfer.video.ScenesForSpark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job on a real standalone cluster (a master and two workers, separate JVMs on 127.0.0.1),
 * with the job jar as spark-submit would ship it; one worker JVM is killed while the job runs.
 */
class SparkClusterIT {
    /** What the driver in this JVM is told; SparkConf reads spark.* system properties. */
    private static final Map<String, String> DRIVER = Map.of(
        "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1",
        "spark.executor.memory", "600m",
        "spark.ui.enabled", "false");

    @TempDir
    Path dir;

    @AfterEach
    void clearDriverProperties() {
        for (String key : List.of("spark.jars", "spark.executor.extraJavaOptions")) System.clearProperty(key);
        DRIVER.keySet().forEach(System::clearProperty);
    }

    @Test
    void completeDuplicateFreeOutputDespiteAKilledWorker() throws Exception {
        SharedData.model(SharedData.CANDY);
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(Paths.get("test-images/shapes_rgb.png"), in.resolve("shapes.png"));
        new ij.io.FileSaver(ScenesForSpark.movingStack(16)).saveAsTiffStack(in.resolve("stack.tif").toString());
        Path out = dir.resolve("out");
        DRIVER.forEach(System::setProperty);
        System.setProperty("spark.jars", System.getProperty("job.jar"));
        System.setProperty("spark.executor.extraJavaOptions", System.getProperty("spark.java.options") + " -Djava.awt.headless=true");

        try (LocalCluster cluster = new LocalCluster(Paths.get("spark/target"), 2)) {
            AtomicBoolean killedDuringJob = new AtomicBoolean();
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> killWhenPlanesAppear(cluster, out, killedDuringJob));
            JobFixtures.Run run = JobFixtures.job("--master", cluster.url, "--input", in.toString(), "--output",
                out.toString(), "--model", "candy", "--chunk", "2");
            killer.cancel(true);
            System.out.println(run.out());
            assertEquals(0, run.status(), run.err());
            assertTrue(killedDuringJob.get(), "a worker was killed while the job ran");
        }
        for (String name : List.of("shapes.png", "stack.tif")) {
            Path reference = dir.resolve("cli").resolve(name);
            assertEquals(0, JobFixtures.stylize("stylize", in.resolve(name).toString(), reference.toString(),
                "--model", "candy").status());
            JobFixtures.assertSamePixels(reference, out.resolve(name));
        }
        assertEquals(16, MediaIO.open(out.resolve("stack.tif"), false).getStackSize(), "no plane twice, none missing");
        assertEquals(List.of(), JobFixtures.leftovers(out));
    }

    /** Kills worker 0 once the first chunk's first plane is written and before the stack is assembled. */
    private static void killWhenPlanesAppear(LocalCluster cluster, Path out, AtomicBoolean killed) {
        Path parts = out.resolve(Outputs.PARTS).resolve("stack.tif");
        try {
            while (!Files.exists(Outputs.plane(parts, 0))) Thread.sleep(50);
            killed.set(!Files.exists(out.resolve("stack.tif")));
            cluster.killWorker(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
