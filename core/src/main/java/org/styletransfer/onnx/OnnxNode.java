package org.styletransfer.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.styletransfer.onnx.proto.NodeProto;

/**
 * One operator of a graph (NodeProto): op type, optional name and domain, input and output
 * value names, attributes. Immutable; the {@code with...} methods return copies. An empty input
 * name marks an omitted optional input, as in ONNX.
 */
public final class OnnxNode {

    private final String opType;
    private final String name;
    private final String domain;
    private final List<String> inputs;
    private final List<String> outputs;
    private final List<OnnxAttribute> attributes;

    private OnnxNode(String opType, String name, String domain, List<String> inputs,
            List<String> outputs, List<OnnxAttribute> attributes) {
        this.opType = opType;
        this.name = name;
        this.domain = domain;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.attributes = List.copyOf(attributes);
    }

    /** A node of the default ONNX domain without a name. */
    public static OnnxNode of(String opType, List<String> inputs, List<String> outputs,
            OnnxAttribute... attributes) {
        return new OnnxNode(opType, "", "", inputs, outputs, Arrays.asList(attributes));
    }

    /** Single-output shorthand: {@code of("Relu", "out", "in")}. */
    public static OnnxNode of(String opType, String output, String... inputs) {
        return of(opType, Arrays.asList(inputs), List.of(output));
    }

    /** A copy with the given node name. */
    public OnnxNode withName(String newName) {
        return new OnnxNode(opType, newName, domain, inputs, outputs, attributes);
    }

    /** A copy in the given operator domain ("" is the default ONNX domain). */
    public OnnxNode withDomain(String newDomain) {
        return new OnnxNode(opType, name, newDomain, inputs, outputs, attributes);
    }

    /** A copy with one more attribute. */
    public OnnxNode withAttribute(OnnxAttribute attribute) {
        List<OnnxAttribute> more = new ArrayList<>(attributes);
        more.add(attribute);
        return new OnnxNode(opType, name, domain, inputs, outputs, more);
    }

    /** A copy with different inputs. */
    public OnnxNode withInputs(List<String> newInputs) {
        return new OnnxNode(opType, name, domain, newInputs, outputs, attributes);
    }

    /** The operator type, e.g. "Conv". */
    public String opType() {
        return opType;
    }

    /** The node name; may be empty. */
    public String name() {
        return name;
    }

    /** The operator domain; empty for the default ONNX domain. */
    public String domain() {
        return domain;
    }

    /** True for the default ONNX operator set ("" or "ai.onnx"). */
    public boolean isDefaultDomain() {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    /** Input value names (read-only). */
    public List<String> inputs() {
        return inputs;
    }

    /** Output value names (read-only). */
    public List<String> outputs() {
        return outputs;
    }

    /** Attributes (read-only). */
    public List<OnnxAttribute> attributes() {
        return attributes;
    }

    /** The attribute called {@code attributeName}, if present. */
    public Optional<OnnxAttribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }

    static OnnxNode fromProto(NodeProto proto) throws InvalidModelException {
        List<OnnxAttribute> attributes = new ArrayList<>();
        for (var attribute : proto.getAttributeList()) {
            attributes.add(OnnxAttribute.fromProto(attribute));
        }
        return new OnnxNode(proto.getOpType(), proto.getName(), proto.getDomain(),
                proto.getInputList(), proto.getOutputList(), attributes);
    }

    NodeProto toProto() {
        NodeProto.Builder proto = NodeProto.newBuilder().addAllInput(inputs).addAllOutput(outputs)
                .setOpType(opType);
        if (!name.isEmpty()) {
            proto.setName(name);
        }
        if (!domain.isEmpty()) {
            proto.setDomain(domain);
        }
        attributes.forEach(a -> proto.addAttribute(a.toProto()));
        return proto.build();
    }

    @Override
    public String toString() {
        return (name.isEmpty() ? "" : name + ": ") + opType + inputs + " -> " + outputs
                + (attributes.isEmpty() ? "" : " " + attributes);
    }
}
