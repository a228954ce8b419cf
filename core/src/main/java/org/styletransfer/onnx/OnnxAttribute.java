package org.styletransfer.onnx;

import java.util.Arrays;
import org.styletransfer.onnx.OnnxFields.Attribute;

/**
 * A node attribute (AttributeProto). The common kinds (float, int, string, floats, ints, tensor)
 * are decoded; any other kind (graphs, sparse tensors, ...) is kept as its original bytes so
 * it still survives being copied into another node.
 */
public final class OnnxAttribute {

    private final String name;
    private final AttributeType type;
    private final ProtoMessage proto;
    private final float floatValue;
    private final long intValue;
    private final String stringValue;
    private final float[] floats;
    private final long[] ints;
    private final TensorData tensor;

    private OnnxAttribute(String name, AttributeType type, ProtoMessage proto, float floatValue,
            long intValue, String stringValue, float[] floats, long[] ints, TensorData tensor) {
        this.name = name;
        this.type = type;
        this.proto = proto;
        this.floatValue = floatValue;
        this.intValue = intValue;
        this.stringValue = stringValue;
        this.floats = floats;
        this.ints = ints;
        this.tensor = tensor;
    }

    /** A FLOAT attribute. */
    public static OnnxAttribute ofFloat(String name, float value) {
        return fromNew(header(name, AttributeType.FLOAT).add(ProtoField.float32(Attribute.F, value)));
    }

    /** An INT attribute. */
    public static OnnxAttribute ofInt(String name, long value) {
        return fromNew(header(name, AttributeType.INT).add(ProtoField.varint(Attribute.I, value)));
    }

    /** A STRING attribute (UTF-8). */
    public static OnnxAttribute ofString(String name, String value) {
        return fromNew(header(name, AttributeType.STRING).add(ProtoField.string(Attribute.S, value)));
    }

    /** A FLOATS attribute. */
    public static OnnxAttribute ofFloats(String name, float... values) {
        ProtoMessage proto = header(name, AttributeType.FLOATS);
        for (float value : values) {
            proto.add(ProtoField.float32(Attribute.FLOATS, value));
        }
        return fromNew(proto);
    }

    /** An INTS attribute. */
    public static OnnxAttribute ofInts(String name, long... values) {
        ProtoMessage proto = header(name, AttributeType.INTS);
        for (long value : values) {
            proto.add(ProtoField.varint(Attribute.INTS, value));
        }
        return fromNew(proto);
    }

    /** A TENSOR attribute, e.g. the value of a Constant node. */
    public static OnnxAttribute ofTensor(String name, TensorData value) {
        return fromNew(header(name, AttributeType.TENSOR)
                .add(ProtoField.message(Attribute.T, value.toProto())));
    }

    private static ProtoMessage header(String name, AttributeType type) {
        // Field order follows the field numbers, as protobuf's own serialisers do.
        return new ProtoMessage().add(ProtoField.string(Attribute.NAME, name))
                .add(ProtoField.varint(Attribute.TYPE, type.code()));
    }

    private static OnnxAttribute fromNew(ProtoMessage proto) {
        try {
            return fromProto(proto);
        } catch (InvalidModelException e) {
            throw new IllegalStateException("attribute built in code does not decode", e);
        }
    }

    static OnnxAttribute fromProto(ProtoMessage proto) throws InvalidModelException {
        String name = proto.string(Attribute.NAME, "");
        AttributeType type = proto.has(Attribute.TYPE)
                ? AttributeType.fromCode(proto.varint(Attribute.TYPE, 0)) : inferType(proto);
        TensorData tensor = null;
        if (proto.has(Attribute.T)) {
            tensor = TensorData.fromProto(proto.message(Attribute.T).orElseThrow());
        }
        return new OnnxAttribute(name, type, proto, proto.float32(Attribute.F, 0f),
                proto.varint(Attribute.I, 0), proto.string(Attribute.S, ""),
                proto.floats(Attribute.FLOATS), proto.varints(Attribute.INTS), tensor);
    }

    /** Very old models (IR version 1) have no type field; the filled value field tells. */
    private static AttributeType inferType(ProtoMessage proto) {
        if (proto.has(Attribute.F)) {
            return AttributeType.FLOAT;
        } else if (proto.has(Attribute.I)) {
            return AttributeType.INT;
        } else if (proto.has(Attribute.S)) {
            return AttributeType.STRING;
        } else if (proto.has(Attribute.T)) {
            return AttributeType.TENSOR;
        } else if (proto.has(Attribute.FLOATS)) {
            return AttributeType.FLOATS;
        } else if (proto.has(Attribute.INTS)) {
            return AttributeType.INTS;
        }
        return AttributeType.UNDEFINED;
    }

    /** The attribute name. */
    public String name() {
        return name;
    }

    /** The attribute kind. */
    public AttributeType type() {
        return type;
    }

    /** Value of a FLOAT attribute (0 otherwise). */
    public float floatValue() {
        return floatValue;
    }

    /** Value of an INT attribute (0 otherwise). */
    public long intValue() {
        return intValue;
    }

    /** Value of a STRING attribute (empty otherwise). */
    public String stringValue() {
        return stringValue;
    }

    /** Values of a FLOATS attribute (empty otherwise). */
    public float[] floats() {
        return floats.clone();
    }

    /** Values of an INTS attribute (empty otherwise). */
    public long[] ints() {
        return ints.clone();
    }

    /** Value of a TENSOR attribute, or null. */
    public TensorData tensor() {
        return tensor;
    }

    /** The AttributeProto; shared, so callers must not edit it. */
    ProtoMessage toProto() {
        return proto;
    }

    @Override
    public String toString() {
        String value = switch (type) {
            case FLOAT -> Float.toString(floatValue);
            case INT -> Long.toString(intValue);
            case STRING -> '"' + stringValue + '"';
            case FLOATS -> Arrays.toString(floats);
            case INTS -> Arrays.toString(ints);
            case TENSOR -> String.valueOf(tensor);
            default -> type.toString();
        };
        return name + "=" + value;
    }
}
