package dev.myelin.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear map of 2-D planes that acts on rows and columns separately: out = R · x · Cᵀ with R
 * (outH x inH) and C (outW x inW) sparse. Average pooling, adaptive average pooling and
 * nearest or bilinear upsampling are all such maps, and the gradient of one is the same kernel
 * with both matrices transposed. Arrays are {@code float[]} or {@code double[]}.
 */
public final class SeparableResample {
    private SeparableResample() {}

    /**
     * One dimension's sparse matrix, by rows: output o is the sum over entries
     * {@code [start[o], start[o+1])} of {@code weight[e] * input[index[e]]}.
     */
    public record Map1d(int outSize, int inSize, int[] start, int[] index, double[] weight) {
        /** The transposed matrix: maps outSize-long vectors back to inSize-long ones. */
        public Map1d transpose() {
            List<List<double[]>> rows = new ArrayList<>();
            for (int i = 0; i < inSize; i++) {
                rows.add(new ArrayList<>());
            }
            for (int o = 0; o < outSize; o++) {
                for (int e = start[o]; e < start[o + 1]; e++) {
                    rows.get(index[e]).add(new double[] {o, weight[e]});
                }
            }
            return build(inSize, outSize, rows);
        }

        /** A matrix from per-output lists of {index, weight} pairs. */
        public static Map1d build(int outSize, int inSize, List<List<double[]>> rows) {
            int[] start = new int[outSize + 1];
            for (int o = 0; o < outSize; o++) {
                start[o + 1] = start[o] + rows.get(o).size();
            }
            int[] index = new int[start[outSize]];
            double[] weight = new double[start[outSize]];
            for (int o = 0; o < outSize; o++) {
                int e = start[o];
                for (double[] pair : rows.get(o)) {
                    index[e] = (int) pair[0];
                    weight[e++] = pair[1];
                }
            }
            return new Map1d(outSize, inSize, start, index, weight);
        }
    }

    /** Maps each of {@code planes} planes of x (rows.inSize x cols.inSize) into out (rows.outSize x cols.outSize). */
    public static void apply(Object x, int planes, Map1d rows, Map1d cols, Object out) {
        int inH = rows.inSize();
        int inW = cols.inSize();
        int outH = rows.outSize();
        int outW = cols.outSize();
        Parallel.forRange(planes, Math.max(1, (1 << 14) / Math.max(1, inH * inW)), (from, to) -> {
            double[] tmp = new double[inH * outW];
            for (int p = from; p < to; p++) {
                int xo = p * inH * inW;
                for (int iy = 0; iy < inH; iy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        double s = 0;
                        for (int e = cols.start()[ox]; e < cols.start()[ox + 1]; e++) {
                            s += cols.weight()[e] * Elements.getDouble(x, xo + iy * inW + cols.index()[e]);
                        }
                        tmp[iy * outW + ox] = s;
                    }
                }
                int oo = p * outH * outW;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        double s = 0;
                        for (int e = rows.start()[oy]; e < rows.start()[oy + 1]; e++) {
                            s += rows.weight()[e] * tmp[rows.index()[e] * outW + ox];
                        }
                        Elements.setDouble(out, oo + oy * outW + ox, s);
                    }
                }
            }
        });
    }
}
