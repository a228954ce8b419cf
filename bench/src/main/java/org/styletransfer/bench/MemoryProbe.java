package org.styletransfer.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Peak memory of this process: resident set (VmHWM, which includes ONNX Runtime's native arenas
 * that the Java heap figures miss) and Java heap, with a per-case reset where Linux allows it.
 */
final class MemoryProbe {
    private static final Path STATUS = Paths.get("/proc/self/status");
    private static final Path CLEAR_REFS = Paths.get("/proc/self/clear_refs");

    private MemoryProbe() {
    }

    /**
     * Starts a new measurement: resets the peak heap of every pool and, on Linux, the resident
     * peak (writing 5 to clear_refs). Returns false when the resident peak could not be reset, so
     * that VmHWM is the peak since the process started.
     */
    static boolean reset() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Peak resident set size in MB (VmHWM), or -1 when /proc is not available. */
    static double peakResidentMb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) return kbField(line) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: report -1 rather than failing the benchmark.
        }
        return -1;
    }

    private static double kbField(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Double.parseDouble(parts[0]);
    }

    /** Sum of the peak usage of the heap pools since the last {@link #reset()}, in MB. */
    static double peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) bytes += pool.getPeakUsage().getUsed();
        }
        return bytes / (1024.0 * 1024.0);
    }
}
