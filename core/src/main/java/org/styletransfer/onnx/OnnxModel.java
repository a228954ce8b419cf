package org.styletransfer.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.styletransfer.onnx.proto.GraphProto;
import org.styletransfer.onnx.proto.ModelProto;
import org.styletransfer.onnx.proto.NodeProto;
import org.styletransfer.onnx.proto.OperatorSetIdProto;
import org.styletransfer.onnx.proto.ValueInfoProto;

/**
 * An editable ONNX model (ModelProto), read and written with protobuf-java through the classes
 * generated from {@code onnx_subset.proto}. Whatever that file does not declare (functions,
 * training info, subgraphs, doc strings of nodes...) is kept by protobuf as unknown fields and
 * written back, so reading, editing and writing a model loses nothing.
 *
 * <p>Reading validates the whole structure up front, so a damaged file fails at load time with
 * an {@link InvalidModelException} rather than later with an obscure runtime error.
 */
public final class OnnxModel {

    private static final String ADVICE = "The file is truncated, corrupt or not an ONNX model;"
            + " re-download it, or re-export the network to ONNX.";
    /** Java arrays, and protobuf messages, stop at 2 GB. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private final ModelProto.Builder model;

    OnnxModel(ModelProto.Builder model) {
        this.model = model;
    }

    /**
     * Reads and validates a model file.
     *
     * @throws IOException if the file cannot be read
     * @throws InvalidModelException if it is empty, truncated, corrupt or not ONNX; the message
     *     names the file and says what to do
     */
    public static OnnxModel read(Path file) throws IOException, InvalidModelException {
        long size = Files.size(file);
        if (size > MAX_SIZE) {
            throw new InvalidModelException("Cannot load model file '" + file + "': it is larger than"
                    + " 2 GB; models with external weight files are not supported.");
        }
        try {
            return parse(Files.readAllBytes(file));
        } catch (InvalidModelException e) {
            throw new InvalidModelException("Cannot load model file '" + file + "': " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates a serialised ModelProto. The array is shared, not copied: do not
     * modify it afterwards.
     *
     * @throws InvalidModelException if the bytes are not a valid ONNX model
     */
    public static OnnxModel parse(byte[] bytes) throws InvalidModelException {
        try {
            if (bytes.length == 0) {
                throw new InvalidModelException("the data is empty (0 bytes)", 0);
            }
            return validated(decode(bytes));
        } catch (InvalidModelException e) {
            String hint = FileSignatures.describe(bytes).map(kind -> " (the data looks like " + kind + ")")
                    .orElse("");
            throw new InvalidModelException("not a valid ONNX model" + hint + ": " + e.getMessage()
                    + ". " + ADVICE, e);
        }
    }

    /** Starts building a new model that imports the default operator set {@code opset}. */
    public static ModelBuilder builder(int opset) {
        return new ModelBuilder(opset);
    }

    /**
     * Parses the wire format. Aliasing makes bytes fields (the weights) views of {@code bytes}
     * instead of copies, so reading a model holds its weights once, not twice; protobuf
     * aliases only input it may treat as immutable, hence the unsafe wrap.
     */
    private static ModelProto decode(byte[] bytes) throws InvalidModelException {
        CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
        input.enableAliasing(true);
        try {
            ModelProto model = ModelProto.parseFrom(input);
            input.checkLastTagWas(0);
            return model;
        } catch (InvalidProtocolBufferException e) {
            int offset = input.getTotalBytesRead();
            throw new InvalidModelException("malformed protobuf near byte offset " + offset + ": "
                    + e.getMessage(), offset);
        } catch (IOException e) {
            // Cannot happen when reading from an array; kept apart from malformed data all the same.
            throw new InvalidModelException("unreadable protobuf: " + e.getMessage());
        }
    }

    private static OnnxModel validated(ModelProto model) throws InvalidModelException {
        if (!model.hasGraph()) {
            throw new InvalidModelException("it contains no graph (ModelProto field 7)");
        }
        if (model.getIrVersion() < 1) {
            throw new InvalidModelException("it has no IR version (ModelProto field 1)");
        }
        if (model.getIrVersion() >= 3 && model.getOpsetImportCount() == 0) {
            throw new InvalidModelException("it imports no operator set (ModelProto field 8)");
        }
        OnnxModel result = new OnnxModel(model.toBuilder());
        List<OnnxNode> nodes = result.decodeNodes();
        result.decodeInitializers();
        if (model.getGraph().getOutputCount() == 0) {
            throw new InvalidModelException("its graph has no outputs");
        }
        for (OnnxNode node : nodes) {
            if (node.opType().isEmpty()) {
                throw new InvalidModelException("a node without operator type: " + node);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- reading

    /**
     * The serialised model. protobuf writes fields in field-number order, then the fields
     * {@code onnx_subset.proto} leaves out; so a model written by a protobuf library (as every
     * exporter does) and not edited gives back its original bytes unless it has such fields.
     */
    public byte[] toBytes() {
        return model.build().toByteArray();
    }

    /** Writes {@link #toBytes()} to {@code file}. */
    public void write(Path file) throws IOException {
        Files.write(file, toBytes());
    }

    /** An independent copy: edits of one do not show in the other. */
    public OnnxModel copy() {
        return new OnnxModel(model.build().toBuilder());
    }

    /** The IR (file format) version. */
    public long irVersion() {
        return model.getIrVersion();
    }

    /** The producer name, e.g. "pytorch"; empty when absent. */
    public String producerName() {
        return model.getProducerName();
    }

    /** The model doc string; empty when absent. */
    public String docString() {
        return model.getDocString();
    }

    /** Sets the model doc string. */
    public void setDocString(String text) {
        model.setDocString(text);
    }

    /** The metadata_props entries (key to value, in file order); empty when there are none. */
    public Map<String, String> metadata() {
        Map<String, String> result = new LinkedHashMap<>();
        model.getMetadataPropsList().forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    /** Operator set imports: domain ("" for the default) to version, in file order. */
    public Map<String, Long> opsetImports() {
        Map<String, Long> result = new LinkedHashMap<>();
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            result.put(opset.getDomain(), opset.getVersion());
        }
        return result;
    }

    /**
     * Version of the default operator set (domain "" or "ai.onnx"); 1 when not declared, which
     * is what ONNX assumes for pre-opset files.
     */
    public int opsetVersion() {
        Map<String, Long> imports = opsetImports();
        Long version = imports.getOrDefault("", imports.get("ai.onnx"));
        return version == null ? 1 : version.intValue();
    }

    /** The graph name; empty when absent. */
    public String graphName() {
        return graph().getName();
    }

    /** Graph inputs the caller must feed: declared inputs that are not initializers. */
    public List<TensorInfo> inputs() {
        Set<String> constants = initializerNames();
        List<TensorInfo> result = new ArrayList<>();
        for (TensorInfo input : valueInfos(graph().getInputList())) {
            if (!constants.contains(input.name())) {
                result.add(input);
            }
        }
        return result;
    }

    /** Graph outputs. */
    public List<TensorInfo> outputs() {
        return valueInfos(graph().getOutputList());
    }

    /** Declared types of intermediate values (value_info), often empty. */
    public List<TensorInfo> valueInfos() {
        return valueInfos(graph().getValueInfoList());
    }

    /** The nodes, in graph order. */
    public List<OnnxNode> nodes() {
        return decoded(this::decodeNodes);
    }

    /** All initializers (weights). */
    public List<TensorData> initializers() {
        return decoded(this::decodeInitializers);
    }

    /** Names of all initializers. */
    public Set<String> initializerNames() {
        Set<String> names = new HashSet<>();
        initializers().forEach(tensor -> names.add(tensor.name()));
        return names;
    }

    /** The initializer called {@code name}, if any. */
    public Optional<TensorData> initializer(String name) {
        return initializers().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The constant value of {@code valueName}: an initializer, or the output of a Constant node
     * with a tensor {@code value}. Empty when the value is computed at run time.
     */
    public Optional<TensorData> constant(String valueName) {
        Optional<TensorData> initializer = initializer(valueName);
        if (initializer.isPresent()) {
            return initializer;
        }
        for (OnnxNode node : nodes()) {
            if (node.opType().equals("Constant") && node.isDefaultDomain()
                    && node.outputs().contains(valueName)) {
                return node.attribute("value").map(OnnxAttribute::tensor);
            }
        }
        return Optional.empty();
    }

    private GraphProto.Builder graph() {
        return model.getGraphBuilder();
    }

    private List<OnnxNode> decodeNodes() throws InvalidModelException {
        List<OnnxNode> nodes = new ArrayList<>();
        for (NodeProto node : graph().getNodeList()) {
            nodes.add(OnnxNode.fromProto(node));
        }
        return nodes;
    }

    private List<TensorData> decodeInitializers() throws InvalidModelException {
        List<TensorData> tensors = new ArrayList<>();
        for (var tensor : graph().getInitializerList()) {
            tensors.add(TensorData.fromProto(tensor));
        }
        return tensors;
    }

    private static List<TensorInfo> valueInfos(List<ValueInfoProto> protos) {
        return protos.stream().map(TensorInfo::fromProto).toList();
    }

    // ---------------------------------------------------------------- editing

    /** Appends {@code node} after the existing nodes. */
    public void addNode(OnnxNode node) {
        graph().addNode(node.toProto());
    }

    /**
     * Inserts {@code nodes} before the node at {@code index} (0..node count). ONNX wants nodes in
     * topological order, so the caller picks the position.
     */
    public void insertNodes(int index, List<OnnxNode> nodes) {
        GraphProto.Builder graph = graph();
        if (index < 0 || index > graph.getNodeCount()) {
            throw new IndexOutOfBoundsException("node index " + index + " of " + graph.getNodeCount());
        }
        int position = index;
        for (OnnxNode node : nodes) {
            graph.addNode(position++, node.toProto());
        }
    }

    /** Removes the node at {@code index} and returns it. */
    public OnnxNode removeNode(int index) {
        OnnxNode node = decoded(() -> OnnxNode.fromProto(graph().getNode(index)));
        graph().removeNode(index);
        return node;
    }

    /** Makes input {@code inputIndex} of node {@code nodeIndex} read {@code valueName}. */
    public void setNodeInput(int nodeIndex, int inputIndex, String valueName) {
        graph().getNodeBuilder(nodeIndex).setInput(inputIndex, valueName);
    }

    /**
     * Redirects every node input that reads {@code oldName} to {@code newName}; graph outputs are
     * not touched. Returns the number of inputs changed.
     */
    public int replaceInputReferences(String oldName, String newName) {
        GraphProto.Builder graph = graph();
        int changed = 0;
        for (int n = 0; n < graph.getNodeCount(); n++) {
            List<String> inputs = graph.getNode(n).getInputList();
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).equals(oldName)) {
                    setNodeInput(n, i, newName);
                    changed++;
                }
            }
        }
        return changed;
    }

    /**
     * Removes nodes whose outputs nobody reads (neither a node nor a graph output), e.g. what
     * is left over after redirecting inputs. Models with subgraphs (If, Loop, Scan) are left
     * alone, because subgraphs may read outer values without listing them as inputs.
     *
     * @return the number of nodes removed
     */
    public int removeUnusedNodes() {
        List<OnnxNode> nodes = nodes();
        boolean hasSubgraphs = nodes.stream().flatMap(n -> n.attributes().stream()).anyMatch(
                a -> a.type() == AttributeType.GRAPH || a.type() == AttributeType.GRAPHS);
        if (hasSubgraphs) {
            return 0;
        }
        Set<String> used = new HashSet<>();
        outputs().forEach(output -> used.add(output.name()));
        int removed = 0;
        // Nodes are in topological order, so one backward pass sees every reader before its source.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxNode node = nodes.get(i);
            if (node.outputs().stream().anyMatch(used::contains)) {
                used.addAll(node.inputs());
            } else {
                graph().removeNode(i);
                removed++;
            }
        }
        return removed;
    }

    /** Adds a graph input. */
    public void addInput(TensorInfo input) {
        graph().addInput(input.toProto());
    }

    /** Adds a graph output. */
    public void addOutput(TensorInfo output) {
        graph().addOutput(output.toProto());
    }

    /** Removes the graph output called {@code name}; returns whether there was one. */
    public boolean removeOutput(String name) {
        GraphProto.Builder graph = graph();
        int index = indexOfName(graph.getOutputList(), ValueInfoProto::getName, name);
        if (index >= 0) {
            graph.removeOutput(index);
        }
        return index >= 0;
    }

    /** Adds an initializer (a named constant tensor). */
    public void addInitializer(TensorData tensor) {
        graph().addInitializer(tensor.toProto());
    }

    /** Adds a float initializer. */
    public void addFloatInitializer(String name, long[] dims, float[] values) {
        addInitializer(TensorData.ofFloats(name, dims, values));
    }

    /** Adds an int64 initializer (shapes, axes, ...). */
    public void addInt64Initializer(String name, long[] dims, long[] values) {
        addInitializer(TensorData.ofLongs(name, dims, values));
    }

    /** Removes the initializer called {@code name}; returns whether there was one. */
    public boolean removeInitializer(String name) {
        GraphProto.Builder graph = graph();
        int index = indexOfName(graph.getInitializerList(), t -> t.getName(), name);
        if (index >= 0) {
            graph.removeInitializer(index);
        }
        return index >= 0;
    }

    private static <T> int indexOfName(List<T> items, Function<T, String> nameOf, String name) {
        for (int i = 0; i < items.size(); i++) {
            if (nameOf.apply(items.get(i)).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- helpers

    /** A decoding step that cannot fail on a model that passed validation. */
    private interface Decoding<T> {
        T run() throws InvalidModelException;
    }

    private static <T> T decoded(Decoding<T> step) {
        try {
            return step.run();
        } catch (InvalidModelException e) {
            // Validation decoded the same structure already, so this is a programming error.
            throw new IllegalStateException("model structure became undecodable", e);
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[opset " + opsetVersion() + ", " + nodes().size() + " nodes, inputs "
                + inputs() + ", outputs " + outputs() + "]";
    }
}
