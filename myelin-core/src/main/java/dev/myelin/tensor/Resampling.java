package dev.myelin.tensor;

import dev.myelin.kernels.SeparableResample.Map1d;
import java.util.ArrayList;
import java.util.List;

/**
 * Resizing (N, C, H, W) tensors: nearest-neighbour and bilinear upsampling (or downsampling)
 * with PyTorch's {@code F.interpolate} conventions. Both are separable linear maps, so their
 * gradients are the transposed maps.
 */
public final class Resampling {
    private Resampling() {}

    /** Nearest-neighbour resize to (outH, outW): output o reads input floor(o · in / out). */
    public static Tensor upsampleNearest2d(Tensor x, int outH, int outW) {
        check("upsampleNearest2d", x, outH, outW);
        return Pooling.resample("upsampleNearest2d", x, nearest(x.size(2), outH), nearest(x.size(3), outW));
    }

    /**
     * Bilinear resize to (outH, outW). With {@code alignCorners} the corner pixels of input and
     * output coincide; without it pixels are squares and the grid is scaled by in/out.
     */
    public static Tensor upsampleBilinear2d(Tensor x, int outH, int outW, boolean alignCorners) {
        check("upsampleBilinear2d", x, outH, outW);
        return Pooling.resample("upsampleBilinear2d", x, linear(x.size(2), outH, alignCorners),
                linear(x.size(3), outW, alignCorners));
    }

    private static void check(String op, Tensor x, int outH, int outW) {
        Convolution.requireRank(op, "input", x, 4, "(N, C, H, W)");
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": the output size must be positive, got (" + outH + ", " + outW + ")");
        }
    }

    private static Map1d nearest(int in, int out) {
        float scale = (float) in / out;
        List<List<double[]>> rows = new ArrayList<>();
        for (int o = 0; o < out; o++) {
            int src = Math.min((int) Math.floor(o * scale), in - 1);
            rows.add(List.<double[]>of(new double[] {src, 1}));
        }
        return Map1d.build(out, in, rows);
    }

    private static Map1d linear(int in, int out, boolean alignCorners) {
        double scale = alignCorners ? (out > 1 ? (double) (in - 1) / (out - 1) : 0) : (double) in / out;
        List<List<double[]>> rows = new ArrayList<>();
        for (int o = 0; o < out; o++) {
            double src = alignCorners ? scale * o : Math.max(scale * (o + 0.5) - 0.5, 0);
            int i0 = (int) src;
            int i1 = i0 < in - 1 ? i0 + 1 : i0;
            double l1 = src - i0;
            // At the last pixel both neighbours are the same one, which then takes both weights.
            rows.add(i1 == i0 ? List.<double[]>of(new double[] {i0, 1})
                    : List.of(new double[] {i0, 1 - l1}, new double[] {i1, l1}));
        }
        return Map1d.build(out, in, rows);
    }
}
