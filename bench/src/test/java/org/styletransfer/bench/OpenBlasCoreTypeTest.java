package org.styletransfer.bench;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** SkylakeX kernels only for a CPU with AVX-512: elsewhere they crash the peer with SIGILL. */
class OpenBlasCoreTypeTest {
    /** Two processors of a Xeon with AVX-512, as /proc/cpuinfo lists them (flags shortened). */
    private static final String XEON = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
        flags\t\t: fpu vme sse sse2 ssse3 sse4_1 sse4_2 avx f16c fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl
        bugs\t\t: spectre_v1

        processor\t: 1
        vendor_id\t: GenuineIntel
        flags\t\t: fpu vme sse sse2 ssse3 sse4_1 sse4_2 avx f16c fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl
        """;
    /** An AMD EPYC with AVX2 only: the machine where every peer_ms came out NA (exit 132). */
    private static final String EPYC_AVX2 = """
        processor\t: 0
        vendor_id\t: AuthenticAMD
        model name\t: AMD EPYC 7R32
        flags\t\t: fpu vme sse sse2 ssse3 sse4_1 sse4_2 avx f16c fma avx2 sha_ni clzero
        """;

    @Test
    void skylakeXOnlyWhereTheFlagsHaveAvx512f() {
        assertEquals(Optional.of("SkylakeX"), OpenBlasCoreType.forCpuInfo(XEON));
        assertEquals(Optional.empty(), OpenBlasCoreType.forCpuInfo(EPYC_AVX2));
        assertEquals(Optional.empty(), OpenBlasCoreType.forCpuInfo(""), "no /proc/cpuinfo: leave the BLAS alone");
    }

    @Test
    void onlyTheWholeFlagOfTheFlagsLineCounts() {
        // AVX-512 extensions without the foundation, and the word elsewhere, are not enough.
        assertEquals(Optional.empty(), OpenBlasCoreType.forCpuInfo("flags\t\t: avx2 avx512_fp16 avx512fx\n"));
        assertEquals(Optional.empty(), OpenBlasCoreType.forCpuInfo("model name\t: avx512f edition\nflags\t\t: avx2\n"));
        // Intel's "vmx flags" lines list virtualisation features, not instruction sets.
        assertEquals(Optional.empty(), OpenBlasCoreType.forCpuInfo("vmx flags\t: avx512f\nflags\t\t: avx2\n"));
    }

    @Test
    void aValueTheUserSetIsKept() {
        Map<String, String> env = new HashMap<>(Map.of(OpenBlasCoreType.VARIABLE, "Haswell"));
        OpenBlasCoreType.applyTo(env);
        assertEquals("Haswell", env.get(OpenBlasCoreType.VARIABLE));
        assertEquals("OPENBLAS_CORETYPE=Haswell (from the environment)", OpenBlasCoreType.describe(env));
    }
}
