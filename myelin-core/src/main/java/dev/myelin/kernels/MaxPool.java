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
    public static void forward(Object x, int planes, Window g, Object out, long[] indices) {
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

    /** dx[plane][indices[o]] += grad[o] for every output o; dx must start zeroed. */
    public static void backward(Object grad, long[] indices, int planes, int inPlane, int outPlane, Object dx) {
        Parallel.forRange(planes, Math.max(1, (1 << 14) / Math.max(1, outPlane)), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int o = p * outPlane; o < (p + 1) * outPlane; o++) {
                    int at = p * inPlane + (int) indices[o];
                    if (dx instanceof float[] f) {
                        f[at] += ((float[]) grad)[o];
                    } else {
                        ((double[]) dx)[at] += ((double[]) grad)[o];
                    }
                }
            }
        });
    }
}
