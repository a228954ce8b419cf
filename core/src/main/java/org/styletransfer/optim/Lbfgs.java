package org.styletransfer.optim;

import java.util.Arrays;

/**
 * Limited-memory BFGS with a strong Wolfe line search. Parameters and vectors are float arrays
 * (an image has millions of them); inner products are accumulated in double, except those over
 * the whole memory, which ONNX Runtime sums in float blocks ({@link PairRows}).
 *
 * <p>Every accepted step satisfies sufficient decrease, so the loss never rises and the current
 * point is always the best one. A direction that is not a descent direction (possible with float
 * gradients of a non-convex loss) resets the memory to steepest descent, as does a line search
 * that finds no decrease along the quasi-Newton direction.
 *
 * <p>With a {@link Preconditioner} M, the inverse-Hessian estimate starts from a multiple of M
 * instead of the identity (and steepest descent becomes -M g): the corrections of the memory
 * still make each step quasi-Newton, while the directions the memory does not yet cover follow M.
 */
public final class Lbfgs implements Optimizer {

    /**
     * Tuning of L-BFGS.
     *
     * @param memory             number of (s, y) correction pairs kept; each costs two parameter vectors
     * @param learningRate       largest change of any parameter on the first trial step after a
     *                           start or reset (the line search then grows or shrinks it)
     * @param c1                 sufficient decrease constant of the line search
     * @param c2                 curvature constant of the line search
     * @param maxLineEvaluations objective evaluations one line search may use
     * @param gradientTolerance  convergence when no gradient component exceeds this
     * @param threads            ONNX Runtime threads of the two-loop recursion's passes over the memory
     */
    public record Options(int memory, double learningRate, double c1, double c2, int maxLineEvaluations,
                          double gradientTolerance, int threads) {
        public Options {
            if (memory < 1) throw new IllegalArgumentException("memory must be at least 1");
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive");
            if (maxLineEvaluations < 1) throw new IllegalArgumentException("maxLineEvaluations must be positive");
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        }

        /** Memory 10, first step 1, c1 = 1e-4, c2 = 0.9, 20 evaluations per search, no gradient test, 1 thread. */
        public static Options defaults() {
            return new Options(10, 1.0, 1e-4, 0.9, 20, 0, 1);
        }

        public Options withMemory(int m) {
            return new Options(m, learningRate, c1, c2, maxLineEvaluations, gradientTolerance, threads);
        }

        public Options withLearningRate(double lr) {
            return new Options(memory, lr, c1, c2, maxLineEvaluations, gradientTolerance, threads);
        }

        public Options withGradientTolerance(double tol) {
            return new Options(memory, learningRate, c1, c2, maxLineEvaluations, tol, threads);
        }

        public Options withThreads(int t) {
            return new Options(memory, learningRate, c1, c2, maxLineEvaluations, gradientTolerance, t);
        }
    }

    /**
     * The correction pairs, at most {@code wanted} and at least 1, whose vectors (two of
     * {@code n} floats a pair) fit in {@code bytes}: a long history speeds the optimisation up
     * (at 256x256 a history of 100 reaches the same loss in 297 evaluations, 10 in 388), but at
     * 1024x1024 each pair takes 25 MB.
     */
    public static int memoryWithin(int wanted, int n, long bytes) {
        long fit = bytes / (2L * Float.BYTES * Math.max(1, n));
        return (int) Math.max(1, Math.min(wanted, fit));
    }

    private final Objective objective;
    private final Options options;
    private final WolfeLineSearch lineSearch;
    private final Preconditioner preconditioner;
    private final History history;
    private float[] x;
    private float[] g;
    private final float[] d;
    private float[] xKeep;
    private float[] gKeep;
    private float[] xTrial;
    private float[] gTrial;
    private double f = Double.NaN;
    private double initialLoss = Double.NaN;
    private int evaluations;
    private int iteration;
    private Status status = Status.PROGRESS;

