package org.styletransfer.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A float tensor in a direct, native-order buffer. ONNX Runtime reads inputs from and writes
 * pinned outputs into such buffers in place, so a tensor allocated once per tile shape is reused
 * for every tile without copies through the Java heap.
 *
 * <p>Not thread-safe, and not meant to be: each run allocates its own tensors (a stylised image,
 * an optimisation level), so concurrent runs never share one.</p>
 */
public final class FloatTensor implements AutoCloseable {
    /** The most elements one tensor holds: its bytes must fit one direct buffer. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE / 4;

    private final long[] shape;
    private final FloatBuffer buffer;
    private OnnxTensor onnx;

    private FloatTensor(long[] shape) {
        this.shape = shape.clone();
        long n = elements(shape);
        if (n > MAX_ELEMENTS) {
            throw new StyleTransferException("A tensor of shape " + Arrays.toString(shape)
                + " is too large for one run; use smaller tiles.");
        }
        this.buffer = ByteBuffer.allocateDirect((int) n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private FloatTensor(long[] shape, FloatBuffer buffer) {
        this.shape = shape.clone();
        this.buffer = buffer;
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /**
     * A tensor of {@code shape} over the first elements of this one's memory, shared, not copied:
     * e.g. the rows of a matrix filled so far. Close it as any tensor; this one stays open.
     */
    public FloatTensor view(long... shape) {
        long n = elements(shape);
        if (n > buffer.capacity()) {
            throw new IllegalArgumentException("a view of shape " + Arrays.toString(shape) + " needs " + n
                + " elements; this tensor has " + buffer.capacity());
        }
        return new FloatTensor(shape, buffer.duplicate().position(0).limit((int) n).slice());
    }

    /**
     * Bytes that tensors may still take: Java's limit on direct buffers (-XX:MaxDirectMemorySize,
     * by default the heap's maximum) less what direct buffers hold now, including those no longer
     * used that the garbage collector has not freed yet.
     */
    public static long memoryLeft() {
        long limit = Runtime.getRuntime().maxMemory();
        try {
            var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long set = Long.parseLong(vm.getVMOption("MaxDirectMemorySize").getValue());
            if (set > 0) limit = set;
        } catch (RuntimeException e) {
            // Not a HotSpot VM: keep the default limit.
        }
        long used = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) used += pool.getMemoryUsed();
        }
        return Math.max(0, limit - used);
    }

    /** Allocates a zero-filled tensor of the given shape. */
    public static FloatTensor allocate(long... shape) {
        return new FloatTensor(shape);
    }

    public long[] shape() {
        return shape.clone();
    }

    /** The backing buffer; absolute get/put only, its position is never relied on. */
    public FloatBuffer buffer() {
        return buffer;
    }

    /** Number of elements. */
    public int size() {
        return buffer.capacity();
    }

    /** The ONNX Runtime view of this buffer, created once and shared by every run. */
    OnnxTensor onnx(OrtEnvironment env) throws OrtException {
        if (onnx == null) onnx = OnnxTensor.createTensor(env, buffer, shape);
        return onnx;
    }

    @Override
    public void close() {
        if (onnx != null) onnx.close();
        onnx = null;
    }
}
