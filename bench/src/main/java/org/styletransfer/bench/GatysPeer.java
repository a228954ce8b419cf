package org.styletransfer.bench;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import org.styletransfer.util.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch CPU reference ({@code gatys_torch.py} of the peers folder) run as a subprocess, for
 * side-by-side figures in the same run. It is measured, not reimplemented: its JSON line of
 * medians and its L-BFGS summary line are parsed. When Python, torch or the script is missing,
 * {@link #available()} says why and the benchmark goes on without it.
 */
final class GatysPeer {
    private static final Gson GSON = new Gson();
    /** The peer's last line: case name to median milliseconds. */
    private static final TypeToken<Map<String, Double>> MEDIANS = new TypeToken<>() {
    };

    private final String python;
    private final Path script;
    private final int threads;
    private final PrintStream err;
    private String unavailable;


    GatysPeer(String python, Path script, int threads, PrintStream err) {
        this.python = python;
        this.script = script;
        this.threads = threads;
        this.err = err;
    }

    /** Null when the peer can run; otherwise the reason it cannot (checked once). */
    String unavailable() {
        if (unavailable != null) return unavailable.isEmpty() ? null : unavailable;
        if (!Files.isRegularFile(script)) {
            unavailable = "the PyTorch peer " + script + " is not there";
        } else {
            Result r = exec(List.of(python, "-c", "import torch, torchvision; print(torch.__version__)"), 120, err);
            unavailable = r.status == 0 ? "" : "PyTorch is not installed for " + python + " ("
                + lastLine(r.output) + "); see ../shared/peers/README.md to install it";
        }
        return unavailable.isEmpty() ? null : unavailable;
    }

    /** Median ms of one loss + image gradient (autograd) at size x size, full VGG-19 to relu5_1. */
    double stepMs(int size, int iters, int warmup) {
        Result r = exec(List.of(python, script.toString(), "--sizes", Integer.toString(size), "--iters",
            Integer.toString(iters), "--warmup", Integer.toString(warmup), "--lbfgs", "0", "--threads",
            Integer.toString(threads), "--skip", "hand,tnet,fwd"), 1800, err);
        Double ms = medians(r).get("gatys_fb_" + size);
        if (ms == null) throw new IllegalStateException("the peer printed no gatys_fb_" + size);
        return ms;
    }

    /** The last JSON line of the peer's output. */
    static Map<String, Double> parseMedians(String output) {
        String[] lines = output.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].trim();
            if (l.startsWith("{") && l.endsWith("}")) return StrictJson.read(GSON, l, MEDIANS);
        }
        throw new IllegalStateException("the peer printed no JSON line: " + lastLine(output));
    }

    private Map<String, Double> medians(Result r) {
        if (r.status != 0) {
            throw new IllegalStateException("the peer failed (exit " + r.status + "): " + lastLine(r.output));
        }
        return parseMedians(r.output);
    }

    /** A finished Python process: its exit status and its merged output. */
    record Result(int status, String output) {
    }

    /**
     * Runs a Python command (the peers and our same-problem script) with the OpenBLAS setting this
     * CPU needs ({@link OpenBlasCoreType}), and waits for it; never throws: a failure is a non-zero
     * status with the reason.
     */
    static Result exec(List<String> command, int timeoutSeconds, PrintStream err) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        OpenBlasCoreType.applyTo(pb.environment());
        err.println("peer: " + String.join(" ", command));
        try {
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, new String(out, StandardCharsets.UTF_8) + "\n(timed out)");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, "cannot start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        return (nl < 0 ? t : t.substring(nl + 1)).trim();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s (%d threads)", python, script, threads);
    }
}