    /**
     * @param objective the function to minimise
     * @param x0        the start; this array becomes the live parameter vector only until the
     *                  first accepted step (buffers are swapped, not copied): read the current point
     *                  with {@link #parameters()}
     */
    public Lbfgs(Objective objective, float[] x0, Options options) {
        this(objective, x0, options, Preconditioner.NONE);
    }

    /**
     * @param objective      the function to minimise
     * @param x0             the start, as for {@link #Lbfgs(Objective, float[], Options)}
     * @param preconditioner the map the inverse-Hessian estimate starts from
     *                       ({@link Preconditioner#NONE} for plain L-BFGS)
     */
    public Lbfgs(Objective objective, float[] x0, Options options, Preconditioner preconditioner) {
        this.objective = objective;
        this.options = options;
        this.preconditioner = preconditioner;
        this.lineSearch = new WolfeLineSearch(options.c1(), options.c2(), options.maxLineEvaluations());
        int n = x0.length;
        this.history = new History(options.memory(), n, preconditioner, options.threads());
        this.x = x0;
        this.g = new float[n];
        this.d = new float[n];
        this.xKeep = new float[n];
        this.gKeep = new float[n];
        this.xTrial = new float[n];
        this.gTrial = new float[n];
    }

    /** L-BFGS with default options. */
    public Lbfgs(Objective objective, float[] x0) {
        this(objective, x0, Options.defaults());
    }

    @Override
    public Step step() {
        if (evaluations == 0) start();
        if (status != Status.PROGRESS) return new Step(iteration, f, evaluations, status);
        iteration++;
        WolfeLineSearch.Result r = searchAlong(history.size() > 0);
        if (!r.accepted() && history.size() > 0) {
            // The curvature memory may describe a region we have left: retry from scratch.
            history.clear();
            r = searchAlong(false);
        }
        if (!r.accepted()) {
            status = Status.STALLED;
        } else {
            accept(r);
            if (VectorMath.maxAbs(g) <= options.gradientTolerance()) status = Status.CONVERGED;
        }
        return new Step(iteration, f, evaluations, status);
    }

    private void start() {
        f = evaluate(x, g);
        initialLoss = f;
        if (!Double.isFinite(f)) {
            throw new IllegalStateException("the objective is not finite at the starting point: " + f);
        }
        if (VectorMath.maxAbs(g) <= options.gradientTolerance()) status = Status.CONVERGED;
    }

    /** Sets the direction (quasi-Newton, or steepest descent when asked or needed) and searches. */
    private WolfeLineSearch.Result searchAlong(boolean useMemory) {
        if (useMemory) history.direction(g, d);
        double slope = useMemory ? VectorMath.dot(g, d) : Double.NaN;
        if (!(slope < 0)) {
            // Not a descent direction (or none asked for): forget the memory, go downhill.
            history.clear();
            preconditioner.apply(g, d);
            VectorMath.scale(-1, d, d);
            slope = VectorMath.dot(g, d);
            if (!(slope < 0)) return new WolfeLineSearch.Result(0, f, 0, 0, false, false);
        }
        double t1 = history.size() > 0 ? 1.0 : options.learningRate() / VectorMath.maxAbs(d);
        return lineSearch.search(new Line(), f, slope, t1);
    }

    /** Moves to the kept point and records the correction pair. */
    private void accept(WolfeLineSearch.Result r) {
        history.add(x, xKeep, g, gKeep);
        float[] t = x;
        x = xKeep;
        xKeep = t;
        t = g;
        g = gKeep;
        gKeep = t;
        f = r.value();
    }

    private double evaluate(float[] point, float[] gradient) {
        evaluations++;
        return objective.evaluate(point, gradient);
    }

    /** phi(t) = f(x + t d), with buffers swapped instead of copied when a point is kept. */
    private final class Line implements WolfeLineSearch.Line {
        private double slope;

        @Override
        public double value(double t) {
            VectorMath.step(x, t, d, xTrial);
            double v = evaluate(xTrial, gTrial);
            slope = VectorMath.dot(gTrial, d);
            return v;
        }

