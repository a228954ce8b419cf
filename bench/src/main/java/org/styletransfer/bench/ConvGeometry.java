package org.styletransfer.bench;

import java.util.Locale;

/**
 * Output sizes of convolutions and pooling along one spatial axis, following the ONNX operator
 * definitions of Conv, ConvTranspose, MaxPool and AveragePool (explicit pads or auto_pad).
 */
final class ConvGeometry {
    private ConvGeometry() {
    }

    /**
     * Output length of a Conv or pooling window along one axis.
     *
     * @param autoPad   NOTSET, SAME_UPPER, SAME_LOWER or VALID
     * @param padBegin  explicit padding before (used with NOTSET)
     * @param padEnd    explicit padding after (used with NOTSET)
     */
    static long convOut(long in, long kernel, long stride, long dilation, long padBegin, long padEnd,
                        String autoPad, boolean ceilMode) {
        long span = dilation * (kernel - 1) + 1;
        return switch (autoPad.toUpperCase(Locale.ROOT)) {
            case "SAME_UPPER", "SAME_LOWER" -> ceilDiv(in, stride);
            case "VALID" -> ceilDiv(in - span + 1, stride);
            default -> (ceilMode ? ceilDiv(in + padBegin + padEnd - span, stride)
                : Math.floorDiv(in + padBegin + padEnd - span, stride)) + 1;
        };
    }

    /** Output length of a ConvTranspose along one axis (when no output_shape is given). */
    static long convTransposeOut(long in, long kernel, long stride, long dilation, long padBegin, long padEnd,
                                 long outputPadding, String autoPad) {
        String mode = autoPad.toUpperCase(Locale.ROOT);
        if (mode.startsWith("SAME")) return in * stride;
        long pads = mode.equals("VALID") ? 0 : padBegin + padEnd;
        return stride * (in - 1) + outputPadding + dilation * (kernel - 1) + 1 - pads;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
