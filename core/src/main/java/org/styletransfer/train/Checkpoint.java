package org.styletransfer.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.styletransfer.optim.Adam;

/**
 * A training run's state after {@code step} steps: the weights and Adam's state. The random
 * state needs no storing: step k's crops come from a generator seeded by (seed, k) alone, so the
 * seed and the step are the whole random state.
 *
 * @param level   the decoder's level
 * @param seed    the run's seed
 * @param step    steps done
 * @param weights the decoder weights
 * @param adam    Adam's moments and counters
 */
public record Checkpoint(String level, long seed, int step, float[] weights, Adam.State adam) {

    private static final String MAGIC = "style-transfer decoder checkpoint 1";

    /** Writes the checkpoint to a temporary file beside {@code file}, then moves it there, so a crash never leaves half a file. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
            out.writeUTF(MAGIC);
            out.writeUTF(level);
            out.writeLong(seed);
            out.writeInt(step);
            out.writeInt(adam.iteration());
            out.writeDouble(adam.beta1Power());
            out.writeDouble(adam.beta2Power());
            writeFloats(out, weights);
            writeFloats(out, adam.m());
            writeFloats(out, adam.v());
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IllegalArgumentException when the file is not a decoder checkpoint
     */
    public static Checkpoint read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                magic = "";
            }
            if (!MAGIC.equals(magic)) {
                throw new IllegalArgumentException(file + " is not a decoder checkpoint (give the file that "
                        + "train-decoder wrote with --checkpoint)");
            }
            String level = in.readUTF();
            long seed = in.readLong();
            int step = in.readInt();
            int iteration = in.readInt();
            double b1 = in.readDouble();
            double b2 = in.readDouble();
            float[] weights = readFloats(in);
            Adam.State adam = new Adam.State(iteration, b1, b2, readFloats(in), readFloats(in));
            return new Checkpoint(level, seed, step, weights, adam);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