        @Override
        public double slope() {
            return slope;
        }

        @Override
        public void keep() {
            float[] t = xTrial;
            xTrial = xKeep;
            xKeep = t;
            t = gTrial;
            gTrial = gKeep;
            gKeep = t;
        }
    }

    @Override
    public float[] parameters() {
        return x;
    }

    /** The current point: L-BFGS never accepts a step that raises the loss. */
    @Override
    public float[] best() {
        return x;
    }

    @Override
    public double bestLoss() {
        return evaluations == 0 ? Double.POSITIVE_INFINITY : f;
    }

    @Override
    public double initialLoss() {
        return initialLoss;
    }

    @Override
    public int evaluations() {
        return evaluations;
    }

    /** Frees the memory's native matrices. */
    @Override
    public void close() {
        history.close();
    }

    /** Number of correction pairs currently held (for tests and diagnostics). */
    int memorySize() {
        return history.size();
    }

    /**
     * The ring of correction pairs s = x' - x, y = g' - g, as rows of two native matrices, and the
     * two-loop recursion over them.
     *
     * <p>The recursion is written so that every pass over the rows is one matrix-vector product
     * ({@link PairRows}): four per iteration instead of two dot products and two updates per pair.
     * Its scalars come from the products of the rows with the current gradient (s_i . g) and with
     * the vector between the two loops (y_i . r), and from s_i . y_j for every pair i older than
     * pair j. A new pair costs one product, of its y with every s: that gives s_i . y_new, and
     * s_i . g at the new point as s_i . g + s_i . y_new. (Subtracting the products with the two
     * gradients instead would lose s_i . y_new to cancellation: float products carry about 1e-7
     * of s_i . g.) The directions are those of the textbook recursion up to float rounding
     * ({@code LbfgsTest} compares them).
     */
    private static final class History implements AutoCloseable {
        private final int capacity;
        private final int n;
        private final int threads;
        private final Preconditioner preconditioner;
        private PairRows s;
        private PairRows y;
        // Per slot, grown with the rows (a short run never pays for the whole memory):
        private double[] rho = new double[0];
        /** y.My of each pair: with M the identity, y.y. */
        private double[] yMy = new double[0];
        /** sy[i][j] = s_i . y_j for pair i older than pair j. */
        private double[][] sy = new double[0][0];
        /** s_i . g at the current point, while {@link #sgCurrent}. */
        private double[] sg = new double[0];
        private boolean sgCurrent;
        /** s_i . y of the newest pair. */
        private double[] syNew = new double[0];
        private double[] alpha = new double[0];
        private double[] coefficients = new double[0];
        private double[] yr = new double[0];
        /** n floats each; allocated with the first pair. */
        private float[] sk;
        private float[] yk;
        private float[] scratch;
        /** Pairs held: after every {@link #clear()} the ring fills from row 0, so they are the first rows. */
        private int size;
        private int newest = -1;

        History(int memory, int n, Preconditioner preconditioner, int threads) {
            this.capacity = Math.max(1, Math.min(memory, PairRows.maxRows(n)));
            this.n = n;
            this.threads = threads;
            this.preconditioner = preconditioner;
        }

        /** Room for slot {@code slot}: the rows and the per-slot arrays double until the capacity. */
        private void reserve(int slot) {
            if (s == null) {
                s = new PairRows(n, threads);
                y = new PairRows(n, threads);
                sk = new float[n];
                yk = new float[n];
                scratch = new float[n];
            }
            int had = rho.length;
            if (slot < had) return;
            int rows = Math.min(capacity, Math.max(slot + 1, Math.max(4, 2 * had)));
            s.reserve(rows);
            y.reserve(rows);
            rho = Arrays.copyOf(rho, rows);
            yMy = Arrays.copyOf(yMy, rows);
            sg = Arrays.copyOf(sg, rows);
            syNew = Arrays.copyOf(syNew, rows);
            alpha = Arrays.copyOf(alpha, rows);
            coefficients = Arrays.copyOf(coefficients, rows);
            yr = Arrays.copyOf(yr, rows);
            sy = Arrays.copyOf(sy, rows);
            for (int i = 0; i < rows; i++) sy[i] = sy[i] == null ? new double[rows] : Arrays.copyOf(sy[i], rows);
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
            newest = -1;
        }

