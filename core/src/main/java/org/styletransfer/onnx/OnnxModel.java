package org.styletransfer.onnx;

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
import org.styletransfer.onnx.OnnxFields.Graph;
import org.styletransfer.onnx.OnnxFields.Model;
import org.styletransfer.onnx.OnnxFields.Node;
import org.styletransfer.onnx.OnnxFields.Pair;

/**
 * An editable ONNX model (ModelProto) on top of the hand-written protobuf codec. Whatever this
 * class does not model (metadata, value_info, unknown fields, doc strings) is kept untouched,
 * and a model that was not edited serialises back to its exact original bytes.
 *
 * <p>Reading validates the whole structure up front, so a damaged file fails at load time with
 * an {@link InvalidModelException} rather than later with an obscure runtime error.
 */
public final class OnnxModel {

    private static final String ADVICE = "The file is truncated, corrupt or not an ONNX model;"
            + " re-download it, or re-export the network to ONNX.";
    /** Java arrays, and protobuf messages, stop at 2 GB. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private final ProtoMessage model;
    private final ProtoMessage graph;

    OnnxModel(ProtoMessage model, ProtoMessage graph) {
        this.model = model;
        this.graph = graph;
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
            return validated(ProtoMessage.parse(bytes));
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

    private static OnnxModel validated(ProtoMessage model) throws InvalidModelException {
        long irVersion = model.varint(Model.IR_VERSION, 0);
        ProtoMessage graph = model.message(Model.GRAPH).orElseThrow(
                () -> new InvalidModelException("it contains no graph (ModelProto field 7)"));
        if (irVersion < 1) {
            throw new InvalidModelException("it has no IR version (ModelProto field 1)");
        }
        OnnxModel result = new OnnxModel(model, graph);
        if (irVersion >= 3 && result.decodeOpsets().isEmpty()) {
            throw new InvalidModelException("it imports no operator set (ModelProto field 8)");
        }
        List<OnnxNode> nodes = result.decodeNodes();
        result.decodeInitializers();
        result.decodeValueInfos(Graph.VALUE_INFO);
        List<TensorInfo> outputs = result.decodeValueInfos(Graph.OUTPUT);
        result.decodeValueInfos(Graph.INPUT);
        if (outputs.isEmpty()) {
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

    /** The serialised model; identical to the parsed bytes when nothing was edited. */
    public byte[] toBytes() {
        return model.toBytes();
    }

    /** Writes {@link #toBytes()} to {@code file}. */
    public void write(Path file) throws IOException {
        Files.write(file, toBytes());
    }

    /** An independent deep copy. */
    public OnnxModel copy() {
        return decoded(() -> parse(toBytes()));
    }

    /** The IR (file format) version. */
    public long irVersion() {
        return decoded(() -> model.varint(Model.IR_VERSION, 0));
    }

    /** The producer name, e.g. "pytorch"; empty when absent. */
    public String producerName() {
        return decoded(() -> model.string(Model.PRODUCER_NAME, ""));
    }

    /** The model doc string; empty when absent. */
    public String docString() {
        return decoded(() -> model.string(Model.DOC_STRING, ""));
    }

    /** Sets the model doc string. */
    public void setDocString(String text) {
        model.set(ProtoField.string(Model.DOC_STRING, text));
    }

    /** Operator set imports: domain ("" for the default) to version, in file order. */
    public Map<String, Long> opsetImports() {
        return decoded(this::decodeOpsets);
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
        return decoded(() -> graph.string(Graph.NAME, ""));
    }

    /** Graph inputs the caller must feed: declared inputs that are not initializers. */
    public List<TensorInfo> inputs() {
        Set<String> constants = initializerNames();
        List<TensorInfo> result = new ArrayList<>();
        for (TensorInfo input : decoded(() -> decodeValueInfos(Graph.INPUT))) {
            if (!constants.contains(input.name())) {
                result.add(input);
            }
        }
        return result;
    }

    /** Graph outputs. */
    public List<TensorInfo> outputs() {
        return decoded(() -> decodeValueInfos(Graph.OUTPUT));
    }

