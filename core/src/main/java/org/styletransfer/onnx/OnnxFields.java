package org.styletransfer.onnx;

/**
 * Field numbers from onnx.proto, grouped by message. Kept in one place so the codec code reads
 * as names, and so they can be checked against the spec at a glance.
 */
public final class OnnxFields {

    private OnnxFields() {
    }

    /** ModelProto. */
    public static final class Model {
        public static final int IR_VERSION = 1;
        public static final int PRODUCER_NAME = 2;
        public static final int PRODUCER_VERSION = 3;
        public static final int DOC_STRING = 6;
        public static final int GRAPH = 7;
        public static final int OPSET_IMPORT = 8;
        public static final int METADATA_PROPS = 14;

        private Model() {
        }
    }

    /** GraphProto. */
    public static final class Graph {
        public static final int NODE = 1;
        public static final int NAME = 2;
        public static final int INITIALIZER = 5;
        public static final int DOC_STRING = 10;
        public static final int INPUT = 11;
        public static final int OUTPUT = 12;
        public static final int VALUE_INFO = 13;

        private Graph() {
        }
    }

    /** NodeProto. */
    public static final class Node {
        public static final int INPUT = 1;
        public static final int OUTPUT = 2;
        public static final int NAME = 3;
        public static final int OP_TYPE = 4;
        public static final int ATTRIBUTE = 5;
        public static final int DOMAIN = 7;

        private Node() {
        }
    }

    /** AttributeProto. */
    public static final class Attribute {
        public static final int NAME = 1;
        public static final int F = 2;
        public static final int I = 3;
        public static final int S = 4;
        public static final int T = 5;
        public static final int FLOATS = 7;
        public static final int INTS = 8;
        public static final int TYPE = 20;

        private Attribute() {
        }
    }

    /** TensorProto. */
    public static final class Tensor {
        public static final int DIMS = 1;
        public static final int DATA_TYPE = 2;
        public static final int FLOAT_DATA = 4;
        public static final int INT32_DATA = 5;
        public static final int INT64_DATA = 7;
        public static final int NAME = 8;
        public static final int RAW_DATA = 9;
        public static final int DATA_LOCATION = 14;

        private Tensor() {
        }
    }

    /** ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension. */
    public static final class ValueInfo {
        public static final int NAME = 1;
        public static final int TYPE = 2;
        public static final int TYPE_TENSOR = 1;
        public static final int TENSOR_ELEM_TYPE = 1;
        public static final int TENSOR_SHAPE = 2;
        public static final int SHAPE_DIM = 1;
        public static final int DIM_VALUE = 1;
        public static final int DIM_PARAM = 2;

        private ValueInfo() {
        }
    }

    /** OperatorSetIdProto and StringStringEntryProto (both are two-field records). */
    public static final class Pair {
        public static final int OPSET_DOMAIN = 1;
        public static final int OPSET_VERSION = 2;
        public static final int KEY = 1;
        public static final int VALUE = 2;

        private Pair() {
        }
    }
}
