package dev.myelin.kernels;

/**
 * The kernels of the fused ops (see {@code dev.myelin.tensor.Fused}): ReLU in place,
 * softmax-cross-entropy forward and backward, layer normalisation forward and backward, and the
 * gate arithmetic of an LSTM cell. Rows are contiguous; each method documents its layout.
 */
public final class FusedKernels {
    private FusedKernels() {}

    /** a[off..off+n) = max(a, 0), NaN kept. */
    public static void reluInPlace(float[] a, int off, int n) {
        PointwiseKernels.unary(UnaryOp.RELU, 0, 0, a, off, 1, a, off, 1, n);
    }

    /**
     * Per row i of x (n x c, a float[] or double[]): lse[i] = log sum exp x[i], and loss[i] =
     * (1 - s)(lse - x[t]) + s(lse - mean x[i]) (0 for ignored rows).
     */
    public static void crossEntropyForward(Object x, int n, int c, long[] targets, int ignoreIndex, double smoothing,
            double[] lse, double[] loss) {
        Parallel.forRange(n, Math.max(1, 4096 / Math.max(1, c)), (from, to) -> {
            for (int i = from; i < to; i++) {
                lse[i] = ReduceKernels.logSumExp(x, i * c, 1, c);
                if (targets[i] == ignoreIndex) {
                    loss[i] = 0;
                    continue;
                }
                double picked = lse[i] - Elements.getDouble(x, i * c + (int) targets[i]);
                double mean = smoothing == 0 ? 0 : lse[i] - ReduceKernels.sum(x, i * c, 1, c) / c;
                loss[i] = (1 - smoothing) * picked + smoothing * mean;
            }
        });
    }

    /**
     * d loss / d x = g[i]·(softmax(x[i]) - (1 - s)·onehot(t[i]) - s/c), rows ignored; returns it
     * (n x c) as an array of x's type.
     */
    public static Object crossEntropyBackward(Object x, int n, int c, long[] targets, int ignoreIndex,
            double smoothing, double[] lse, double[] g) {
        Object grad = x instanceof float[] ? new float[n * c] : new double[n * c];
        Parallel.forRange(n, Math.max(1, 4096 / Math.max(1, c)), (from, to) -> {
            for (int i = from; i < to; i++) {
                if (targets[i] == ignoreIndex) {
                    continue;
                }
                int t = i * c + (int) targets[i];
                if (grad instanceof float[] gf && VectorSupport.AVAILABLE) {
                    VectorPointwise.scaledExpShifted((float[]) x, i * c, gf, i * c, c, (float) lse[i], (float) g[i],
                            (float) (g[i] * smoothing / c));
                    gf[t] -= (float) (g[i] * (1 - smoothing));
                    continue;
                }
                for (int j = i * c; j < (i + 1) * c; j++) {
                    Elements.setDouble(grad, j, g[i] * (Math.exp(Elements.getDouble(x, j) - lse[i]) - smoothing / c));
                }
                Elements.setDouble(grad, t, Elements.getDouble(grad, t) - g[i] * (1 - smoothing));
            }
        });
        return grad;
    }

