package dev.myelin.tensor;

import dev.myelin.kernels.Elements;

/** Random tensors drawn from a {@link Generator}, filled in row-major order. */
final class Random {
    private Random() {}

    static Tensor uniform(Shape shape, double low, double high, DType dtype, Generator g) {
        requireFloat("rand", dtype);
        double[] u = new double[shape.numel()];
        g.fillUniform(u);
        for (int i = 0; i < u.length; i++) {
            u[i] = low + (high - low) * u[i];
        }
        return fromDoubles(u, shape, dtype);
    }

    static Tensor normal(Shape shape, double mean, double std, DType dtype, Generator g) {
        requireFloat("randn", dtype);
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: std must be non-negative, got " + std);
        }
        double[] z = new double[shape.numel()];
        g.fillNormal(z);
        for (int i = 0; i < z.length; i++) {
            z[i] = mean + std * z[i];
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
        return new Tensor(new Storage(DType.INT64, a), shape, shape.contiguousStrides(), 0);
    }

    static Tensor bernoulli(Tensor p, Generator g) {
        requireFloat("bernoulli", p.dtype());
        double[] probs = p.toDoubleArray();
        double[] u = new double[probs.length];
        g.fillUniform(u);
        for (int i = 0; i < probs.length; i++) {
            if (!(probs[i] >= 0 && probs[i] <= 1)) {
                throw new IllegalArgumentException("bernoulli: probabilities must lie in [0, 1], got " + probs[i]
                        + " at flat index " + i);
            }
            u[i] = u[i] < probs[i] ? 1 : 0;
        }
        return fromDoubles(u, p.shape(), p.dtype());
    }

    private static Tensor fromDoubles(double[] values, Shape shape, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return new Tensor(new Storage(dtype, values), shape, shape.contiguousStrides(), 0);
        }
        Tensor t = Tensor.empty(shape, dtype);
        Elements.copyRow(values, 0, 1, t.array(), 0, 1, values.length);
        return t;
    }

    private static void requireFloat(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point dtype, got " + dtype);
        }
    }
}
