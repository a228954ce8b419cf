package org.styletransfer.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
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
    /** The longest wait for a collection's buffers to be released. */
    private static final long COLLECTION_WAIT_MS = 500;

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

    /**
     * {@link #memoryLeft()} once the buffers no longer used are freed: collects garbage, as the JDK
     * does itself before it refuses a direct buffer, and waits until the collected buffers are
     * released. Without this, the buffers of an earlier plane or level count as taken (measured: a
     * 3 GB limit, four 512x512 Neural Style runs one after the other, 3069, 2427, 1792 and 1792 MB
     * left at their starts). Takes a full collection, so call it only when the plain figure is short.
     */
    public static long memoryLeftAfterCollection() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        try {
            // Collected buffers are released in the order the collector found them, the sentinel
            // among them; a last short wait covers those found after it.
            queue.remove(COLLECTION_WAIT_MS);
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
        return memoryLeft();
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
