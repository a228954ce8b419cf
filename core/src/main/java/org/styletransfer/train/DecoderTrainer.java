package org.styletransfer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.styletransfer.engine.CancelledException;
import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Progress;
import org.styletransfer.engine.Provider;
import org.styletransfer.lossgraph.DecoderGraphs;
import org.styletransfer.lossgraph.GraphTarget;
import org.styletransfer.optim.Adam;
import org.styletransfer.vgg.VggWeights;

/**
 * Trains a decoder: each step draws a batch of random crops (seeded by the run's seed and the
 * step number), runs the training graph of {@link DecoderGraphs#training} once for the losses
 * and the gradient w.r.t. all decoder weights, and takes one Adam step. Checkpoints hold
 * everything needed to continue bit for bit.
 */
public final class DecoderTrainer implements AutoCloseable {

    /** Losses of one step, and its wall time. */
    public record StepLosses(int step, double loss, double pixelLoss, double featureLoss, double seconds) {
        /** One line for logs and status bars. */
        public String line(int steps) {
            return String.format(Locale.ROOT, "step %d/%d loss %.2f pixel %.2f feature %.2f (%.2f s)", step, steps, loss,
                    pixelLoss, featureLoss, seconds);
        }
    }

    private static final int RECENT = 50;

    private final TrainingSettings settings;
    private final VggWeights vgg;
    private final TrainingImages images;
    private final DecoderArchitecture architecture;
    private final Adam adam;
    private final FloatTensor batch;
    private final FloatTensor weightTensor;
    private final FloatTensor lambda;
    private final Map<String, FloatTensor> outputs;
    private final ModelSession session;
    private final Deque<StepLosses> recent = new ArrayDeque<>();
    private final float[] batchValues;
    private int step;

    /**
     * @param resume a checkpoint to continue from, or null to start from He-initialised weights
     * @throws IllegalArgumentException when the checkpoint belongs to another level, seed or run length
     */
    public DecoderTrainer(TrainingSettings settings, VggWeights vgg, TrainingImages images, Checkpoint resume) {
        this.settings = settings;
        this.vgg = vgg;
        this.images = images;
        this.architecture = DecoderArchitecture.forEncoder(settings.level(), vgg);
        float[] start = resume == null ? architecture.initialWeights(settings.seed()) : resume.weights().clone();
        architecture.checkLength(start);
        this.adam = new Adam(this::evaluate, start, Adam.Options.withLearningRate(settings.learningRate()));
        if (resume != null) {
            checkResume(resume);
            adam.restore(resume.adam());
            step = resume.step();
        }
        int crop = settings.crop();
        batchValues = new float[settings.batch() * 3 * crop * crop];
        batch = FloatTensor.allocate(settings.batch(), 3, crop, crop);
        weightTensor = FloatTensor.allocate(architecture.parameterCount());
        lambda = FloatTensor.allocate(1);
        lambda.buffer().put(0, (float) settings.featureWeight());
        outputs = Map.of("loss", FloatTensor.allocate(1), "pixel_loss", FloatTensor.allocate(1), "feature_loss",
                FloatTensor.allocate(1), "grad", FloatTensor.allocate(architecture.parameterCount()));
        String key = "decoder-training|" + settings.level() + "|" + vgg.fingerprint(architecture.deepestConv()) + "|"
                + DecoderGraphs.EXPORTER_VERSION;
        session = OnnxEngine.shared().session(key, "training graph of the " + architecture, () ->
                DecoderGraphs.training(architecture, vgg, GraphTarget.CPU).toBytes(), Provider.CPU, settings.threads());
    }

    private void checkResume(Checkpoint c) {
        if (!c.level().equals(settings.level()) || c.seed() != settings.seed()) {
            throw new IllegalArgumentException("the checkpoint is of a " + c.level() + " run with seed " + c.seed()
                    + "; resume it with --level " + c.level() + " --seed " + c.seed());
        }
        if (c.step() > settings.steps()) {
            throw new IllegalArgumentException("the checkpoint is at step " + c.step() + ", past --steps "
                    + settings.steps() + "; give more steps to continue");
        }
    }

