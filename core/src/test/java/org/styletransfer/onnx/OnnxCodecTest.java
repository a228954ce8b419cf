package org.styletransfer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.styletransfer.onnx.proto.GraphProto;
import org.styletransfer.onnx.proto.ModelProto;
import org.styletransfer.onnx.proto.NodeProto;
import org.styletransfer.testutil.SharedData;

/** The protobuf codec generated from onnx_subset.proto, as OnnxModel uses it. */
class OnnxCodecTest {

    /** ModelProto.model_version, GraphProto.sparse_initializer, NodeProto.doc_string in onnx.proto. */
    private static final int MODEL_VERSION = 5;
    private static final int SPARSE_INITIALIZER = 15;
    private static final int NODE_DOC_STRING = 6;

    @Test
    void undeclaredFieldsSurviveReadEditWrite() throws Exception {
        ModelProto candy = ModelProto.parseFrom(Files.readAllBytes(SharedData.model(SharedData.CANDY)));
        GraphProto.Builder graph = candy.getGraph().toBuilder()
                .setUnknownFields(unknown(SPARSE_INITIALIZER, ByteString.copyFromUtf8("opaque sparse tensor")));
        graph.setNode(0, graph.getNode(0).toBuilder()
                .setUnknownFields(unknown(NODE_DOC_STRING, ByteString.copyFromUtf8("exporter note"))));
        byte[] original = candy.toBuilder().setGraph(graph)
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(MODEL_VERSION,
                        UnknownFieldSet.Field.newBuilder().addVarint(42).build()).build())
                .build().toByteArray();

        OnnxModel model = OnnxModel.parse(original);
        model.setDocString("edited");
        String firstInput = model.nodes().get(0).inputs().get(0);
        model.addNode(OnnxNode.of("Identity", "probe", "output1"));
        model.setNodeInput(0, 0, firstInput);
        ModelProto written = ModelProto.parseFrom(model.toBytes());

        assertEquals("edited", written.getDocString());
        assertEquals(List.of(42L), written.getUnknownFields().getField(MODEL_VERSION).getVarintList());
        assertEquals("opaque sparse tensor", written.getGraph().getUnknownFields()
                .getField(SPARSE_INITIALIZER).getLengthDelimitedList().get(0).toStringUtf8());
        NodeProto first = written.getGraph().getNode(0);
        assertEquals("exporter note", first.getUnknownFields().getField(NODE_DOC_STRING)
                .getLengthDelimitedList().get(0).toStringUtf8());
        assertEquals(candy.getGraph().getNodeCount() + 1, written.getGraph().getNodeCount());
    }

    @Test
    void unchangedModelSerialisesToAnEqualMessage() throws Exception {
        byte[] original = Files.readAllBytes(SharedData.model(SharedData.CANDY));
        byte[] written = OnnxModel.parse(original).toBytes();
        assertEquals(ModelProto.parseFrom(original), ModelProto.parseFrom(written));
    }

    @Test
    void weightsAreViewsOfTheParsedBytesNotCopies() throws Exception {
        float[] values = {1, 2, 3, 4};
        byte[] bytes = OnnxModel.builder(13).input(TensorInfo.floatTensor("x", 4))
                .floatInitializer("w", new long[] {4}, values)
                .node(OnnxNode.of("Add", "y", "x", "w")).output(TensorInfo.floatTensor("y", 4))
                .build().toBytes();
        OnnxModel model = OnnxModel.parse(bytes);
        assertArrayEquals(values, model.initializer("w").orElseThrow().floats());

        // The parsed model shares the array (as documented): a change to it shows in the weights.
        int at = indexOf(bytes, littleEndian(values));
        ByteBuffer.wrap(bytes, at, Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(9f);
        assertArrayEquals(new float[] {9, 2, 3, 4}, model.initializer("w").orElseThrow().floats());
    }

    @Test
    void malformedInputNamesTheProblemAndItsOffset() {
        assertInvalid(bytes(0x08, 0x96), "truncated", 2);              // varint cut
        assertInvalid(bytes(0x08, 0x01, 0x3A, 0x05, 'a'), "truncated", 4); // graph beyond the end
        assertInvalid(bytes(0x0F), "invalid wire type", 1);
        assertInvalid(bytes(0x08, 0x01, 0x00), "invalid tag", 3);     // field number 0
        // A graph of 2 GB in a 7-byte file is refused up front, not allocated.
        assertInvalid(bytes(0x08, 0x01, 0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07), "truncated", 8);
    }

    private static void assertInvalid(byte[] data, String fragment, long offset) {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> OnnxModel.parse(data));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(offset, e.byteOffset(), e.getMessage());
    }

    private static UnknownFieldSet unknown(int number, ByteString value) {
        return UnknownFieldSet.newBuilder()
                .addField(number, UnknownFieldSet.Field.newBuilder().addLengthDelimited(value).build())
                .build();
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    /** Bytes from integers, for readable hand-written wire data. */
    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
