package org.styletransfer.onnx;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.styletransfer.onnx.proto.AttributeProto;

/**
 * A node attribute (AttributeProto). The common kinds (float, int, string, floats, ints, tensor)
 * are decoded; any other kind (graphs, sparse tensors, ...) stays in the AttributeProto as a
 * field this project does not declare, so it still survives being copied into another node.
 */
public final class OnnxAttribute {

    private final AttributeProto proto;
    private final AttributeType type;
    private final float[] floats;
    private final long[] ints;
    private final TensorData tensor;

    private OnnxAttribute(AttributeProto proto, AttributeType type, TensorData tensor) {
        this.proto = proto;
        this.type = type;
        this.tensor = tensor;
        this.floats = new float[proto.getFloatsCount()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = proto.getFloats(i);
        }
        this.ints = new long[proto.getIntsCount()];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = proto.getInts(i);
        }
    }

    /** A FLOAT attribute. */
    public static OnnxAttribute ofFloat(String name, float value) {
        return fromNew(header(name, AttributeType.FLOAT).setF(value));
    }

    /** An INT attribute. */
    public static OnnxAttribute ofInt(String name, long value) {
        return fromNew(header(name, AttributeType.INT).setI(value));
    }

    /** A STRING attribute (UTF-8). */
    public static OnnxAttribute ofString(String name, String value) {
        return fromNew(header(name, AttributeType.STRING).setS(ByteString.copyFromUtf8(value)));
    }

    /** A FLOATS attribute. */
    public static OnnxAttribute ofFloats(String name, float... values) {
        AttributeProto.Builder proto = header(name, AttributeType.FLOATS);
        for (float value : values) {
            proto.addFloats(value);
        }
        return fromNew(proto);
    }

    /** An INTS attribute. */
    public static OnnxAttribute ofInts(String name, long... values) {
        AttributeProto.Builder proto = header(name, AttributeType.INTS);
        for (long value : values) {
            proto.addInts(value);
        }
        return fromNew(proto);
    }

    /** A TENSOR attribute, e.g. the value of a Constant node. */
    public static OnnxAttribute ofTensor(String name, TensorData value) {
        return fromNew(header(name, AttributeType.TENSOR).setT(value.toProto()));
    }

    private static AttributeProto.Builder header(String name, AttributeType type) {
        return AttributeProto.newBuilder().setName(name)
                .setType(type.code());
    }

    private static OnnxAttribute fromNew(AttributeProto.Builder proto) {
        try {
            return fromProto(proto.build());
        } catch (InvalidModelException e) {
            throw new IllegalStateException("attribute built in code does not decode", e);
        }
    }

    static OnnxAttribute fromProto(AttributeProto proto) throws InvalidModelException {
        AttributeType type = proto.hasType()
                ? AttributeType.fromCode(proto.getType()) : inferType(proto);
        TensorData tensor = proto.hasT() ? TensorData.fromProto(proto.getT()) : null;
        return new OnnxAttribute(proto, type, tensor);
    }

    /** Very old models (IR version 1) have no type field; the filled value field tells. */
    private static AttributeType inferType(AttributeProto proto) {
        if (proto.hasF()) {
            return AttributeType.FLOAT;
        } else if (proto.hasI()) {
            return AttributeType.INT;
        } else if (proto.hasS()) {
            return AttributeType.STRING;
        } else if (proto.hasT()) {
            return AttributeType.TENSOR;
        } else if (proto.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        } else if (proto.getIntsCount() > 0) {
            return AttributeType.INTS;
        }
        return AttributeType.UNDEFINED;
    }

    /** The attribute name. */
    public String name() {
        return proto.getName();
    }

    /** The attribute kind. */
    public AttributeType type() {
        return type;
    }

    /** Value of a FLOAT attribute (0 otherwise). */
    public float floatValue() {
        return proto.getF();
    }

    /** Value of an INT attribute (0 otherwise). */
    public long intValue() {
        return proto.getI();
    }

    /** Value of a STRING attribute (empty otherwise). */
    public String stringValue() {
        return proto.getS().toStringUtf8();
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

    /** The AttributeProto (immutable). */
    AttributeProto toProto() {
        return proto;
    }

    @Override
    public String toString() {
        String value = switch (type) {
            case FLOAT -> Float.toString(floatValue());
            case INT -> Long.toString(intValue());
            case STRING -> '"' + stringValue() + '"';
            case FLOATS -> Arrays.toString(floats);
            case INTS -> Arrays.toString(ints);
            case TENSOR -> String.valueOf(tensor);
            default -> type.toString();
        };
        return name() + "=" + value;
    }
}