    /**
     * Runs steps until {@link TrainingSettings#steps()} are done, writing a checkpoint to
     * {@code checkpointFile} (when not null) every {@link TrainingSettings#checkpointEvery()}
     * steps, at the end, and when cancelled.
     *
     * @throws CancelledException when {@code progress} asks to stop (after the checkpoint is written)
     */
    public void train(Progress progress, Path checkpointFile) throws IOException {
        while (step < settings.steps()) {
            if (progress.isCancelled()) {
                saveIfAsked(checkpointFile);
                throw new CancelledException();
            }
            StepLosses losses = step();
            progress.update(step, settings.steps(), losses.line(settings.steps()));
            boolean due = settings.checkpointEvery() > 0 && step % settings.checkpointEvery() == 0;
            if (due || step == settings.steps()) {
                saveIfAsked(checkpointFile);
            }
        }
    }

    private void saveIfAsked(Path file) throws IOException {
        if (file != null) {
            checkpoint().write(file);
        }
    }

    /** One step: a fresh batch, one graph run, one Adam update. */
    public StepLosses step() {
        long t0 = System.nanoTime();
        int next = step + 1;
        images.fillBatch(batchValues, settings.batch(), settings.crop(), randomFor(next));
        batch.buffer().put(0, batchValues);
        adam.setLearningRate(settings.rateAt(next));
        adam.step();
        step = next;
        StepLosses losses = new StepLosses(step, value("loss"), value("pixel_loss"), value("feature_loss"),
                (System.nanoTime() - t0) / 1e9);
        recent.addLast(losses);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
        return losses;
    }

    /**
     * The losses of the current weights on a fixed batch (the one of "step 0", which training
     * never draws), without changing anything: comparable across runs and resumptions.
     */
    public StepLosses measure() {
        long t0 = System.nanoTime();
        images.fillBatch(batchValues, settings.batch(), settings.crop(), randomFor(0));
        batch.buffer().put(0, batchValues);
        float[] x = adam.parameters();
        evaluate(x, new float[x.length]);
        return new StepLosses(step, value("loss"), value("pixel_loss"), value("feature_loss"),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Step k's generator depends on the seed and k only, so a resumed run draws the same crops. */
    private SplittableRandom randomFor(int k) {
        return new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + k);
    }

    private double value(String output) {
        return outputs.get(output).buffer().get(0);
    }

    private double evaluate(float[] x, float[] gradient) {
        weightTensor.buffer().put(0, x);
        session.run(Map.of("images", batch, "weights", weightTensor, "feature_weight", lambda), outputs);
        outputs.get("grad").buffer().get(0, gradient);
        return value("loss");
    }

    /** Steps done. */
    public int stepsDone() {
        return step;
    }

    /** The current weights (a copy). */
    public float[] weights() {
        return adam.parameters().clone();
    }

    /** The state to continue from. */
    public Checkpoint checkpoint() {
        return new Checkpoint(settings.level(), settings.seed(), step, weights(), adam.state());
    }

    /** Mean losses of the last (up to 50) steps of this run: pixel, feature, total. */
    public double[] recentLosses() {
        List<StepLosses> list = List.copyOf(recent);
        double[] mean = new double[3];
        for (StepLosses l : list) {
            mean[0] += l.pixelLoss() / list.size();
            mean[1] += l.featureLoss() / list.size();
            mean[2] += l.loss() / list.size();
        }
        return mean;
    }

    /** The architecture being trained. */
    public DecoderArchitecture architecture() {
        return architecture;
    }

    /** The VGG weights of the encoder. */
    public VggWeights vgg() {
        return vgg;
    }

    @Override
    public void close() {
        batch.close();
        weightTensor.close();
        lambda.close();
        outputs.values().forEach(FloatTensor::close);
    }
}