    /** Declared types of intermediate values (value_info), often empty. */
    public List<TensorInfo> valueInfos() {
        return decoded(() -> decodeValueInfos(Graph.VALUE_INFO));
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

    private Map<String, Long> decodeOpsets() throws InvalidModelException {
        Map<String, Long> result = new LinkedHashMap<>();
        for (ProtoMessage opset : model.messages(Model.OPSET_IMPORT)) {
            result.put(opset.string(Pair.OPSET_DOMAIN, ""), opset.varint(Pair.OPSET_VERSION, 0));
        }
        return result;
    }

    private List<OnnxNode> decodeNodes() throws InvalidModelException {
        List<OnnxNode> nodes = new ArrayList<>();
        for (ProtoMessage node : graph.messages(Graph.NODE)) {
            nodes.add(OnnxNode.fromProto(node));
        }
        return nodes;
    }

    private List<TensorData> decodeInitializers() throws InvalidModelException {
        List<TensorData> tensors = new ArrayList<>();
        for (ProtoMessage tensor : graph.messages(Graph.INITIALIZER)) {
            tensors.add(TensorData.fromProto(tensor));
        }
        return tensors;
    }

    private List<TensorInfo> decodeValueInfos(int field) throws InvalidModelException {
        List<TensorInfo> infos = new ArrayList<>();
        for (ProtoMessage info : graph.messages(field)) {
            infos.add(TensorInfo.fromProto(info));
        }
        return infos;
    }

    // ---------------------------------------------------------------- editing

    /** Appends {@code node} after the existing nodes. */
    public void addNode(OnnxNode node) {
        insertNodes(graph.fields(Graph.NODE).size(), List.of(node));
    }

    /**
     * Inserts {@code nodes} before the node at {@code index} (0..node count). ONNX wants nodes in
     * topological order, so the caller picks the position.
     */
    public void insertNodes(int index, List<OnnxNode> nodes) {
        List<ProtoField> existing = graph.fields(Graph.NODE);
        if (index < 0 || index > existing.size()) {
            throw new IndexOutOfBoundsException("node index " + index + " of " + existing.size());
        }
        int position = index < existing.size() ? graph.indexOf(existing.get(index))
                : existing.isEmpty() ? 0 : graph.indexOf(existing.get(existing.size() - 1)) + 1;
        for (OnnxNode node : nodes) {
            graph.insert(position++, ProtoField.message(Graph.NODE, node.toProto()));
        }
    }

    /** Removes the node at {@code index} and returns it. */
    public OnnxNode removeNode(int index) {
        ProtoField field = graph.fields(Graph.NODE).get(index);
        OnnxNode node = decoded(() -> OnnxNode.fromProto(field.message()));
        graph.remove(field);
        return node;
    }

    /** Makes input {@code inputIndex} of node {@code nodeIndex} read {@code valueName}. */
    public void setNodeInput(int nodeIndex, int inputIndex, String valueName) {
        ProtoMessage node = decoded(() -> graph.fields(Graph.NODE).get(nodeIndex).message());
        ProtoField input = node.fields(Node.INPUT).get(inputIndex);
        node.replace(input, ProtoField.string(Node.INPUT, valueName));
    }

    /**
     * Redirects every node input that reads {@code oldName} to {@code newName}; graph outputs are
     * not touched. Returns the number of inputs changed.
     */
    public int replaceInputReferences(String oldName, String newName) {
        int changed = 0;
        for (ProtoField field : graph.fields(Graph.NODE)) {
            ProtoMessage node = decoded(field::message);
            for (ProtoField input : node.fields(Node.INPUT)) {
                if (input.stringValue().equals(oldName)) {
                    node.replace(input, ProtoField.string(Node.INPUT, newName));
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
        List<ProtoField> fields = graph.fields(Graph.NODE);
        int removed = 0;
        // Nodes are in topological order, so one backward pass sees every reader before its source.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxNode node = nodes.get(i);
            if (node.outputs().stream().anyMatch(used::contains)) {
                used.addAll(node.inputs());
            } else {
                graph.remove(fields.get(i));
                removed++;
            }
        }
        return removed;
    }

    /** Adds a graph input. */
    public void addInput(TensorInfo input) {
        insertAfterSameNumber(ProtoField.message(Graph.INPUT, input.toProto()));
    }

    /** Adds a graph output. */
    public void addOutput(TensorInfo output) {
        insertAfterSameNumber(ProtoField.message(Graph.OUTPUT, output.toProto()));
    }

    /** Removes the graph output called {@code name}; returns whether there was one. */
    public boolean removeOutput(String name) {
        return removeNamed(Graph.OUTPUT, OnnxFields.ValueInfo.NAME, name);
    }

    /** Adds an initializer (a named constant tensor). */
    public void addInitializer(TensorData tensor) {
        insertAfterSameNumber(ProtoField.message(Graph.INITIALIZER, tensor.toProto()));
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
        return removeNamed(Graph.INITIALIZER, OnnxFields.Tensor.NAME, name);
    }

    /** Keeps repeated fields grouped, as protobuf writers emit them, which eases diffing. */
    private void insertAfterSameNumber(ProtoField field) {
        Optional<ProtoField> last = graph.last(field.number());
        if (last.isPresent()) {
            graph.insert(graph.indexOf(last.get()) + 1, field);
        } else {
            graph.add(field);
        }
    }

    private boolean removeNamed(int field, int nameField, String name) {
        for (ProtoField candidate : graph.fields(field)) {
            if (decoded(() -> candidate.message().string(nameField, "")).equals(name)) {
                return graph.remove(candidate);
            }
        }
        return false;
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
