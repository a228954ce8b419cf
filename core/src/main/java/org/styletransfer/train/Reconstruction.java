package org.styletransfer.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.styletransfer.engine.FloatTensor;
import org.styletransfer.engine.ModelSession;
import org.styletransfer.engine.OnnxEngine;
import org.styletransfer.engine.Provider;
import org.styletransfer.lossgraph.DecoderGraphs;
import org.styletransfer.vgg.VggWeights;

/**
 * How well a decoder turns a picture's features back into the picture: encode, decode, and the
 * PSNR of the result (clamped to 0..255) against the picture, over all three channels. Pictures
 * are cropped at the bottom and right to a multiple of the decoder's size step.
 */
public final class Reconstruction {

    /** A picture's score, and its reconstruction for looking at. */
    public record Score(String name, int width, int height, double psnr, BufferedImage decoded) {
        /** "name WxH: 31.2 dB". */
        public String line() {
            return String.format(Locale.ROOT, "%s %dx%d: %.2f dB", name, width, height, psnr);
        }
    }

    private final ModelSession encoder;
    private final ModelSession decoder;
    private final int multiple;
    private final int channels;

    /** Sessions for the encoder of {@code vgg} at the decoder's level and for the decoder with {@code weights}. */
    public Reconstruction(VggWeights vgg, DecoderArchitecture a, float[] weights, int threads) {
        this(vgg, a, a.inferenceModel(weights, Map.of()).toBytes(), threads);
    }

    /** As above, with the decoder given as ONNX bytes (e.g. a shipped file). */
    public Reconstruction(VggWeights vgg, DecoderArchitecture a, byte[] decoderModel, int threads) {
        String fingerprint = vgg.fingerprint(a.deepestConv());
        encoder = OnnxEngine.shared().session("decoder-encoder|" + a.level() + "|" + fingerprint, "VGG encoder "
                + a.level(), () -> DecoderGraphs.encoder(vgg, a.level()).toBytes(), Provider.CPU, threads, false);
        decoder = OnnxEngine.shared().session("decoder|" + a.level() + "|" + java.util.Arrays.hashCode(decoderModel)
                + "|" + decoderModel.length, a.toString(), () -> decoderModel, Provider.CPU, threads, false);
        multiple = 1 << a.upsamplings();
        channels = a.inputChannels();
    }

    /** Scores every JPEG and PNG picture of {@code folder}, in name order. */
    public List<Score> scoreFolder(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)")).sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no JPEG or PNG pictures in " + folder + " to evaluate on");
        }
        List<Score> scores = new ArrayList<>();
        for (Path file : files) {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalArgumentException("cannot read " + file + " as a picture");
            }
            scores.add(score(file.getFileName().toString(), image));
        }
        return scores;
    }

    /** Mean PSNR of scores. */
    public static double meanPsnr(List<Score> scores) {
        return scores.stream().mapToDouble(Score::psnr).average().orElse(Double.NaN);
    }

    /** Encodes and decodes {@code image} and scores the result. */
    public Score score(String name, BufferedImage image) {
        int w = image.getWidth() / multiple * multiple;
        int h = image.getHeight() / multiple * multiple;
        float[] planes = planes(image, w, h);
        float[] decoded;
        try (FloatTensor in = FloatTensor.allocate(1, 3, h, w);
             FloatTensor features = FloatTensor.allocate(1, channels, h / multiple, w / multiple);
             FloatTensor out = FloatTensor.allocate(1, 3, h, w)) {
            in.buffer().put(0, planes);
            encoder.run(Map.of("image", in), Map.of("features", features));
            decoder.run(Map.of(DecoderArchitecture.INPUT, features), Map.of(DecoderArchitecture.OUTPUT, out));
            decoded = new float[planes.length];
            out.buffer().get(0, decoded);
        }
        double squared = 0;
        for (int k = 0; k < planes.length; k++) {
            double d = Math.min(255, Math.max(0, decoded[k])) - planes[k];
            squared += d * d;
        }
        double psnr = 10 * Math.log10(255.0 * 255.0 / Math.max(squared / planes.length, 1e-12));
        return new Score(name, w, h, psnr, picture(decoded, w, h));
    }

    private static float[] planes(BufferedImage image, int w, int h) {
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] planes = new float[3 * w * h];
        for (int p = 0; p < rgb.length; p++) {
            planes[p] = (rgb[p] >> 16) & 255;
            planes[w * h + p] = (rgb[p] >> 8) & 255;
            planes[2 * w * h + p] = rgb[p] & 255;
        }
        return planes;
    }

    private static BufferedImage picture(float[] planes, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int n = w * h;
        for (int p = 0; p < n; p++) {
            int r = clamp(planes[p]);
            int g = clamp(planes[n + p]);
            int b = clamp(planes[2 * n + p]);
            out.setRGB(p % w, p / w, (r << 16) | (g << 8) | b);
        }
        return out;
    }

    private static int clamp(float v) {
        return (int) Math.min(255, Math.max(0, Math.round(v)));
    }
}
