package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/**
 * Rotates, shifts and scales each image by random amounts about its centre, sampling the source
 * bilinearly; pixels that come from outside the image are {@code fill}. torchvision's
 * {@code RandomAffine} without shear ({@link #rotation} gives {@code RandomRotation}).
 *
 * <p>Per sample: an angle uniform in [-maxDegrees, maxDegrees] (positive turns the image
 * counter-clockwise as displayed, rows running downwards), a shift uniform in
 * [-maxTranslate·W, maxTranslate·W] horizontally and likewise vertically, and a scale uniform in
 * [minScale, maxScale]. Output pixel p takes the input at A⁻¹(p - c - t) + c, with c the centre,
 * t the shift and A the rotation times the scale. Shapes: (B, C, H, W) in and out.
 *
 * <pre>{@code
 * new RandomAffine(15, 0.1, 0.9, 1.1, 0)   // up to 15 degrees, 10% shift, 0.9-1.1 zoom
 * RandomAffine.rotation(10)
 * }</pre>
 *
 * @param maxDegrees the largest rotation either way, in degrees
 * @param maxTranslate the largest shift either way, as a fraction of the width (height)
 * @param minScale the smallest zoom factor
 * @param maxScale the largest zoom factor
 * @param fill the value of pixels that come from outside the image
 */
public record RandomAffine(double maxDegrees, double maxTranslate, double minScale, double maxScale, float fill)
        implements Transform {
    /** Checks the ranges. */
    public RandomAffine {
        if (!(maxDegrees >= 0 && maxDegrees <= 360) || !(maxTranslate >= 0 && maxTranslate <= 1)
                || !(minScale > 0 && minScale <= maxScale) || Double.isInfinite(maxScale)) {
            throw new IllegalArgumentException("RandomAffine: expects 0 <= maxDegrees <= 360, 0 <= maxTranslate <= 1 and"
                    + " 0 < minScale <= maxScale, got " + maxDegrees + ", " + maxTranslate + ", " + minScale + ", " + maxScale);
        }
    }

    /** Random rotations of up to {@code maxDegrees} either way, filling with 0: torchvision's {@code RandomRotation}. */
    public static RandomAffine rotation(double maxDegrees) {
        return new RandomAffine(maxDegrees, 0, 1, 1, 0);
    }

    @Override
    public Tensor apply(Tensor x, Generator generator) {
        Images in = Images.of("RandomAffine", x);
        Tensor out = Images.blank(in.batch(), in.channels(), in.height(), in.width());
        for (int b = 0; b < in.batch(); b++) {
            double degrees = Images.uniform(generator, -maxDegrees, maxDegrees);
            double tx = Images.uniform(generator, -maxTranslate, maxTranslate) * in.width();
            double ty = Images.uniform(generator, -maxTranslate, maxTranslate) * in.height();
            double scale = Images.uniform(generator, minScale, maxScale);
            warp(in, b, out.storage().floats(), degrees, tx, ty, scale, fill);
        }
        return out;
    }

    /** Writes sample {@code b} of {@code in}, rotated, shifted and scaled, into {@code dst} (same layout, offset 0). */
    static void warp(Images in, int b, float[] dst, double degrees, double tx, double ty, double scale, float fill) {
        int h = in.height();
        int w = in.width();
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double rad = Math.toRadians(degrees);
        double cos = Math.cos(rad) / scale;
        double sin = Math.sin(rad) / scale;
        for (int c = 0; c < in.channels(); c++) {
            int plane = (b * in.channels() + c) * h * w;
            for (int r = 0; r < h; r++) {
                double dy = r - cy - ty;
                for (int q = 0; q < w; q++) {
                    double dx = q - cx - tx;
                    double sx = cos * dx - sin * dy + cx;    // the inverse rotation, then the inverse scale
                    double sy = sin * dx + cos * dy + cy;
                    dst[plane + r * w + q] = Images.bilinear(in.data(), in.offset() + plane, h, w, sy, sx, fill);
                }
            }
        }
    }
}
