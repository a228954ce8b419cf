package org.styletransfer.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.styletransfer.onnx.proto.GraphProto;
import org.styletransfer.onnx.proto.ModelProto;
import org.styletransfer.onnx.proto.OperatorSetIdProto;
import org.styletransfer.onnx.proto.StringStringEntryProto;

/**
 * Builds an ONNX model from scratch. Nodes must be added in topological order (every input
 * defined before use), which {@link #build()} checks so that mistakes show up here rather than
 * as a runtime error when a session is created.
 *
 * <pre>{@code
 * OnnxModel m = OnnxModel.builder(13)
 *     .input(TensorInfo.floatTensor("x", 1, 3, -1, -1))
 *     .node(OnnxNode.of("Relu", "y", "x"))
 *     .output(TensorInfo.floatTensor("y", 1, 3, -1, -1))
 *     .build();
 * }</pre>
 */
public final class ModelBuilder {

    private final Map<String, Long> opsets = new LinkedHashMap<>();
    private long irVersion;
    private String producerName = "org.styletransfer.graph";
    private String producerVersion = "";
    private String docString = "";
    private String graphName = "graph";
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<TensorInfo> inputs = new ArrayList<>();
    private final List<TensorInfo> outputs = new ArrayList<>();
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final List<TensorData> initializers = new ArrayList<>();

    ModelBuilder(int opset) {
        if (opset < 1) {
            throw new IllegalArgumentException("opset must be positive: " + opset);
        }
        opsets.put("", (long) opset);
        irVersion = defaultIrVersion(opset);
    }

    /**
     * The oldest IR version that supports {@code opset}, so that older runtimes can still load
     * the model (ONNX's own version table).
     */
    static long defaultIrVersion(int opset) {
        if (opset <= 8) {
            return 3;
        } else if (opset <= 11) {
            return opset - 5;
        } else if (opset <= 14) {
            return 7;
        } else if (opset <= 18) {
            return 8;
        } else if (opset <= 20) {
            return 9;
        }
        return 10;
    }

    /** Overrides the IR version chosen from the opset. */
    public ModelBuilder irVersion(long version) {
        this.irVersion = version;
        return this;
    }

    /** Imports another operator set (e.g. a custom domain). */
    public ModelBuilder opsetImport(String domain, long version) {
        opsets.put(domain, version);
        return this;
    }

    /** Sets producer name and version. */
    public ModelBuilder producer(String name, String version) {
        this.producerName = name;
        this.producerVersion = version;
        return this;
    }

    /** Sets the model doc string. */
    public ModelBuilder docString(String text) {
        this.docString = text;
        return this;
    }

    /** Sets the graph name. */
    public ModelBuilder graphName(String name) {
        this.graphName = name;
        return this;
    }

    /** Adds a metadata entry (metadata_props). */
    public ModelBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a graph input. */
    public ModelBuilder input(TensorInfo input) {
        inputs.add(input);
        return this;
    }

    /** Adds a graph output. */
    public ModelBuilder output(TensorInfo output) {
        outputs.add(output);
        return this;
    }

    /** Appends a node. */
    public ModelBuilder node(OnnxNode node) {
        nodes.add(node);
        return this;
    }

    /** Adds an initializer. */
    public ModelBuilder initializer(TensorData tensor) {
        initializers.add(tensor);
        return this;
    }

    /** Adds a float initializer. */
    public ModelBuilder floatInitializer(String name, long[] dims, float[] values) {
        return initializer(TensorData.ofFloats(name, dims, values));
    }

    /** Adds an int64 initializer. */
    public ModelBuilder int64Initializer(String name, long[] dims, long[] values) {
        return initializer(TensorData.ofLongs(name, dims, values));
    }

    /**
     * The model.
     *
     * @throws IllegalStateException if there is no output, a node reads an undefined value, a
     *     value is defined twice, or an output is never produced
     */
    public OnnxModel build() {
        checkGraph();
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(irVersion)
                .setProducerName(producerName).setGraph(graphProto());
        if (!producerVersion.isEmpty()) {
            model.setProducerVersion(producerVersion);
        }
        if (!docString.isEmpty()) {
            model.setDocString(docString);
        }
        opsets.forEach((domain, version) -> model.addOpsetImport(opsetProto(domain, version)));
        metadata.forEach((key, value) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return new OnnxModel(model);
    }

    private static OperatorSetIdProto opsetProto(String domain, long version) {
        OperatorSetIdProto.Builder opset = OperatorSetIdProto.newBuilder().setVersion(version);
        if (!domain.isEmpty()) {
            opset.setDomain(domain);
        }
        return opset.build();
    }

    private GraphProto graphProto() {
        GraphProto.Builder graph = GraphProto.newBuilder().setName(graphName);
        nodes.forEach(node -> graph.addNode(node.toProto()));
        initializers.forEach(tensor -> graph.addInitializer(tensor.toProto()));
        inputs.forEach(input -> graph.addInput(input.toProto()));
        outputs.forEach(output -> graph.addOutput(output.toProto()));
        return graph.build();
    }

    private void checkGraph() {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("the graph has no outputs");
        }
        Set<String> defined = new HashSet<>();
        inputs.forEach(input -> define(defined, input.name(), "graph input"));
        initializers.forEach(tensor -> define(defined, tensor.name(), "initializer"));
        for (OnnxNode node : nodes) {
            for (String input : node.inputs()) {
                if (!input.isEmpty() && !defined.contains(input)) {
                    throw new IllegalStateException("node " + node + " reads '" + input
                            + "', which is not defined before it");
                }
            }
            node.outputs().forEach(output -> define(defined, output, "output of " + node));
        }
        for (TensorInfo output : outputs) {
            if (!defined.contains(output.name())) {
                throw new IllegalStateException("graph output '" + output.name() + "' is never produced");
            }
        }
    }

    private static void define(Set<String> defined, String name, String what) {
        if (!defined.add(name)) {
            throw new IllegalStateException("'" + name + "' is defined twice (again as " + what + ")");
        }
    }

    @Override
    public String toString() {
        return "ModelBuilder[opsets " + opsets + ", " + nodes.size() + " nodes, inputs "
                + Arrays.toString(inputs.toArray()) + "]";
    }
}
