package org.styletransfer.vgg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.styletransfer.engine.StyleTransferException;
import org.styletransfer.onnx.ModelBuilder;
import org.styletransfer.onnx.OnnxAttribute;
import org.styletransfer.onnx.OnnxModel;
import org.styletransfer.onnx.OnnxNode;
import org.styletransfer.onnx.TensorInfo;
import org.styletransfer.vgg.VggWeights.InputConvention;

/** ONNX VGG networks built with ModelBuilder: conventions, partial nets, look-alikes. */
class OnnxVggReaderTest {

    @TempDir
    Path dir;

    @Test
    void modelZooStyleFileIsTorchvision() throws Exception {
        Path file = write(vgg(16, Set.of(1, 3, 7, 11, 15), ""), "vgg19.onnx");
        VggWeights weights = VggWeightsReader.read(file);
        VggFixtures.assertFixtureLayers(weights, 16);
        assertFalse(weights.convention().bgr());
        assertTrue(weights.source().contains("torchvision") && weights.source().contains("override"),
                weights.source());
    }

    @Test
    void descriptionSayingBgrMeansCaffe() throws Exception {
        String doc = "VGG-19 layers conv1_1..conv3_4 only. Input: BGR, 0..255 minus mean [103.939,116.779,123.68]";
        Path file = write(vgg(8, Set.of(1, 3), doc), "vgg19_partial.onnx");
        VggWeights weights = VggWeightsReader.read(file);
        VggFixtures.assertFixtureLayers(weights, 8);
        assertTrue(weights.convention().bgr());
        assertTrue(VggWeightsReader.describe(weights).contains("deeper layers missing in vgg19_partial.onnx"));
    }

    @Test
    void conventionCanBeOverridden() throws Exception {
        Path file = write(vgg(4, Set.of(1, 3), ""), "x.onnx");
        VggWeights weights = VggWeightsReader.read(file, InputConvention.caffe());
        assertTrue(weights.convention().bgr());
        assertTrue(weights.source().contains("given by the caller"), weights.source());
    }

    @Test
    void vgg16PoolingIsRejected() throws Exception {
        // Pooling after the third conv of block 3, as in VGG-16.
        Path file = write(vgg(10, Set.of(1, 3, 6), ""), "vgg16.onnx");
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("conv4_1") && e.getMessage().contains("conv3_4"), e.getMessage());
    }

    @Test
    void networkStartingWithLargeKernelIsNotVgg() throws Exception {
        OnnxModel model = OnnxModel.builder(13)
                .input(TensorInfo.floatTensor("x", 1, 3, -1, -1))
                .floatInitializer("w", new long[] {2, 3, 9, 9}, new float[2 * 3 * 81])
                .node(OnnxNode.of("Conv", List.of("x", "w"), List.of("y")))
                .output(TensorInfo.floatTensor("y", 1, 2, -1, -1))
                .build();
        Path file = write(model, "fast.onnx");
        StyleTransferException e = assertThrows(StyleTransferException.class, () -> VggWeightsReader.read(file));
        assertTrue(e.getMessage().contains("not a VGG network"), e.getMessage());
    }

    /** {@code count} fixture convs with ReLUs, and a MaxPool after each conv index in {@code poolAfter}. */
    static OnnxModel vgg(int count, Set<Integer> poolAfter, String doc) {
        ModelBuilder b = OnnxModel.builder(13).docString(doc).input(TensorInfo.floatTensor("input", 1, 3, -1, -1));
        String x = "input";
        for (int k = 0; k < count; k++) {
            int in = VggFixtures.CH[k];
            int out = VggFixtures.CH[k + 1];
            b.floatInitializer("w" + k, new long[] {out, in, 3, 3}, VggFixtures.oihw(k));
            b.floatInitializer("b" + k, new long[] {out}, VggFixtures.biases(k));
            b.node(OnnxNode.of("Conv", List.of(x, "w" + k, "b" + k), List.of("c" + k),
                    OnnxAttribute.ofInts("kernel_shape", 3, 3), OnnxAttribute.ofInts("pads", 1, 1, 1, 1)));
            b.node(OnnxNode.of("Relu", "r" + k, "c" + k));
            x = "r" + k;
            if (poolAfter.contains(k)) {
                b.node(OnnxNode.of("MaxPool", List.of(x), List.of("p" + k),
                        OnnxAttribute.ofInts("kernel_shape", 2, 2), OnnxAttribute.ofInts("strides", 2, 2)));
                x = "p" + k;
            }
        }
        return b.output(TensorInfo.floatTensor(x, 1, -1, -1, -1)).build();
    }

    private Path write(OnnxModel model, String name) throws Exception {
        Path file = dir.resolve(name);
        model.write(file);
        return file;
    }
}
