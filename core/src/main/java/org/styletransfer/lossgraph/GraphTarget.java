package org.styletransfer.lossgraph;

/**
 * The ONNX Runtime provider a loss graph is written for. The graphs compute the same values on
 * every provider; they differ only where a provider lacks a kernel for the fastest formulation
 * on another, since a node without a kernel runs on the CPU with copies to and from the GPU at
 * every evaluation. Today that is the max-pooling gradient: MaxUnpool is the fastest scatter on
 * the CPU, and ONNX Runtime's CUDA provider has no MaxUnpool kernel (it has ScatterElements).
 */
public enum GraphTarget {
    /** ONNX Runtime's CPU provider. */
    CPU,
    /** ONNX Runtime's CUDA provider: every node has a CUDA kernel. */
    CUDA
}
