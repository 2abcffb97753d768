package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.kernels.Elements;
import dev.myelin.kernels.StridedLoop;

/** Copies and conversions between dtypes and layouts, and reading values out. */
final class Conversion {
    private Conversion() {}

    /** Writes {@code src}, broadcast to dst's shape and converted to dst's dtype, into {@code dst}. */
    static void copyInto(Tensor dst, Tensor src) {
        StridedLoop loop = Loops.over(dst.shape(), dst, src);
        int ds = loop.innerStride(0);
        int ss = loop.innerStride(1);
        Object d = dst.array();
        Object s = src.array();
        loop.forEachRow((off, n) -> Elements.copyRow(s, off[1], ss, d, off[0], ds, n));
    }

    static Tensor to(Tensor t, DType dtype) {
        if (t.dtype() == dtype) {
            return t;
        }
        Tensor out = Tensor.uninitialized(t.shape(), dtype);
        copyInto(out, t);
        DType from = t.dtype();
        return Autograd.recordShapeOnly("to", out, (g, needs) -> new Tensor[] {g.to(from)}, t);
    }

    static Tensor copy(String op, Tensor t) {
        Tensor out = Tensor.uninitialized(t.shape(), t.dtype());
        copyInto(out, t);
        return Autograd.recordShapeOnly(op, out, (g, needs) -> new Tensor[] {g}, t);
    }

    /** A fresh row-major array of the elements, converted to {@code dtype}. */
    static Object toArray(Tensor t, DType dtype) {
        Tensor out = Tensor.empty(t.shape(), dtype);
        copyInto(out, t);
        return out.array();
    }

    static double item(Tensor t) {
        requireOneElement(t);
        return Elements.getDouble(t.array(), t.storageOffset());
    }

    static long itemLong(Tensor t) {
        requireOneElement(t);
        return Elements.getLong(t.array(), t.storageOffset());
    }

    private static void requireOneElement(Tensor t) {
        if (t.numel() != 1) {
            throw new IllegalArgumentException("item: only a one-element tensor has a single value, got shape "
                    + t.shape());
        }
    }

    static double get(Tensor t, int[] index) {
        if (index.length != t.dim()) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + t.dim()
                    + " (shape " + t.shape() + ")");
        }
        int at = t.storageOffset();
        for (int d = 0; d < index.length; d++) {
            int size = t.size(d);
            int i = index[d] < 0 ? index[d] + size : index[d];
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("get: index " + index[d] + " is out of range for dimension " + d
                        + " of size " + size + " (shape " + t.shape() + ")");
            }
            at += i * t.stridesRef()[d];
        }
        return Elements.getDouble(t.array(), at);
    }

    static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        if (!a.shape().equals(b.shape())) {
            return false;
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i])) && !(x[i] == y[i])) {
                return false;
            }
        }
        return true;
    }
}
