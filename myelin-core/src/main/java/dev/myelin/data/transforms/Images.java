package dev.myelin.data.transforms;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * A batch of images as a flat float array, and the sampling helpers the image transforms share.
 *
 * @param data the pixels, row-major (B, C, H, W) from {@code offset}
 */
record Images(float[] data, int offset, int batch, int channels, int height, int width) {
    /** The batch's pixels, after checking that it is a float32 (B, C, H, W) tensor. */
    static Images of(String op, Tensor x) {
        if (x.dim() != 4 || x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expects a float32 batch of images (B, C, H, W), got shape "
                    + x.shape() + " " + x.dtype());
        }
        Tensor c = x.contiguous();
        return new Images(c.storage().floats(), c.storageOffset(), x.size(0), x.size(1), x.size(2), x.size(3));
    }

    /** A new zero-filled float32 (B, C, H, W) batch whose array starts at 0. */
    static Tensor blank(int batch, int channels, int height, int width) {
        return Tensor.zeros(Shape.of(batch, channels, height, width), DType.FLOAT32);
    }

    /** A copy of this batch, as a new tensor. */
    Tensor copy() {
        Tensor out = blank(batch, channels, height, width);
        System.arraycopy(data, offset, out.storage().floats(), 0, batch * sampleSize());
        return out;
    }

    /** Elements per sample, C·H·W. */
    int sampleSize() {
        return channels * height * width;
    }

    /** A uniform double in [lo, hi). */
    static double uniform(Generator g, double lo, double hi) {
        return lo + (hi - lo) * g.nextDouble();
    }

    /** A uniform integer in [0, bound). */
    static int below(Generator g, int bound) {
        return (int) (g.nextDouble() * bound);
    }

    /**
     * Bilinear interpolation of the plane at {@code base} (h × w, row-major) at row {@code y},
     * column {@code x}: neighbours outside the plane count as {@code fill}.
     */
    static float bilinear(float[] src, int base, int h, int w, double y, double x, float fill) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        if (y0 < -1 || y0 >= h || x0 < -1 || x0 >= w) {
            return fill;
        }
        double fy = y - y0;
        double fx = x - x0;
        double top = (1 - fx) * at(src, base, h, w, y0, x0, fill) + fx * at(src, base, h, w, y0, x0 + 1, fill);
        double bottom = (1 - fx) * at(src, base, h, w, y0 + 1, x0, fill) + fx * at(src, base, h, w, y0 + 1, x0 + 1, fill);
        return (float) ((1 - fy) * top + fy * bottom);
    }

    private static float at(float[] src, int base, int h, int w, int y, int x, float fill) {
        return y < 0 || y >= h || x < 0 || x >= w ? fill : src[base + y * w + x];
    }
}
