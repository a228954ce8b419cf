package org.styletransfer.spark;

import ij.ImagePlus;
import ij.VirtualStack;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.io.MediaIO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Joins a chunked input's planes, once all its tasks are done, into the output the command line
 * writes for that input: the same format (TIFF stack, AVI, image-sequence folder), title, layout
 * and calibration. Runs on the driver and reads the planes one at a time, so memory does not grow
 * with the frame count.
 */
final class Assembler {
    private Assembler() {
    }

    /** Writes {@code input}'s output from its planes (temporary name, then renamed) and removes the planes. */
    static void assemble(Path output, InputFile input) {
        Path parts = Outputs.parts(output, input);
        ImagePlus result = new ImagePlus(title(parts), stack(parts, input.planes()));
        Planes.layOut(result, input.planes(), input.axis());
        result.setCalibration(MediaIO.open(Paths.get(input.path()), true).getCalibration());
        Outputs.writeAtomically(Outputs.result(output, input), temp -> MediaIO.save(result, temp));
        try {
            Outputs.deleteTree(parts);
        } catch (IOException e) {
            throw new StyleTransferException("Wrote " + input.name() + " but cannot remove " + parts + ": " + e.getMessage(), e);
        }
    }

    private static String title(Path parts) {
        try {
            return Files.readString(parts.resolve(Outputs.TITLE)).strip();
        } catch (IOException e) {
            throw new StyleTransferException("Missing " + parts.resolve(Outputs.TITLE) + ": rerun the job to redo its first chunk.", e);
        }
    }

    /** The planes as a virtual stack, in plane order. */
    private static VirtualStack stack(Path parts, int planes) {
        ImagePlus first = new ImagePlus(Outputs.plane(parts, 0).toString());
        VirtualStack stack = new VirtualStack(first.getWidth(), first.getHeight(), first.getProcessor().getColorModel(),
            parts.toString() + "/");
        for (int k = 0; k < planes; k++) stack.addSlice(Outputs.plane(parts, k).getFileName().toString());
        return stack;
    }
}
