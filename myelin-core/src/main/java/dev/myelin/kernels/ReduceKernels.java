package dev.myelin.kernels;

/**
 * Reductions of one strided lane of {@code n} elements to a single value: the kernels behind
 * sum, prod, max/min, argmax/argmin, variance, logsumexp and norms. Floating-point lanes are
 * accumulated in double.
 */
public final class ReduceKernels {
    private ReduceKernels() {}

    /** The sum of a lane. */
    public static double sum(Object x, int off, int stride, int n) {
        double s = 0;
        switch (x) {
            case float[] a when stride == 1 && VectorSupport.AVAILABLE -> s = VectorPointwise.sum(a, off, n);
            case float[] a -> {
                for (int i = 0; i < n; i++) {
                    s += a[off + i * stride];
                }
            }
            case double[] a -> {
                for (int i = 0; i < n; i++) {
                    s += a[off + i * stride];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    s += Elements.getDouble(x, off + i * stride);
                }
            }
        }
        return s;
    }

    /**
     * out[j] = sum over r of x[xo + r·cols + j] for j in [0, cols): the sum over the leading
     * dimension of a contiguous (rows x cols) block, each column's rows added in order.
     */
    public static void sumColumns(float[] x, int xo, int rows, int cols, float[] out) {
        int grain = Math.max(64, (1 << 15) / Math.max(1, rows));
        Parallel.forRange(cols, grain, (from, to) -> {
            int done = VectorSupport.AVAILABLE ? VectorPointwise.sumColumns(x, xo, rows, cols, from, to, out) : from;
            for (int j = done; j < to; j++) {
                float s = 0;
                for (int r = 0; r < rows; r++) {
                    s += x[xo + r * cols + j];
                }
                out[j] = s;
            }
        });
    }

    /** The sum of an integer lane, exact. */
    public static long sumLong(Object x, int off, int stride, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += Elements.getLong(x, off + i * stride);
        }
        return s;
    }

    /** The product of a lane. */
    public static double prod(Object x, int off, int stride, int n) {
        double p = 1;
        for (int i = 0; i < n; i++) {
            p *= Elements.getDouble(x, off + i * stride);
        }
        return p;
    }

    /** The product of an integer lane (wrapping on overflow, as in PyTorch). */
    public static long prodLong(Object x, int off, int stride, int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= Elements.getLong(x, off + i * stride);
        }
        return p;
    }

    /**
     * The position of the largest (or smallest) element; the first such position on ties, and the
     * first NaN if there is one, as in PyTorch.
     */
    public static int argExtreme(Object x, int off, int stride, int n, boolean largest) {
        int best = 0;
        double bestValue = Elements.getDouble(x, off);
        if (Double.isNaN(bestValue)) {
            return 0;
        }
        for (int i = 1; i < n; i++) {
            double v = Elements.getDouble(x, off + i * stride);
            if (Double.isNaN(v)) {
                return i;
            }
            if (largest ? v > bestValue : v < bestValue) {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }

    /** The sum of (x - mean)² over a lane. */
    public static double sumSquaredDeviations(Object x, int off, int stride, int n, double mean) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = Elements.getDouble(x, off + i * stride) - mean;
            s += d * d;
        }
        return s;
    }

    /** log(sum(exp(x))) over a lane, shifted by its maximum so that nothing overflows. */
    public static double logSumExp(Object x, int off, int stride, int n) {
        if (x instanceof float[] a && stride == 1 && VectorSupport.AVAILABLE) {
            return VectorPointwise.logSumExp(a, off, n);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Elements.getDouble(x, off + i * stride));
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(Elements.getDouble(x, off + i * stride) - max);
        }
        return max + Math.log(s);
    }

    /** The p-norm of a lane: (sum |x|^p)^(1/p); p = ±infinity gives the max/min of |x|, p = 0 the count of non-zeros. */
    public static double norm(Object x, int off, int stride, int n, double p) {
        if (p == Double.POSITIVE_INFINITY || p == Double.NEGATIVE_INFINITY) {
            double m = p > 0 ? 0 : Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double v = Math.abs(Elements.getDouble(x, off + i * stride));
                m = p > 0 ? Math.max(m, v) : Math.min(m, v);
            }
            return m;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = Math.abs(Elements.getDouble(x, off + i * stride));
            s += p == 0 ? (v != 0 ? 1 : 0) : p == 1 ? v : p == 2 ? v * v : Math.pow(v, p);
        }
        return p == 0 || p == 1 ? s : p == 2 ? Math.sqrt(s) : Math.pow(s, 1 / p);
    }

    /**
     * Writes softmax (or log-softmax) of a lane of x into a lane of y: shifted by the maximum,
     * exponentiated and normalised.
     */
    public static void softmax(Object x, int xo, int xs, Object y, int yo, int ys, int n, boolean log) {
        if (VectorSupport.AVAILABLE && xs == 1 && ys == 1 && x instanceof float[] fx && y instanceof float[] fy) {
            VectorPointwise.softmaxRow(fx, xo, fy, yo, n, log);
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Elements.getDouble(x, xo + i * xs));
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(Elements.getDouble(x, xo + i * xs) - max);
        }
        double logSum = Math.log(sum);
        for (int i = 0; i < n; i++) {
            double shifted = Elements.getDouble(x, xo + i * xs) - max;
            Elements.setDouble(y, yo + i * ys, log ? shifted - logSum : Math.exp(shifted) / sum);
        }
    }
}