    /**
     * y = (x - mean) / sqrt(var + eps) · w + b per row of d elements (w, b may be null); keeps
     * each row's mean and 1/std for the backward pass.
     */
    public static void layerNormForward(float[] x, int xo, int rows, int d, float[] w, float[] b, float eps,
            float[] y, float[] mean, float[] rstd) {
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, d)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = xo + r * d;
                float mu = (float) (ReduceKernels.sum(x, o, 1, d) / d);
                float inv = (float) (1 / Math.sqrt(squaredDeviationSum(x, o, d, mu) / d + eps));
                mean[r] = mu;
                rstd[r] = inv;
                int yo = r * d;
                int done = VectorSupport.AVAILABLE ? VectorPointwise.normalizeRow(x, o, d, mu, inv, w, b, y, yo) : 0;
                for (int j = done; j < d; j++) {
                    float n = (x[o + j] - mu) * inv;
                    y[yo + j] = (w == null ? n : n * w[j]) + (b == null ? 0 : b[j]);
                }
            }
        });
    }

    private static double squaredDeviationSum(float[] x, int o, int d, float mu) {
        if (VectorSupport.AVAILABLE) {
            return VectorPointwise.squaredDeviationSum(x, o, d, mu);
        }
        double v = 0;
        for (int j = 0; j < d; j++) {
            float c = x[o + j] - mu;
            v += c * c;
        }
        return v;
    }

    /**
     * The gradients of layer normalisation: dx = rstd·(gw - mean(gw) - x̂·mean(gw·x̂)) with
     * gw = g·w and x̂ the normalised input; dw = Σ g·x̂ and db = Σ g over rows (either may be null).
     */
    public static void layerNormBackward(float[] g, int go, float[] x, int xo, int rows, int d, float[] w,
            float[] mean, float[] rstd, float[] dx, float[] dw, float[] db) {
        int chunks = Math.max(1, Math.min(Parallel.threads(), rows));
        float[][] dwPart = new float[chunks][];
        float[][] dbPart = new float[chunks][];
        Parallel.forRange(chunks, 1, (from, to) -> {
            for (int chunk = from; chunk < to; chunk++) {
                float[] dwc = dw == null ? null : new float[d];
                float[] dbc = db == null ? null : new float[d];
                double[] sums = new double[2];
                for (int r = (int) ((long) rows * chunk / chunks); r < (long) rows * (chunk + 1) / chunks; r++) {
                    int xr = xo + r * d;
                    int gr = go + r * d;
                    float mu = mean[r];
                    float rs = rstd[r];
                    sums[0] = 0;
                    sums[1] = 0;
                    // Whole vectors on the Vector API, the rest (or all of it without) here.
                    int done = VectorSupport.AVAILABLE
                            ? VectorPointwise.layerNormBackwardSums(g, gr, x, xr, d, w, mu, rs, dwc, dbc, sums) : 0;
                    for (int j = done; j < d; j++) {
                        float xhat = (x[xr + j] - mu) * rs;
                        float gw = w == null ? g[gr + j] : g[gr + j] * w[j];
                        sums[0] += gw;
                        sums[1] += gw * xhat;
                        if (dwc != null) {
                            dwc[j] += g[gr + j] * xhat;
                        }
                        if (dbc != null) {
                            dbc[j] += g[gr + j];
                        }
                    }
                    float meanG = (float) (sums[0] / d);
                    float meanGx = (float) (sums[1] / d);
                    done = VectorSupport.AVAILABLE
                            ? VectorPointwise.layerNormBackwardDx(g, gr, x, xr, d, w, mu, rs, meanG, meanGx, dx, r * d) : 0;
                    for (int j = done; j < d; j++) {
                        float xhat = (x[xr + j] - mu) * rs;
                        float gw = w == null ? g[gr + j] : g[gr + j] * w[j];
                        dx[r * d + j] = rs * (gw - meanG - xhat * meanGx);
                    }
                }
                dwPart[chunk] = dwc;
                dbPart[chunk] = dbc;
            }
        });
        for (int chunk = 0; chunk < chunks; chunk++) {
            for (int j = 0; j < d; j++) {
                if (dw != null) {
                    dw[j] += dwPart[chunk][j];
                }
                if (db != null) {
                    db[j] += dbPart[chunk][j];
                }
            }
        }
    }

    /**
     * One LSTM step: gates (batch x 4h, order i, f, g, o) and c (batch x h) give
     * c' = f·c + i·g and h' = o·tanh(c'); the activated gates are kept in {@code act} from
     * {@code ao}, h' written from {@code ho} and c' from {@code cno}.
     */
    public static void lstmCellForward(float[] gates, int go, float[] c, int co, int batch, int h, float[] act, int ao,
            float[] hOut, int ho, float[] cOut, int cno) {
        Parallel.forRange(batch, Math.max(1, 4096 / Math.max(1, h)), (from, to) -> {
            for (int b = from; b < to; b++) {
                int gr = go + b * 4 * h;
                int ar = ao + b * 4 * h;
                int done = VectorSupport.AVAILABLE
                        ? VectorPointwise.lstmForwardRow(gates, gr, c, co + b * h, h, act, ar, hOut, ho + b * h, cOut,
                                cno + b * h) : 0;
                for (int j = done; j < h; j++) {
                    float i = sigmoid(gates[gr + j]);
                    float f = sigmoid(gates[gr + h + j]);
                    float g = (float) Math.tanh(gates[gr + 2 * h + j]);
                    float o = sigmoid(gates[gr + 3 * h + j]);
                    act[ar + j] = i;
                    act[ar + h + j] = f;
                    act[ar + 2 * h + j] = g;
                    act[ar + 3 * h + j] = o;
                    float cn = f * c[co + b * h + j] + i * g;
                    cOut[cno + b * h + j] = cn;
                    hOut[ho + b * h + j] = o * (float) Math.tanh(cn);
                }
            }
        });
    }

    /**
     * The gradients of {@link #lstmCellForward} with respect to the gates (written to dGates from
     * {@code ao}, laid out like act) and the previous cell state (dc, from 0); c' is read from
     * {@code cOut[oo..]}.
     */
    public static void lstmCellBackward(float[] act, int ao, float[] c, int co, float[] cOut, int oo, float[] gh, int gho,
            float[] gc, int gco, int batch, int h, float[] dGates, int dgo, float[] dc) {
        Parallel.forRange(batch, Math.max(1, 4096 / Math.max(1, h)), (from, to) -> {
            for (int b = from; b < to; b++) {
                int ar = ao + b * 4 * h;
                int dr = dgo + b * 4 * h;
                int done = VectorSupport.AVAILABLE ? VectorPointwise.lstmBackwardRow(act, ar, c, co + b * h, cOut,
                        oo + b * h, gh, gho + b * h, gc, gco + b * h, h, dGates, dr, dc, b * h) : 0;
                for (int j = done; j < h; j++) {
                    float i = act[ar + j];
                    float f = act[ar + h + j];
                    float g = act[ar + 2 * h + j];
                    float o = act[ar + 3 * h + j];
                    float tc = (float) Math.tanh(cOut[oo + b * h + j]);
                    float dh = gh[gho + b * h + j];
                    float dcTotal = gc[gco + b * h + j] + dh * o * (1 - tc * tc);
                    dGates[dr + j] = dcTotal * g * i * (1 - i);
                    dGates[dr + h + j] = dcTotal * c[co + b * h + j] * f * (1 - f);
                    dGates[dr + 2 * h + j] = dcTotal * i * (1 - g * g);
                    dGates[dr + 3 * h + j] = dh * tc * o * (1 - o);
                    dc[b * h + j] = dcTotal * f;
                }
            }
        });
    }

    private static float sigmoid(float x) {
        return (float) UnaryOp.sigmoid(x);
    }

    /**
     * One Adam step over n contiguous floats, in PyTorch's order of operations (weight decay, if
     * any, is already in g or applied to p): m += (1 - β1)(g - m), v = β2·v + (1 - β2)·g², and
     * p -= lr / (1 - β1^t) · m / (sqrt(v) / sqrt(1 - β2^t) + eps).
     */
    public static void adamStep(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n,
            double lr, double beta1, double beta2, double eps, long step) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float e = (float) eps;
        Parallel.forRange(n, 1 << 14, (from, to) -> {
            int start = from + (VectorSupport.AVAILABLE
                    ? VectorPointwise.adamRange(p, po + from, g, go + from, m, mo + from, v, vo + from, to - from,
                            b1, b2, stepSize, bc2Sqrt, e)
                    : 0);
            for (int i = start; i < to; i++) {
                float gi = g[go + i];
                float mi = m[mo + i] + (1 - b1) * (gi - m[mo + i]);
                float vi = b2 * v[vo + i] + (1 - b2) * gi * gi;
                m[mo + i] = mi;
                v[vo + i] = vi;
                p[po + i] -= stepSize * (mi / ((float) Math.sqrt(vi) / bc2Sqrt + e));
            }
        });
    }
}
