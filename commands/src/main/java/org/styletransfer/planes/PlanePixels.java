package org.styletransfer.planes;

import org.styletransfer.image.ColorImage;
import org.styletransfer.image.PixelSource;
import org.styletransfer.image.PixelTarget;
import org.styletransfer.image.Region;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * ImageJ planes seen as 0..255 colour images region by region, without a whole-plane float copy:
 * a source plane as a {@link PixelSource}, a result plane as a {@link PixelTarget}. The one mapping
 * between ImageJ planes and colour images: whole planes go through it too ({@link #read},
 * {@link #write}).
 */
final class PlanePixels {
    private PlanePixels() {
    }

    /** {@code ip} as 0..255 RGB: colour as it is, grey mapped from [min, max] and replicated. */
    static PixelSource source(ImageProcessor ip, double min, double max) {
        return ip instanceof ColorProcessor cp ? new Rgb(cp) : new Gray(ip, ip, min, max);
    }

    /**
     * The whole of {@code ip} as a 0..255 colour image, as {@link #source} reads it: colour as it
     * is, grey mapped from [min, max] and replicated.
     */
    static ColorImage read(ImageProcessor ip, double min, double max) {
        ColorImage img = new ColorImage(ip.getWidth(), ip.getHeight());
        source(ip, min, max).read(0, 0, img);
        return img;
    }

    /**
     * A new result plane for {@code like} holding {@code img} (of {@code like}'s size), as
     * {@link #target} writes it: RGB rounded to 8 bits, or the luminance (Rec. 601) mapped back to
     * [min, max] and {@code like}'s pixel type.
     */
    static ImageProcessor write(ColorImage img, ImageProcessor like, double min, double max) {
        ImageProcessor out = newResult(like);
        target(out, like, min, max).write(0, 0, img);
        return out;
    }

    /** An empty result plane for {@code like}: RGB, or grey of the same type and colour model. */
    static ImageProcessor newResult(ImageProcessor like) {
        ImageProcessor out = emptyPlane(like.getBitDepth(), like.getWidth(), like.getHeight());
        if (!(like instanceof ColorProcessor)) out.setColorModel(like.getColorModel());
        return out;
    }

    /** An empty (zero) {@code w x h} plane of {@code bitDepth}: 8, 16, 32 (float) or 24 (RGB). */
    static ImageProcessor emptyPlane(int bitDepth, int w, int h) {
        return switch (bitDepth) {
            case 24 -> new ColorProcessor(w, h);
            case 16 -> new ShortProcessor(w, h);
            case 32 -> new FloatProcessor(w, h);
            default -> new ByteProcessor(w, h);
        };
    }

    /**
     * {@code out} (made by {@link #newResult(ImageProcessor)} for {@code like}) as a target: RGB
     * rounded to 8 bits, or the luminance mapped back to [min, max]; non-finite 32-bit source
     * pixels stay as they are.
     */
    static PixelTarget target(ImageProcessor out, ImageProcessor like, double min, double max) {
        return out instanceof ColorProcessor cp ? new Rgb(cp) : new Gray(out, like, min, max);
    }

    /**
     * {@code target}, where writes only reach the pixels inside {@code r}: the rest of each band
     * written is dropped, so that the target keeps what it holds outside {@code r}.
     */
    static PixelTarget clipped(PixelTarget target, Region r) {
        return new PixelTarget() {
            @Override
            public int width() {
                return target.width();
            }

            @Override
            public int height() {
                return target.height();
            }

            @Override
            public void read(int x, int y, ColorImage dst) {
                target.read(x, y, dst);
            }

            @Override
            public void write(int x, int y, ColorImage rows) {
                int x0 = Math.max(x, r.x());
                int y0 = Math.max(y, r.y());
                int x1 = Math.min(x + rows.width(), r.x() + r.width());
                int y1 = Math.min(y + rows.height(), r.y() + r.height());
                if (x0 >= x1 || y0 >= y1) return;
                boolean all = x0 == x && y0 == y && x1 - x0 == rows.width() && y1 - y0 == rows.height();
                target.write(x0, y0, all ? rows : rows.crop(new Region(x0 - x, y0 - y, x1 - x0, y1 - y0)));
            }
        };
    }

    private record Rgb(ColorProcessor ip) implements PixelTarget {
        @Override
        public int width() {
            return ip.getWidth();
        }

        @Override
        public int height() {
            return ip.getHeight();
        }

        @Override
        public void read(int x, int y, ColorImage dst) {
            int[] px = (int[]) ip.getPixels();
            float[] d = dst.data();
            int w = dst.width();
            int n = w * dst.height();
            for (int j = 0; j < dst.height(); j++) {
                int from = (y + j) * width() + x;
                for (int i = 0; i < w; i++) {
                    int p = px[from + i];
                    int k = j * w + i;
                    d[k] = (p >> 16) & 0xff;
                    d[n + k] = (p >> 8) & 0xff;
                    d[2 * n + k] = p & 0xff;
                }
            }
        }

        @Override
        public void write(int x, int y, ColorImage rows) {
            int[] px = (int[]) ip.getPixels();
            float[] d = rows.data();
            int w = rows.width();
            int n = w * rows.height();
            for (int j = 0; j < rows.height(); j++) {
                int from = (y + j) * width() + x;
                for (int i = 0; i < w; i++) {
                    int k = j * w + i;
                    px[from + i] = 0xff000000 | (PlaneSet.clamp8(d[k]) << 16) | (PlaneSet.clamp8(d[n + k]) << 8)
                        | PlaneSet.clamp8(d[2 * n + k]);
                }
            }
        }
    }

    /** A grey plane {@code ip}; {@code like} is the source plane, whose non-finite pixels a result keeps. */
    private record Gray(ImageProcessor ip, ImageProcessor like, double min, double max) implements PixelTarget {
        @Override
        public int width() {
            return ip.getWidth();
        }

        @Override
        public int height() {
            return ip.getHeight();
        }

        @Override
        public void read(int x, int y, ColorImage dst) {
            float[] d = dst.data();
            int w = dst.width();
            int n = w * dst.height();
            double scale = 255.0 / Math.max(max - min, 1e-30);
            for (int j = 0; j < dst.height(); j++) {
                for (int i = 0; i < w; i++) {
                    float v = ip.getf((y + j) * width() + x + i);
                    // Non-finite 32-bit pixels go in as black and come back non-finite (see write).
                    float g = Float.isFinite(v) ? (float) ((v - min) * scale) : 0f;
                    int k = j * w + i;
                    d[k] = g;
                    d[n + k] = g;
                    d[2 * n + k] = g;
                }
            }
        }

        @Override
        public void write(int x, int y, ColorImage rows) {
            float[] d = rows.data();
            int w = rows.width();
            int n = w * rows.height();
            double scale = Math.max(max - min, 1e-30) / 255.0;
            boolean isFloat = ip instanceof FloatProcessor;
            for (int j = 0; j < rows.height(); j++) {
                int from = (y + j) * width() + x;
                for (int i = 0; i < w; i++) {
                    int k = j * w + i;
                    double lum = Math.max(0, Math.min(255, 0.299 * d[k] + 0.587 * d[n + k] + 0.114 * d[2 * n + k]));
                    double v = min + lum * scale;
                    if (isFloat) {
                        float src = like.getf(from + i);
                        ip.setf(from + i, Float.isFinite(src) ? (float) v : src);
                    } else {
                        ip.set(from + i, (int) Math.round(v));
                    }
                }
            }
        }
    }
}
