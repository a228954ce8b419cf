package org.styletransfer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenBLAS kernel choice for the PyTorch peers. Debian's OpenBLAS 0.3.21 may misdetect a CPU
 * with AVX-512 and run about 10x slower, which {@code OPENBLAS_CORETYPE=SkylakeX} fixes; on a CPU
 * without AVX-512 (e.g. AMD EPYC with AVX2 only) that same setting makes torch die of an illegal
 * instruction (SIGILL, exit 132). So it is set only when the CPU's flags contain {@code avx512f},
 * the foundation instructions the SkylakeX kernels use, and never over a value the user set.
 */
final class OpenBlasCoreType {
    static final String VARIABLE = "OPENBLAS_CORETYPE";
    static final String SKYLAKE_X = "SkylakeX";
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private OpenBlasCoreType() {
    }

    /** This CPU's choice, read from /proc/cpuinfo once, on first use: the CPU does not change. */
    private static final class ThisCpu {
        static final Optional<String> TYPE = forCpuInfo(readCpuInfo());
    }

    /** Sets {@value #VARIABLE} in a child's environment where this CPU needs it and nobody set it. */
    static void applyTo(Map<String, String> environment) {
        if (environment.containsKey(VARIABLE)) return;
        ThisCpu.TYPE.ifPresent(type -> environment.put(VARIABLE, type));
    }

    /**
     * What the peers run with, for the benchmark's context lines: e.g. "OPENBLAS_CORETYPE=SkylakeX
     * (the CPU has avx512f)", or "=Haswell (from the environment)".
     */
    static String describe(Map<String, String> parentEnvironment) {
        String given = parentEnvironment.get(VARIABLE);
        if (given != null) return VARIABLE + "=" + given + " (from the environment)";
        return ThisCpu.TYPE.map(type -> VARIABLE + "=" + type + " (the CPU has avx512f)")
            .orElse(VARIABLE + " unset (no avx512f: OpenBLAS detects the CPU itself)");
    }

    /** {@value #SKYLAKE_X} when the text of /proc/cpuinfo lists {@code avx512f} among the flags; else empty. */
    static Optional<String> forCpuInfo(String cpuInfo) {
        boolean avx512f = cpuInfo.lines()
            .filter(line -> line.startsWith("flags") && line.indexOf(':') > 0)
            .anyMatch(line -> Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).contains("avx512f"));
        return avx512f ? Optional.of(SKYLAKE_X) : Optional.empty();
    }

    /** The CPU description, or "" where there is none (not Linux): the peer's BLAS is then left alone. */
    private static String readCpuInfo() {
        try {
            return Files.readString(CPU_INFO);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
