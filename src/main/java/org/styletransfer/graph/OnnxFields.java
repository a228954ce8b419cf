package org.styletransfer.graph;

/**
 * Field numbers from onnx.proto, grouped by message. Kept in one place so the codec code reads
 * as names, and so they can be checked against the spec at a glance.
 */
final class OnnxFields {

    private OnnxFields() {
    }

    /** ModelProto. */
    static final class Model {
        static final int IR_VERSION = 1;
        static final int PRODUCER_NAME = 2;
        static final int PRODUCER_VERSION = 3;
        static final int DOC_STRING = 6;
        static final int GRAPH = 7;
        static final int OPSET_IMPORT = 8;
        static final int METADATA_PROPS = 14;

        private Model() {
        }
    }

    /** GraphProto. */
    static final class Graph {
        static final int NODE = 1;
        static final int NAME = 2;
        static final int INITIALIZER = 5;
        static final int DOC_STRING = 10;
        static final int INPUT = 11;
        static final int OUTPUT = 12;
        static final int VALUE_INFO = 13;

        private Graph() {
        }
    }

    /** NodeProto. */
    static final class Node {
        static final int INPUT = 1;
        static final int OUTPUT = 2;
        static final int NAME = 3;
        static final int OP_TYPE = 4;
        static final int ATTRIBUTE = 5;
        static final int DOMAIN = 7;

        private Node() {
        }
    }

    /** AttributeProto. */
    static final class Attribute {
        static final int NAME = 1;
        static final int F = 2;
        static final int I = 3;
        static final int S = 4;
        static final int T = 5;
        static final int FLOATS = 7;
        static final int INTS = 8;
        static final int TYPE = 20;

        private Attribute() {
        }
    }

    /** TensorProto. */
    static final class Tensor {
        static final int DIMS = 1;
        static final int DATA_TYPE = 2;
        static final int FLOAT_DATA = 4;
        static final int INT32_DATA = 5;
        static final int INT64_DATA = 7;
        static final int NAME = 8;
        static final int RAW_DATA = 9;
        static final int DATA_LOCATION = 14;

        private Tensor() {
        }
    }

    /** ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension. */
    static final class ValueInfo {
        static final int NAME = 1;
        static final int TYPE = 2;
        static final int TYPE_TENSOR = 1;
        static final int TENSOR_ELEM_TYPE = 1;
        static final int TENSOR_SHAPE = 2;
        static final int SHAPE_DIM = 1;
        static final int DIM_VALUE = 1;
        static final int DIM_PARAM = 2;

        private ValueInfo() {
        }
    }

    /** OperatorSetIdProto and StringStringEntryProto (both are two-field records). */
    static final class Pair {
        static final int OPSET_DOMAIN = 1;
        static final int OPSET_VERSION = 2;
        static final int KEY = 1;
        static final int VALUE = 2;

        private Pair() {
        }
    }
}
