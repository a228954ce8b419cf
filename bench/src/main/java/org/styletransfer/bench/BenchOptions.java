package org.styletransfer.bench;

import org.styletransfer.cli.UsageException;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Options and value types that the benchmarks' command lines share. */
final class BenchOptions {
    private BenchOptions() {
    }

    /** {@code --provider CPU|CUDA}: a benchmark measures one provider, so never Auto. */
    static final class ProviderOption {
        @Option(names = "--provider", paramLabel = "CPU|CUDA", converter = OneProvider.class,
            description = "Where our side runs; a benchmark measures one provider (the GPU build's default is CUDA).")
        Provider provider = OnnxEngine.cudaBuilt() ? Provider.CUDA : Provider.CPU;

        Provider get() {
            return provider;
        }
    }

    /**
     * {@code --matmul}, {@code --matmul_runs}, {@code --sgemm_peer}: how the two peaks a case is
     * read against are measured, ONNX Runtime's own MatMul and PyTorch's tuned sgemm.
     */
    static final class PeakOptions {
        @Option(names = "--matmul", paramLabel = "<n>",
            description = "Edge of the MatMul that measures this machine's peak.")
        int matmulN = 2048;
        @Option(names = "--matmul_runs", paramLabel = "<n>", description = "Timed runs of the MatMul peak.")
        int matmulRuns = 7;
        @Option(names = "--sgemm_peer", paramLabel = "<path>|none", converter = PathOrNone.class,
            description = "PyTorch's sgemm_peak.py, which measures a tuned sgemm's peak beside ONNX Runtime's MatMul.")
        Path sgemmPeer = SgemmPeak.DEFAULT_SCRIPT;

        /** Checks the values (picocli has no range check of its own). */
        void validate() {
            atLeast("--matmul", matmulN, 1);
            atLeast("--matmul_runs", matmulRuns, 1);
        }

        /** PyTorch's sgemm peak at {@code threads}, printed; NA off the CPU, which the peer does not measure. */
        SgemmPeak.Result sgemm(String python, Provider provider, int threads, PrintStream out, PrintStream err) {
            SgemmPeak.Result r = provider == Provider.CPU ? SgemmPeak.measure(python, sgemmPeer, threads, err)
                : SgemmPeak.Result.missing("the PyTorch sgemm peer measures the CPU only");
            out.println(r.describe());
            return r;
        }
    }

    /**
     * {@code --images}, {@code --vgg}, {@code --style_weight}: the pictures, weights and loss of
     * the optimisation-based commands (bench-gatys, gatys-examples).
     */
    static final class GatysOptions {
        @Option(names = "--images", paramLabel = "<path>",
            description = "Folder with content/ and style/ pictures (bench-gatys: synthetic ones where missing).")
        Path images = Path.of("../shared/images");
        @Option(names = "--vgg", description = "VGG-19 weights; default: the partial VGG-19 of the model folders.")
        String vgg;
        @Option(names = "--style_weight", paramLabel = "<x>", defaultValue = "1e4", description = "Style weight of the loss.")
        double styleWeight;

        /** Checks the values (picocli has no range check of its own). */
        void validate() {
            positive("--style_weight", styleWeight);
        }
    }

    /** CPU or CUDA, any case. */
    static final class OneProvider implements ITypeConverter<Provider> {
        @Override
        public Provider convert(String value) {
            try {
                Provider p = Provider.parse(value);
                if (p != Provider.AUTO) return p;
            } catch (IllegalArgumentException e) {
                // reported below, with what the benchmark takes
            }
            throw new TypeConversionException("'" + value + "' is not CPU or CUDA: a benchmark measures one provider.");
        }
    }

    /** A frame size, {@code 512x512}. */
    record FrameSize(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** Reads {@code WxH}. */
    static final class FrameSizes implements ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            String[] wh = value.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                int w = Integer.parseInt(wh[0].trim());
                int h = Integer.parseInt(wh[wh.length - 1].trim());
                if (wh.length == 2 && w >= 1 && h >= 1) return new FrameSize(w, h);
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not a size like 512x512.");
        }
    }

    /** A path, or nothing for {@code none} (or {@code false}): an optional part switched off. */
    static final class PathOrNone implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return TextOrNone.none(value) ? null : Path.of(value.trim());
        }
    }

    /** A name, or nothing for {@code none} (or empty). */
    static final class TextOrNone implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return none(value) ? null : value.trim();
        }

        static boolean none(String value) {
            String v = value.trim();
            return v.isEmpty() || v.equalsIgnoreCase("none") || v.equalsIgnoreCase("false");
        }
    }

    /** Fails unless the option's value {@code v} is at least {@code min}. */
    static int atLeast(String option, int v, int min) {
        if (v < min) throw new UsageException(option + " must be at least " + min + ", not " + v + ".");
        return v;
    }

    /** Fails unless the option's value {@code v} is positive and finite. */
    static double positive(String option, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new UsageException(option + " must be positive, not " + v + ".");
        return v;
    }
}
