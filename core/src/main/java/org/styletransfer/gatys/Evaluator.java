package org.styletransfer.gatys;

import org.styletransfer.engine.FloatTensor;
import org.styletransfer.optim.Objective;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Gatys loss as an {@link Objective}: every tensor (targets, weights, image, gradient, loss
 * terms) is allocated once per level as a direct buffer that ONNX Runtime reads and writes in
 * place. Per evaluation the only copies are the parameters into the image tensor and the gradient
 * out of the pinned gradient tensor: two memory copies of the image, negligible next to the
 * network pass (the optimiser needs float arrays for its line search and history anyway).
 */
final class Evaluator implements Objective, AutoCloseable {
    /** Loss terms of recent evaluations, by loss value: the line search may end on any of them. */
    private static final int REMEMBERED = 64;

    private final LossNetwork net;
    private final Map<String, FloatTensor> inputs = new HashMap<>();
    private final Map<String, FloatTensor> outputs = new HashMap<>();
    private final FloatTensor image;
    private final FloatTensor grad;
    private final Map<Double, LossTerms> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Double, LossTerms> eldest) {
            return size() > REMEMBERED;
        }
    };
    private LossTerms last;

    Evaluator(LossNetwork net, int width, int height, Map<String, float[]> content,
              Map<String, float[]> grams, double[] weights, float[] mask) {
        this.net = net;
        try {
            image = input("image", null, 1, 3, height, width);
            for (String layer : net.spec().contentLayers()) {
                int pools = LossNetwork.poolsBefore(layer);
                input("content_" + layer, content.get(layer), 1, net.channels(layer), height >> pools, width >> pools);
            }
            for (String layer : net.spec().styleLayers()) {
                int c = net.channels(layer);
                input("gram_" + layer, grams.get(layer), 1, c, c);
            }
            input("content_weight", new float[] {(float) weights[0]}, 1);
            input("style_weight", new float[] {(float) weights[1]}, 1);
            input("tv_weight", new float[] {(float) weights[2]}, 1);
            if (net.spec().styleMask()) input("mask", mask, 1, 1, height, width);
            grad = output("grad", 1, 3, height, width);
            for (String name : scalarOutputs(net)) output(name, 1);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static String[] scalarOutputs(LossNetwork net) {
        var names = new java.util.ArrayList<String>(java.util.List.of("loss", "content_loss", "style_loss", "tv_loss"));
        net.spec().styleLayers().forEach(l -> names.add("style_loss_" + l));
        return names.toArray(String[]::new);
    }

    private FloatTensor input(String name, float[] values, long... shape) {
        FloatTensor t = FloatTensor.allocate(shape);
        inputs.put(name, t);
        if (values != null) {
            if (values.length != t.size()) {
                throw new IllegalStateException(name + ": " + values.length + " values for a tensor of " + t.size());
            }
            t.buffer().put(0, values);
        }
        return t;
    }

    private FloatTensor output(String name, long... shape) {
        FloatTensor t = FloatTensor.allocate(shape);
        outputs.put(name, t);
        return t;
    }

    @Override
    public double evaluate(float[] x, float[] gradient) {
        image.buffer().put(0, x);
        net.runLoss(inputs, outputs);
        grad.buffer().get(0, gradient);
        last = readTerms();
        recent.put(last.total(), last);
        return last.total();
    }

    private LossTerms readTerms() {
        Map<String, Double> layers = new LinkedHashMap<>();
        for (var e : outputs.entrySet()) {
            if (e.getKey().startsWith("style_loss_")) {
                layers.put(e.getKey().substring("style_loss_".length()), scalar(e.getKey()));
            }
        }
        return new LossTerms(scalar("loss"), scalar("content_loss"), scalar("style_loss"), scalar("tv_loss"), layers);
    }

    private double scalar(String name) {
        return outputs.get(name).buffer().get(0);
    }

    /** The terms of the evaluation whose total was {@code loss} (the latest one if unknown). */
    LossTerms termsFor(double loss) {
        LossTerms t = recent.get(loss);
        return t != null ? t : last;
    }

    @Override
    public void close() {
        inputs.values().forEach(FloatTensor::close);
        outputs.values().forEach(FloatTensor::close);
    }
}
