package org.styletransfer.bench;


import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.styletransfer.lossgraph.GatysGraphSpec;
import org.styletransfer.lossgraph.GatysGraphs;
import org.styletransfer.image.ColorImage;
import org.styletransfer.vgg.VggWeights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the exported loss-and-gradient graph alone, in its own ONNX Runtime session with the
 * engine's settings (optimisation level ALL, intra-op threads, one inter-op thread) plus optional
 * session config entries ({@code --ort_config key=value,...}), so that session settings can be
 * tried without touching the engine. Inputs and outputs are direct buffers bound once, as the
 * plugin's evaluator does; only the run is timed.
 */
final class GatysGraphTimer implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();

    GatysGraphTimer(VggWeights w, GatysGraphSpec spec, ColorImage content, ColorImage style, int threads,
                    Map<String, String> config) {
        try {
            Map<String, float[]> targets = new LinkedHashMap<>();
            try (OrtSession t = open(GatysGraphs.targets(w, spec).toBytes(), threads, Map.of())) {
                targets.putAll(targetsOf(t, content, spec, "content_"));
                targets.putAll(targetsOf(t, style, spec, "gram_"));
            }
            session = open(GatysGraphs.lossAndGradient(w, spec).toBytes(), threads, config);
            int h = content.height();
            int wd = content.width();
            inputs.put("image", tensor(content.data(), 1, 3, h, wd));
            for (String layer : spec.contentLayers()) {
                int c = w.layer("conv" + layer.substring(4)).orElseThrow().out();
                int pools = layer.charAt(4) - '1';
                inputs.put("content_" + layer, tensor(targets.get("content_" + layer), 1, c, h >> pools, wd >> pools));
            }
            for (String layer : spec.styleLayers()) {
                int c = w.layer("conv" + layer.substring(4)).orElseThrow().out();
                inputs.put("gram_" + layer, tensor(targets.get("gram_" + layer), 1, c, c));
            }
            inputs.put("content_weight", tensor(new float[] {1f}, 1));
            inputs.put("style_weight", tensor(new float[] {1e4f}, 1));
            inputs.put("tv_weight", tensor(new float[] {1e-3f}, 1));
            outputs.put("grad", tensor(null, 1, 3, h, wd));
            List<String> scalars = new ArrayList<>(List.of("loss", "content_loss", "style_loss", "tv_loss"));
            spec.styleLayers().forEach(l -> scalars.add("style_loss_" + l));
            for (String s : scalars) outputs.put(s, tensor(null, 1));
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private OrtSession open(byte[] model, int threads, Map<String, String> config) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            for (var e : config.entrySet()) o.addConfigEntry(e.getKey(), e.getValue());
            return env.createSession(model, o);
        }
    }

    private Map<String, float[]> targetsOf(OrtSession t, ColorImage image, GatysGraphSpec spec, String prefix)
            throws OrtException {
        List<String> names = new ArrayList<>();
        (prefix.equals("content_") ? spec.contentLayers() : spec.styleLayers()).forEach(l -> names.add(prefix + l));
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OnnxTensor in = tensor(image.data(), 1, 3, image.height(), image.width());
             OrtSession.Result r = t.run(Map.of("image", in), new java.util.LinkedHashSet<>(names))) {
            for (String n : names) {
                FloatBuffer b = ((OnnxTensor) r.get(n).orElseThrow()).getFloatBuffer();
                float[] a = new float[b.remaining()];
                b.get(a);
                out.put(n, a);
            }
        }
        return out;
    }

    private OnnxTensor tensor(float[] values, long... shape) throws OrtException {
        long n = 1;
        for (long d : shape) n *= d;
        FloatBuffer b = ByteBuffer.allocateDirect((int) n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        if (values != null) b.put(0, values);
        return OnnxTensor.createTensor(env, b, shape);
    }

    /** Median ms of {@code runs} timed runs after {@code warmup} untimed ones; all times in {@code ms}. */
    double[] time(int warmup, int runs) {
        try {
            for (int i = 0; i < warmup; i++) session.run(inputs, outputs).close();
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                session.run(inputs, outputs).close();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        inputs.values().forEach(OnnxTensor::close);
        outputs.values().forEach(OnnxTensor::close);
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // only native memory is at stake
            }
        }
    }
}
