package dev.myelin.kernels;

/**
 * Max pooling over planes of {@code h x w}: each output is the largest value of its window
 * (padding never wins; NaN does, as in PyTorch) and remembers where it came from as a flat index
 * {@code iy*w + ix} within its plane. The backward pass adds each output gradient to that place.
 * Arrays are {@code float[]} or {@code double[]}; planes are split across {@link Parallel}.
 */
public final class MaxPool {
    private MaxPool() {}

    /** The window geometry: kernel, stride, padding, dilation and output size of one plane. */
    public record Window(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow) {}

    /** Pools {@code planes} planes of x into out (planes x oh x ow) and their argmax indices. */
    public static void forward(Object x, int planes, Window g, Object out, int[] indices) {
        if (x instanceof float[] fx && g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0
                && g.dh == 1 && g.dw == 1 && 2 * g.oh <= g.h && 2 * g.ow <= g.w) {
            forward2x2(fx, planes, g, (float[]) out, indices);
            return;
        }
        int in = g.h * g.w;
        int outPlane = g.oh * g.ow;
        Parallel.forRange(planes, Math.max(1, (1 << 14) / Math.max(1, outPlane * g.kh * g.kw)), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int oy = 0; oy < g.oh; oy++) {
                    for (int ox = 0; ox < g.ow; ox++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        for (int i = 0; i < g.kh; i++) {
                            int iy = oy * g.sh - g.ph + i * g.dh;
                            if (iy < 0 || iy >= g.h) {
                                continue;
                            }
                            for (int j = 0; j < g.kw; j++) {
                                int ix = ox * g.sw - g.pw + j * g.dw;
                                if (ix < 0 || ix >= g.w) {
                                    continue;
                                }
                                int at = iy * g.w + ix;
                                double v = x instanceof float[] f ? f[p * in + at] : ((double[]) x)[p * in + at];
                                if (v > best || Double.isNaN(v) || bestAt < 0) {
                                    best = v;
                                    bestAt = at;
                                    if (Double.isNaN(v)) {
                                        i = g.kh;
                                        break;
                                    }
                                }
                            }
                        }
                        int o = p * outPlane + oy * g.ow + ox;
                        indices[o] = bestAt;
                        if (out instanceof float[] f) {
                            f[o] = (float) best;
                        } else {
                            ((double[]) out)[o] = best;
                        }
                    }
                }
            }
        });
    }

    /** The common 2x2 window with stride 2: four comparisons per output, NaN winning as in the general case. */
    private static void forward2x2(float[] x, int planes, Window g, float[] out, int[] indices) {
        int in = g.h * g.w;
        int outPlane = g.oh * g.ow;
        int[] topLeft = new int[outPlane];
        for (int k = 0; k < outPlane; k++) {
            topLeft[k] = 2 * (k / g.ow) * g.w + 2 * (k % g.ow);
        }
        Parallel.forRange(planes, Math.max(1, (1 << 14) / Math.max(1, outPlane * 4)), (from, to) -> {
            for (int p = from; p < to; p++) {
                int base = p * in;
                int o = p * outPlane;
                int done = VectorSupport.AVAILABLE
                        ? VectorMaxPool.plane(x, base, topLeft, g.w, out, indices, o, outPlane) : 0;
                for (int k = done; k < outPlane; k++) {
                    int a0 = topLeft[k];
                    int a1 = a0 + g.w;
                    float v0 = x[base + a0];
                    float v1 = x[base + a0 + 1];
                    float v2 = x[base + a1];
                    float v3 = x[base + a1 + 1];
                    // The first maximum wins ties; a NaN wins outright, as in the general kernel.
                    // Branch-free (non-short-circuit | and &, and selects), because comparisons of
                    // data are unpredictable and a mispredicted branch costs more than the work.
                    float best = v0;
                    int bestAt = a0;
                    boolean take = v1 > best | (v1 != v1 & best == best);
                    best = take ? v1 : best;
                    bestAt = take ? a0 + 1 : bestAt;
                    take = (v2 > best | v2 != v2) & best == best;
                    best = take ? v2 : best;
                    bestAt = take ? a1 : bestAt;
                    take = (v3 > best | v3 != v3) & best == best;
                    best = take ? v3 : best;
                    bestAt = take ? a1 + 1 : bestAt;
                    out[o + k] = best;
                    indices[o + k] = bestAt;
                }
            }
        });
    }

    /** dx[plane][indices[o]] += grad[o] for every output o; dx must start zeroed. */
    public static void backward(Object grad, int[] indices, int planes, int inPlane, int outPlane, Object dx) {
        Parallel.forRange(planes, Math.max(1, (1 << 14) / Math.max(1, outPlane)), (from, to) -> {
            if (dx instanceof float[] f) {
                float[] gf = (float[]) grad;
                for (int o = from * outPlane; o < to * outPlane; o++) {
                    f[o / outPlane * inPlane + indices[o]] += gf[o];
                }
            } else {
                double[] d = (double[]) dx;
                double[] gd = (double[]) grad;
                for (int o = from * outPlane; o < to * outPlane; o++) {
                    d[o / outPlane * inPlane + indices[o]] += gd[o];
                }
            }
        });
    }
}
