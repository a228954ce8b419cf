package org.styletransfer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.styletransfer.train.Checkpoint;
import org.styletransfer.train.DecoderArchitecture;
import org.styletransfer.train.DecoderTrainer;
import org.styletransfer.train.Reconstruction;
import org.styletransfer.train.TrainingImages;
import org.styletransfer.train.TrainingSettings;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeightsReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train-decoder}: trains the decoder of one VGG-19 level on a folder of pictures and writes
 * it as ONNX with a description of how it was made; checkpoints let a stopped run continue.
 */
@Command(name = "train-decoder", sortOptions = false,
        description = "Train a decoder that turns VGG-19 features at one level back into the image "
                + "(for universal style transfer) and write it as ONNX.")
final class TrainDecoderCommand implements Callable<Integer> {

    @Option(names = "--level", required = true, paramLabel = "<relu>",
            description = "Encoder level: relu1_1, relu2_1, relu3_1 (relu4_1, relu5_1 need a full VGG-19).")
    String level;

    @Option(names = "--images", required = true, paramLabel = "<folder>",
            description = "Folder of JPEG/PNG training pictures (random crops at random scales and flips).")
    Path images;

    @Option(names = "--vgg", required = true, paramLabel = "<file>",
            description = "VGG-19 weights (tf.js model.json, PyTorch .pth or ONNX).")
    Path vgg;

    @Option(names = "--output", required = true, paramLabel = "<file.onnx>", description = "The decoder to write.")
    Path output;

    @Option(names = "--steps", defaultValue = "" + TrainingSettings.STEPS, description = "Adam steps in all (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "" + TrainingSettings.BATCH, description = "Crops per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--crop", defaultValue = "" + TrainingSettings.CROP, description = "Crop side in pixels (default ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--seed", defaultValue = "" + TrainingSettings.SEED, description = "Seed of the initial weights and the crops (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--learning_rate", defaultValue = "" + TrainingSettings.LEARNING_RATE,
            description = "Adam's initial learning rate, falling along a cosine to 5%% (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--feature_weight", defaultValue = "" + TrainingSettings.FEATURE_WEIGHT,
            description = "Weight of the feature loss beside the pixel loss (default ${DEFAULT-VALUE}).")
    double featureWeight;

    @Option(names = "--checkpoint", paramLabel = "<file>", description = "Where checkpoints go (default: the output file + .ckpt).")
    Path checkpoint;

    @Option(names = "--checkpoint_every", defaultValue = "" + TrainingSettings.CHECKPOINT_EVERY,
            description = "Steps between checkpoints; 0: only at the end (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "<file>", description = "Continue from this checkpoint, bit for bit.")
    Path resume;

    @Option(names = "--evaluate", paramLabel = "<folder>",
            description = "Held-out pictures to report reconstruction PSNR on (never train on them).")
    Path evaluate;

    @Mixin
    ThreadsOption threads;

    @Mixin
    HelpOption help;

    private final PrintStream out;
    private final PrintStream err;

    TrainDecoderCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        TrainingSettings settings = new TrainingSettings(level, steps, batch, crop, seed, learningRate, featureWeight,
                threads.count(), checkpointEvery);
        Checkpoint start = resume == null ? null : Checkpoint.read(existing(resume, "--resume"));
        VggWeights weights = VggWeightsReader.read(vgg);
        TrainingImages pictures = TrainingImages.read(images);
        Path checkpointFile = checkpoint != null ? checkpoint : Path.of(output + ".ckpt");
        try (DecoderTrainer trainer = new DecoderTrainer(settings, weights, pictures, start)) {
            err.println("Training the " + trainer.architecture() + " on " + pictures.size() + " pictures from step "
                    + trainer.stepsDone());
            trainer.train(new StderrProgress(err), checkpointFile);
            DecoderTrainer.StepLosses last = trainer.measure();
            String scores = evaluate == null ? "" : evaluation(trainer);
            String description = describe(settings, pictures, last) + scores;
            DecoderArchitecture a = trainer.architecture();
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            a.inferenceModel(trainer.weights(), a.metadata(weights, description)).write(output);
            out.println("Wrote " + output + ": " + description);
        }
        return Main.OK;
    }

    private static Path existing(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(option + " " + file + " does not exist (give a checkpoint written by train-decoder)");
        }
        return file;
    }

    private String describe(TrainingSettings s, TrainingImages pictures, DecoderTrainer.StepLosses last) {
        return String.format(Locale.ROOT, "trained by train-decoder on %d pictures of %s: random %dx%d crops at "
                + "scales 1 to %.1fx and horizontal flips, %d Adam steps of batch %d, learning rate %s falling along a "
                + "cosine to %s, loss = pixel MSE + %s x feature MSE (%s, max pooling), seed %d; losses on a fixed "
                + "batch: pixel MSE %.2f, feature MSE %.2f", pictures.size(), images.getFileName(), s.crop(), s.crop(),
                Math.pow(2, 1.5), s.steps(), s.batch(), s.learningRate(), s.learningRate()
                        * TrainingSettings.FINAL_RATE_FRACTION, s.featureWeight(), s.level(), s.seed(), last.pixelLoss(),
                last.featureLoss());
    }

    private String evaluation(DecoderTrainer trainer) throws IOException {
        Reconstruction r = new Reconstruction(trainer.vgg(), trainer.architecture(), trainer.weights(), threads.count());
        List<Reconstruction.Score> scores = r.scoreFolder(evaluate);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "; PSNR on %s (held out): mean %.2f dB",
                evaluate.getFileName(), Reconstruction.meanPsnr(scores)));
        for (Reconstruction.Score s : scores) {
            out.println(s.line());
            line.append(String.format(Locale.ROOT, ", %s %.2f", s.name(), s.psnr()));
        }
        return line.toString();
    }
}
