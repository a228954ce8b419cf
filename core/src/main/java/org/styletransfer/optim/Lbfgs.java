package org.styletransfer.optim;

/**
 * Limited-memory BFGS with a strong Wolfe line search. Parameters and vectors are float arrays
 * (an image has millions of them); inner products are accumulated in double.
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
     * @param threads            threads of the two-loop recursion over the memory (slices of at
     *                           least 65536 parameters each, so small problems stay on one)
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
        this.history = new History(options.memory(), n, preconditioner, SliceTeam.of(options.threads(), n));
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

    /** Number of correction pairs currently held (for tests and diagnostics). */
    int memorySize() {
        return history.size();
    }

    /** The ring of correction pairs s = x' - x, y = g' - g and the two-loop recursion. */
    private static final class History {
        private final float[][] s;
        private final float[][] y;
        private final double[] rho;
        /** y.My of each pair: with M the identity, y.y. */
        private final double[] yMy;
        private final int n;
        private final Preconditioner preconditioner;
        private final SliceTeam team;
        /** M applied to something; allocated with the first pair. */
        private float[] scratch;
        private int size;
        private int newest = -1;

        History(int memory, int n, Preconditioner preconditioner, SliceTeam team) {
            s = new float[memory][];
            y = new float[memory][];
            rho = new double[memory];
            yMy = new double[memory];
            this.preconditioner = preconditioner;
            this.team = team;
            // Vectors are allocated when first needed: a short run never pays for the whole memory.
            this.n = n;
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
            newest = -1;
        }

        /** Adds the pair for a step from (x, g) to (x1, g1), unless it carries no usable curvature. */
        void add(float[] x, float[] x1, float[] g, float[] g1) {
            int slot = (newest + 1) % s.length;
            if (s[slot] == null) {
                s[slot] = new float[n];
                y[slot] = new float[n];
            }
            VectorMath.difference(x1, x, s[slot]);
            VectorMath.difference(g1, g, y[slot]);
            double sy = VectorMath.dot(s[slot], y[slot]);
            double yy = VectorMath.dot(y[slot], y[slot]);
            // The BFGS update keeps the inverse Hessian positive definite only when s.y > 0; a
            // tiny s.y (relative to y.y) would make the scaled step explode.
            if (!(sy > 1e-10 * yy) || yy == 0) {
                // The slot held the oldest pair, now overwritten: drop it from the memory.
                if (size == s.length) size--;
                return;
            }
            rho[slot] = 1 / sy;
            if (scratch == null) scratch = new float[n];
            yMy[slot] = preconditioner == Preconditioner.NONE ? yy : yMy(y[slot]);
            newest = slot;
            size = Math.min(size + 1, s.length);
        }

        /** y.My, M applied once into the scratch vector. */
        private double yMy(float[] yk) {
            preconditioner.apply(yk, scratch);
            return VectorMath.dot(yk, scratch);
        }

        /**
         * d = -H g by the two-loop recursion, H0 = (s.y / y.My) M from the newest pair. The loops
         * run on the team's slices; M, which mixes neighbouring pixels, runs between them on the
         * whole vector.
         */
        void direction(float[] g, float[] d) {
            double[] alpha = new double[s.length];
            VectorMath.scale(-1, g, d);
            team.run((from, to, sum) -> {
                for (int k = 0; k < size; k++) {
                    int i = pair(k);
                    double a = rho[i] * sum.of(VectorMath.dot(s[i], d, from, to));
                    if (from == 0) alpha[i] = a; // every slice has the same a; one keeps it for the second loop
                    VectorMath.axpy(-a, y[i], d, from, to);
                }
            });
            preconditioner.apply(d, scratch);
            VectorMath.scale(1 / (rho[newest] * yMy[newest]), scratch, d);
            team.run((from, to, sum) -> {
                for (int k = size - 1; k >= 0; k--) {
                    int i = pair(k);
                    double beta = rho[i] * sum.of(VectorMath.dot(y[i], d, from, to));
                    VectorMath.axpy(alpha[i] - beta, s[i], d, from, to);
                }
            });
        }

        /** The slot of the k-th newest pair. */
        private int pair(int k) {
            return Math.floorMod(newest - k, s.length);
        }
    }
}