        /**
         * Adds the pair for the step from (x, g) to (x1, g1), unless it carries no usable
         * curvature; either way (x1, g1) becomes the current point.
         */
        void add(float[] x, float[] x1, float[] g, float[] g1) {
            int slot = (newest + 1) % capacity;
            reserve(slot);
            VectorMath.difference(x1, x, sk);
            VectorMath.difference(g1, g, yk);
            double skyk = VectorMath.dot(sk, yk);
            double ykyk = VectorMath.dot(yk, yk);
            // The BFGS update keeps the inverse Hessian positive definite only when s.y > 0; a
            // tiny s.y (relative to y.y) would make the scaled step explode.
            if (!(skyk > 1e-10 * ykyk) || ykyk == 0) {
                sgCurrent = false;
                return;
            }
            if (size > 0 && !sgCurrent) s.dots(g, size, sg);
            s.set(slot, sk);
            y.set(slot, yk);
            newest = slot;
            size = Math.min(size + 1, capacity);
            s.dots(yk, size, syNew);
            // The pairs kept (the oldest is overwritten when the ring is full): s_i . y, and s_i . g1
            // as s_i . g + s_i . y, which keeps the error of s_i . g small where subtracting two
            // products with the gradients would lose s_i . y to cancellation.
            for (int k = 1; k < size; k++) {
                int i = pair(k);
                sy[i][slot] = syNew[i];
                sg[i] += syNew[i];
            }
            sg[slot] = VectorMath.dot(sk, g1);
            sgCurrent = true;
            rho[slot] = 1 / skyk;
            yMy[slot] = preconditioner == Preconditioner.NONE ? ykyk : yMy(yk);
        }

        /** y.My, M applied once into the scratch vector. */
        private double yMy(float[] v) {
            preconditioner.apply(v, scratch);
            return VectorMath.dot(v, scratch);
        }

        /**
         * d = -H g at the current point, H0 = (s.y / y.My) M from the newest pair: the first loop's
         * scalars from s_i . g, then q = g - sum of alpha_i y_i, r = H0 q, the second loop's scalars
         * from y_i . r, and d = -(r + sum of (alpha_i - beta_i) s_i).
         */
        void direction(float[] g, float[] d) {
            if (!sgCurrent) {
                s.dots(g, size, sg);
                sgCurrent = true;
            }
            for (int k = 0; k < size; k++) {
                int i = pair(k);
                double v = sg[i];
                for (int newer = 0; newer < k; newer++) {
                    int j = pair(newer);
                    v -= alpha[j] * sy[i][j];
                }
                alpha[i] = rho[i] * v;
                coefficients[i] = -alpha[i];
            }
            y.combine(g, coefficients, size, d);
            preconditioner.apply(d, scratch);
            VectorMath.scale(1 / (rho[newest] * yMy[newest]), scratch, scratch);
            y.dots(scratch, size, yr);
            for (int k = size - 1; k >= 0; k--) {
                int i = pair(k);
                double v = yr[i];
                for (int older = size - 1; older > k; older--) {
                    int j = pair(older);
                    v -= coefficients[j] * sy[j][i];
                }
                coefficients[i] = -(alpha[i] - rho[i] * v);
            }
            VectorMath.scale(-1, scratch, scratch);
            s.combine(scratch, coefficients, size, d);
        }

        /** The slot of the k-th newest pair. */
        private int pair(int k) {
            return Math.floorMod(newest - k, capacity);
        }

        @Override
        public void close() {
            if (s != null) {
                s.close();
                y.close();
            }
        }
    }
}
