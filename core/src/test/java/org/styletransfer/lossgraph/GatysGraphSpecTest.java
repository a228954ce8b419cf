package org.styletransfer.lossgraph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.styletransfer.vgg.VggWeights;
import org.styletransfer.vgg.VggWeights.InputConvention;

/** Defaults, validation, value semantics and size multiples of {@link GatysGraphSpec}. */
class GatysGraphSpecTest {

    private static final int[] PARTIAL = {3, 4, 4, 5, 5, 6, 6, 6, 6};
    private static final int[] FULL = {3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8};

    @Test
    void defaultsForThePartialNetwork() {
        GatysGraphSpec spec = GatysGraphSpec.defaults(TestWeights.random(1, InputConvention.caffe(), PARTIAL));
        assertEquals(List.of("relu3_2"), spec.contentLayers());
        assertEquals(List.of("relu1_1", "relu2_1", "relu3_1"), spec.styleLayers());
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, spec.styleLayerWeights(), 1e-15);
        assertEquals("relu3_2", spec.deepestLayer());
        assertEquals(4, spec.sizeMultiple());
    }

    @Test
    void defaultsForTheFullNetwork() {
        GatysGraphSpec spec = GatysGraphSpec.defaults(TestWeights.random(1, InputConvention.caffe(), FULL));
        assertEquals(List.of("relu4_2"), spec.contentLayers());
        assertEquals(List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"), spec.styleLayers());
        assertEquals("relu5_1", spec.deepestLayer());
        assertEquals(16, spec.sizeMultiple());
    }

    @Test
    void defaultsForAShallowNetwork() {
        GatysGraphSpec spec = GatysGraphSpec.defaults(TestWeights.random(1, InputConvention.caffe(), 3, 4, 4, 6));
        assertEquals(List.of("relu2_1"), spec.contentLayers());
        assertEquals(List.of("relu1_1", "relu2_1"), spec.styleLayers());
        assertEquals(2, spec.sizeMultiple());
    }

    @Test
    void sizeMultipleCountsPoolsBeforeTheDeepestLayer() {
        assertEquals(1, only("relu1_2").sizeMultiple());
        assertEquals(2, only("relu2_1").sizeMultiple());
        assertEquals(8, only("relu4_4").sizeMultiple());
        assertEquals(16, only("relu5_4").sizeMultiple());
    }

    private static GatysGraphSpec only(String layer) {
        return new GatysGraphSpec(List.of(layer), List.of(), new double[0], Pooling.MAX, false);
    }

    @Test
    void rejectsBadSpecs() {
        assertThrows(IllegalArgumentException.class,
                () -> new GatysGraphSpec(List.of("conv3_2"), List.of(), new double[0], Pooling.MAX, false));
        assertThrows(IllegalArgumentException.class,
                () -> new GatysGraphSpec(List.of("relu6_1"), List.of(), new double[0], Pooling.MAX, false));
        assertThrows(IllegalArgumentException.class,
                () -> new GatysGraphSpec(List.of(), List.of("relu1_1"), new double[] {1, 2}, Pooling.MAX, false));
        assertThrows(IllegalArgumentException.class,
                () -> new GatysGraphSpec(List.of(), List.of(), new double[0], Pooling.MAX, false));
        assertThrows(IllegalArgumentException.class, () -> new GatysGraphSpec(List.of(),
                List.of("relu1_1", "relu1_1"), new double[] {1, 1}, Pooling.MAX, false));
    }

    @Test
    void layersBeyondTheWeightsAreRefused() {
        VggWeights partial = TestWeights.random(1, InputConvention.caffe(), PARTIAL);
        GatysGraphSpec deep = GatysGraphSpec.defaults(TestWeights.random(1, InputConvention.caffe(), FULL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatysGraphs.lossAndGradient(partial, deep));
        assertEquals(true, e.getMessage().contains("conv5_1"), e.getMessage());
    }

    @Test
    void equalContentsAreEqualSpecs() {
        GatysGraphSpec a = new GatysGraphSpec(List.of("relu3_2"), List.of("relu1_1"), new double[] {0.5},
                Pooling.MAX, false);
        GatysGraphSpec b = new GatysGraphSpec(List.of("relu3_2"), List.of("relu1_1"), new double[] {0.5},
                Pooling.MAX, false);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.withPooling(Pooling.AVERAGE));
        assertNotEquals(a, a.withStyleMask(true));
        assertNotEquals(a, new GatysGraphSpec(List.of("relu3_2"), List.of("relu1_1"), new double[] {0.25},
                Pooling.MAX, false));
    }
}
