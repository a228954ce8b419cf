package org.styletransfer.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and workers, each a separate JVM started
 * from the Spark jars Maven resolved, with a SPARK_HOME assembled under target/ (a worker starts
 * its executors from {@code SPARK_HOME/jars}).
 */
final class LocalCluster implements AutoCloseable {
    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final int uiPort;
    final String url;
    final List<Process> workers = new ArrayList<>();

    LocalCluster(Path target, int workerCount) throws IOException, InterruptedException {
        home = sparkHome(target);
        int port = freePort();
        uiPort = freePort();
        url = "spark://127.0.0.1:" + port;
        processes.add(start(target.resolve("master.log"), "org.apache.spark.deploy.master.Master",
            "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(uiPort)));
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(target.resolve("worker-" + i));
            Process w = start(target.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()),
                "--work-dir", work.toString(), url);
            workers.add(w);
            processes.add(w);
        }
        awaitWorkers(workerCount);
    }

    /** target/spark-home with jars/ linking to the resolved Spark jars. */
    private static Path sparkHome(Path target) throws IOException {
        Path home = Files.createDirectories(target.resolve("spark-home"));
        Path jars = home.resolve("jars");
        if (!Files.exists(jars, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(jars, Paths.get(System.getProperty("spark.jars.dir")).toAbsolutePath());
        }
        return home;
    }

    private Process start(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", home.resolve("jars") + "/*"));
        cmd.addAll(Arrays.asList(System.getProperty("spark.java.options").trim().split("\\s+")));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    /** Waits until the master lists {@code n} alive workers (its web UI's JSON). */
    private void awaitWorkers(int n) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
                if (json.replace(" ", "").contains("\"aliveworkers\":" + n)) return;
            } catch (IOException notYet) {
                // The master's UI is not up yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The local Spark cluster did not get " + n + " workers within a minute; see target/*.log");
    }

    /** Kills a worker JVM and the executor it started, as when a machine is lost. */
    void killWorker(int i) {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
