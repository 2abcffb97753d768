package dev.myelin.tensor;

import dev.myelin.kernels.Elements;

/** Random tensors drawn from a {@link Generator}, filled in row-major order. */
final class Random {
    private Random() {}

    /** {@code torch.empty(shape).uniform_(low, high)}. */
    static Tensor uniform(Shape shape, double low, double high, DType dtype, Generator g) {
        requireFloat("rand", dtype);
        if (dtype == DType.FLOAT32) {
            float[] u = new float[shape.numel()];
            g.fillUniform(u, (float) low, (float) high);
            return wrap(dtype, u, shape);
        }
        double[] u = new double[shape.numel()];
        g.fillUniform(u, low, high);
        return wrap(dtype, u, shape);
    }

    /**
     * {@code torch.empty(shape).normal_(mean, std)}: in blocks of 16 for 16 elements or more, one
     * at a time below that (see {@link Generator}).
     */
    static Tensor normal(Shape shape, double mean, double std, DType dtype, Generator g) {
        requireFloat("randn", dtype);
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: std must be non-negative, got " + std);
        }
        double[] z = new double[shape.numel()];
        if (z.length < 16) {
            for (int i = 0; i < z.length; i++) {
                z[i] = g.nextNormal(mean, std);
            }
        } else {
            g.fillNormal(z, mean, std, dtype == DType.FLOAT32);
        }
        return fromDoubles(z, shape, dtype);
    }

    static Tensor randint(long low, long high, Shape shape, Generator g) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: expected low < high, got [" + low + ", " + high + ")");
        }
        long[] a = new long[shape.numel()];
        g.fillBelow(a, high - low);
        for (int i = 0; i < a.length; i++) {
            a[i] += low;
        }
        return wrap(DType.INT64, a, shape);
    }

    static Tensor randperm(int n, Generator g) {
        int[] p = g.permutation(n);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = p[i];
        }
        return wrap(DType.INT64, a, Shape.of(n));
    }

    /**
     * {@code torch.bernoulli(p)}: 1 where a uniform number of p's dtype (24 random bits for
     * float32, 53 for float64) falls below p.
     */
    static Tensor bernoulli(Tensor p, Generator g) {
        requireFloat("bernoulli", p.dtype());
        double[] probs = p.toDoubleArray();
        double[] u = uniform(p.shape(), 0, 1, p.dtype(), g).toDoubleArray();
        for (int i = 0; i < probs.length; i++) {
            if (!(probs[i] >= 0 && probs[i] <= 1)) {
                throw new IllegalArgumentException("bernoulli: probabilities must lie in [0, 1], got " + probs[i]
                        + " at flat index " + i);
            }
            u[i] = u[i] < probs[i] ? 1 : 0;
        }
        return fromDoubles(u, p.shape(), p.dtype());
    }

    /**
     * {@code torch.empty(shape).bernoulli_(p)} (the mask of PyTorch's dropout): 1 where a
     * float64 uniform number falls below p, whatever the dtype.
     */
    static Tensor bernoulli(Shape shape, double p, DType dtype, Generator g) {
        requireFloat("bernoulli", dtype);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: probability must lie in [0, 1], got " + p);
        }
        double[] u = new double[shape.numel()];
        g.fillUniform(u, 0, 1);
        for (int i = 0; i < u.length; i++) {
            u[i] = u[i] < p ? 1 : 0;
        }
        return fromDoubles(u, shape, dtype);
    }

    private static Tensor fromDoubles(double[] values, Shape shape, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return wrap(dtype, values, shape);
        }
        Tensor t = Tensor.empty(shape, dtype);
        Elements.copyRow(values, 0, 1, t.array(), 0, 1, values.length);
        return t;
    }

    /** A contiguous tensor over {@code array} (not copied). */
    private static Tensor wrap(DType dtype, Object array, Shape shape) {
        return new Tensor(new Storage(dtype, array), shape, shape.contiguousStrides(), 0);
    }

    private static void requireFloat(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point dtype, got " + dtype);
        }
    }
}
