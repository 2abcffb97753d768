package dev.myelin.tensor;

import java.util.Arrays;

/** Tensors made from values: fills, ranges, identity matrices and Java arrays. */
final class Creation {
    private Creation() {}

    static Tensor full(Shape shape, double value, DType dtype) {
        Tensor t = Tensor.empty(shape, dtype);
        if (value != 0) {
            switch (t.array()) {
                case float[] a -> Arrays.fill(a, (float) value);
                case double[] a -> Arrays.fill(a, value);
                case int[] a -> Arrays.fill(a, (int) value);
                case long[] a -> Arrays.fill(a, (long) value);
                case boolean[] a -> Arrays.fill(a, true);
                default -> throw new IllegalStateException();
            }
        }
        return t;
    }

    static Tensor arange(long start, long end, long step) {
        int n = rangeLength("arange", start, end, step);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = start + i * step;
        }
        return new Tensor(new Storage(DType.INT64, values), Shape.of(n), new int[] {1}, 0);
    }

    static Tensor arange(double start, double end, double step) {
        int n = rangeLength("arange", start, end, step);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (start + i * step);
        }
        return new Tensor(new Storage(DType.FLOAT32, values), Shape.of(n), new int[] {1}, 0);
    }

    private static int rangeLength(String op, double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException(op + ": step must be non-zero, got " + step);
        }
        if ((end - start) / step < 0) {
            throw new IllegalArgumentException(op + ": the range from " + start + " to " + end
                    + " never ends with step " + step);
        }
        double n = Math.ceil((end - start) / step);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": " + n + " elements do not fit a Java array");
        }
        return (int) n;
    }

    static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
        }
        float[] values = new float[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Fill from both ends, as PyTorch does, so that the last value is exactly `end`.
        int half = steps / 2;
        for (int i = 0; i < steps; i++) {
            values[i] = (float) (i < half ? start + i * step : end - (steps - 1 - i) * step);
        }
        return new Tensor(new Storage(DType.FLOAT32, values), Shape.of(steps), new int[] {1}, 0);
    }

    static Tensor eye(int n, int m) {
        Tensor t = Tensor.empty(Shape.of(n, m), DType.FLOAT32);
        float[] a = t.storage().floats();
        for (int i = 0; i < Math.min(n, m); i++) {
            a[i * m + i] = 1;
        }
        return t;
    }

    static Tensor fromArray(DType dtype, Object data, int length, int[] shape) {
        Shape s = Shape.of(shape);
        if (s.numel() != length) {
            throw new IllegalArgumentException("fromArray: " + length + " values do not fill shape " + s
                    + " (" + s.numel() + " elements)");
        }
        return new Tensor(new Storage(dtype, data), s, s.contiguousStrides(), 0);
    }

    static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length
                        + " values but row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return fromArray(DType.FLOAT32, data, data.length, new int[] {rows.length, cols});
    }
}
