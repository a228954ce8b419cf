package org.styletransfer.engine;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The GPU side of the engine: whether sessions can open there, and how session options ask ONNX
 * Runtime for it. {@link #CUDA} is the real one; a {@link SessionInterceptor} may place sessions on
 * another (sessions on different accelerators are cached apart).
 */
public interface Accelerator {
    /** ONNX Runtime's CUDA provider, on the first GPU. */
    Accelerator CUDA = new Accelerator() {
        @Override
        public String id() {
            return "cuda";
        }

        @Override
        public String unavailableReason() {
            return OnnxEngine.cudaBuilt() ? null
                : "CUDA is not available in this ONNX Runtime build (the CPU jar is installed)";
        }

        @Override
        public void attach(OrtSession.SessionOptions options) throws OrtException {
            options.addCUDA(0);
        }
    };

    /** Tells this accelerator's sessions apart from others' in the engine's cache. */
    String id();

    /** Null when sessions can open here; otherwise why not, for the user. */
    String unavailableReason();

    /** Adds this accelerator to the options of a session about to open. */
    void attach(OrtSession.SessionOptions options) throws OrtException;
}
