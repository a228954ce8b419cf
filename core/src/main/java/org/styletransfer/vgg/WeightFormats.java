package org.styletransfer.vgg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.vgg.VggWeights.Conv;

/** Layout conversions, number formats and checks shared by the VGG weight readers. */
final class WeightFormats {

    private WeightFormats() {
    }

    /**
     * What to do about a file that is no VGG-19 weights: the formats read, and where to get a file.
     * "Models..." is the catalogue's downloader (its id {@code vgg19}).
     */
    static final String USE_A_VGG = "Use a VGG-19 in one of these formats: a TensorFlow.js model.json (with its weight"
            + " shards), a torchvision vgg19 state_dict (.pth, saved with torch.save) or an ONNX VGG-19 (.onnx);"
            + " Plugins > Style Transfer > Models... downloads one (vgg19, torchvision's vgg19-dcbb9e9d.pth)";

    /** Builds the user-facing error: which file, what is wrong, what to do about it. */
    static StyleTransferException error(Path file, String problem, String fix) {
        return new StyleTransferException("Cannot read VGG-19 weights from '" + file + "': " + problem
                + ". " + fix);
    }

    /** Same with the underlying exception attached for the log. */
    static StyleTransferException error(Path file, String problem, String fix, Throwable cause) {
        return new StyleTransferException("Cannot read VGG-19 weights from '" + file + "': " + problem
                + ". " + fix, cause);
    }

    /**
     * TensorFlow kernels are [kh, kw, in, out]; ONNX and PyTorch want [out, in, kh, kw]
     * (a transpose by (3, 2, 0, 1)).
     */
    static float[] hwioToOihw(float[] hwio, int kh, int kw, int in, int out) {
        float[] oihw = new float[hwio.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    int from = ((y * kw + x) * in + i) * out;
                    for (int o = 0; o < out; o++) {
                        oihw[((o * in + i) * kh + y) * kw + x] = hwio[from + o];
                    }
                }
            }
        }
        return oihw;
    }

    /**
     * Checks that the layers form a chain starting from an RGB image: conv1_1 takes 3 channels
     * and every layer takes what the previous one produced.
     */
    static void checkChain(List<Conv> convs, Path file) {
        int channels = 3;
        for (Conv conv : convs) {
            if (conv.in() != channels) {
                throw error(file, conv.name() + " takes " + conv.in() + " input channels but "
                        + (channels == 3 && conv == convs.get(0) ? "an RGB image has 3"
                        : "the layer before it produces " + channels),
                        "The file is not a VGG-19 network, or its layers are mixed up; use an unmodified"
                        + " VGG-19 weights file");
            }
            channels = conv.out();
        }
    }

    /** Decodes {@code count} little-endian numbers of {@code dtype} starting at {@code offset}. */
    static float[] decode(byte[] bytes, int offset, int count, NumberFormat dtype) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, count * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (dtype) {
                case FLOAT32 -> buffer.getFloat();
                case FLOAT64 -> (float) buffer.getDouble();
                case FLOAT16 -> halfToFloat(buffer.getShort());
                case BFLOAT16 -> Float.intBitsToFloat((buffer.getShort() & 0xFFFF) << 16);
            };
        }
        return values;
    }

    /** The floating point formats that weights come in. */
    enum NumberFormat {
        FLOAT32(4), FLOAT64(8), FLOAT16(2), BFLOAT16(2);

        final int bytes;

        NumberFormat(int bytes) {
            this.bytes = bytes;
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
        }
        if (exponent == 0) {
            // Subnormal (or zero): value = mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
