package org.styletransfer.optim;

import java.util.List;
import java.util.Map;
import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorInfo;

/**
 * One side of the L-BFGS memory (the steps s, or the gradient changes y): rows of {@code n}
 * floats in one native matrix that grows as rows come, and the two passes over them that a
 * direction needs, each one ONNX Runtime run on the CPU: the dot product of every row with a
 * vector (a matrix-vector product), and a vector plus a combination of the rows.
 *
 * <p>Why ONNX Runtime: the passes are bound by how fast the rows stream through the processor,
 * and Java 17 does not vectorise a dot product (its reduction order is fixed). With the same passes
 * as Java loops on two threads, one pair at a time, L-BFGS added 23.9 ms to each iteration at
 * 256x256 with 100 pairs; with these, 13.8 ms ({@code bench-gatys --parts lbfgs}, the
 * preconditioner included). Products are summed in float by blocks; the error is about 3e-8 of
 * the sum of their magnitudes.
 *
 * <p>The passes read the first rows only, as many as the caller names: the memory fills from
 * row 0, so early iterations cost in proportion to the pairs they have.
 */
final class PairRows implements AutoCloseable {

    /** The two graphs' operator set (MatMul 13, Gemm 13). */
    private static final int OPSET = 17;
    private static final String DOTS = "dots";
    private static final String COMBINED = "combined";
    private static final byte[] DOTS_MODEL = dotsModel();
    private static final byte[] COMBINE_MODEL = combineModel();

    private final int n;
    private FloatTensor matrix;
    private FloatTensor dots;
    private FloatTensor coefficients;
    /** Views of the first rows of the matrix, of the dot products and of the coefficients, by row count. */
    private FloatTensor[][] firstRows;
    private final FloatTensor vector;
    private final FloatTensor base;
    private final FloatTensor combined;
    private final ModelSession dotsSession;
    private final ModelSession combineSession;

    /**
     * No rows yet ({@link #reserve} makes room).
     *
     * @param n       floats per row
     * @param threads ONNX Runtime's intra-op threads for the passes
     */
    PairRows(int n, int threads) {
        this.n = n;
        vector = FloatTensor.allocate(n, 1);
        base = FloatTensor.allocate(1, n);
        combined = FloatTensor.allocate(1, n);
        allocate(0);
        OnnxEngine engine = OnnxEngine.arithmetic();
        dotsSession = engine.session("optim-pair-rows-dots-v1", "L-BFGS memory: dot products", () -> DOTS_MODEL,
            Provider.CPU, threads);
        combineSession = engine.session("optim-pair-rows-combine-v1", "L-BFGS memory: combination",
            () -> COMBINE_MODEL, Provider.CPU, threads);
    }

    /** The most rows of {@code n} floats one matrix holds. */
    static int maxRows(int n) {
        return (int) Math.min(Integer.MAX_VALUE, FloatTensor.MAX_ELEMENTS / Math.max(1, n));
    }

    /** Rows there is room for. */
    int capacity() {
        return dots.size();
    }

    /**
     * Room for {@code rows} rows at least, the rows written kept. The memory grows as pairs come
     * (the caller doubles it), so a short run never pays for a long history.
     */
    void reserve(int rows) {
        if (rows <= capacity()) return;
        if (rows > maxRows(n)) throw new IllegalArgumentException(rows + " rows of " + n + " floats exceed one tensor");
        FloatTensor old = matrix;
        int kept = capacity();
        closeRows(); // the old matrix's buffer stays readable: only its ONNX Runtime view closes
        allocate(rows);
        matrix.buffer().put(0, old.buffer(), 0, kept * n);
    }

    private void allocate(int rows) {
        matrix = FloatTensor.allocate(rows, n);
        dots = FloatTensor.allocate(rows, 1);
        coefficients = FloatTensor.allocate(1, rows);
        firstRows = new FloatTensor[rows + 1][];
    }

    /** Copies {@code v} into row {@code row}. */
    void set(int row, float[] v) {
        matrix.buffer().put(row * n, v, 0, n);
    }

    /** out[i] = row i . v for the first {@code rows} rows: a run that reads those rows only. */
    void dots(float[] v, int rows, double[] out) {
        FloatTensor[] first = first(rows);
        vector.buffer().put(0, v, 0, n);
        dotsSession.run(Map.of("matrix", first[0], "vector", vector), Map.of(DOTS, first[1]));
        for (int i = 0; i < rows; i++) out[i] = dots.buffer().get(i);
    }

    /** out = v + sum over the first {@code rows} rows of c[i] times row i ({@code out} may be {@code v}). */
    void combine(float[] v, double[] c, int rows, float[] out) {
        FloatTensor[] first = first(rows);
        for (int i = 0; i < rows; i++) coefficients.buffer().put(i, (float) c[i]);
        base.buffer().put(0, v, 0, n);
        combineSession.run(Map.of("coefficients", first[2], "matrix", first[0], "base", base),
            Map.of(COMBINED, combined));
        combined.buffer().get(0, out, 0, n);
    }

    /** The views of the first {@code rows} rows: matrix, dot products, coefficients. */
    private FloatTensor[] first(int rows) {
        if (firstRows[rows] == null) {
            firstRows[rows] = new FloatTensor[] {matrix.view(rows, n), dots.view(rows, 1), coefficients.view(1, rows)};
        }
        return firstRows[rows];
    }

    private void closeRows() {
        for (FloatTensor[] views : firstRows) {
            if (views != null) for (FloatTensor t : views) t.close();
        }
        for (FloatTensor t : new FloatTensor[] {matrix, dots, coefficients}) t.close();
    }

    @Override
    public void close() {
        closeRows();
        for (FloatTensor t : new FloatTensor[] {vector, base, combined}) t.close();
    }

    private static TensorInfo matrixInput() {
        return TensorInfo.floatTensor("matrix", -1, -1).withDimParams("rows", "n");
    }

    /** dots[rows, 1] = matrix[rows, n] x vector[n, 1]. */
    private static byte[] dotsModel() {
        return OnnxModel.builder(OPSET).producer("org.styletransfer.optim", "1")
            .input(matrixInput())
            .input(TensorInfo.floatTensor("vector", -1, 1).withDimParams("n", null))
            .node(OnnxNode.of("MatMul", DOTS, "matrix", "vector"))
            .output(TensorInfo.floatTensor(DOTS, -1, 1).withDimParams("rows", null))
            .build().toBytes();
    }

    /** combined[1, n] = base[1, n] + coefficients[1, rows] x matrix[rows, n]. */
    private static byte[] combineModel() {
        return OnnxModel.builder(OPSET).producer("org.styletransfer.optim", "1")
            .input(TensorInfo.floatTensor("coefficients", 1, -1).withDimParams(null, "rows"))
            .input(matrixInput())
            .input(TensorInfo.floatTensor("base", 1, -1).withDimParams(null, "n"))
            .node(OnnxNode.of("Gemm", List.of("coefficients", "matrix", "base"), List.of(COMBINED),
                OnnxAttribute.ofFloat("beta", 1f)))
            .output(TensorInfo.floatTensor(COMBINED, 1, -1).withDimParams(null, "n"))
            .build().toBytes();
    }
}
