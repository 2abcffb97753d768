package dev.myelin.onnx;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.UnaryOperator;

/** Helpers shared by the operator families: kernel shapes, axes, and host-side integer loops. */
final class OpSupport {
    private OpSupport() {}

    /** Where an operator family puts its factories. */
    @FunctionalInterface
    interface Registry {
        void add(String opType, Kernel.Factory factory);
    }

    /** A registry over a map that refuses a second definition of an operator. */
    static Registry into(Map<String, Kernel.Factory> map) {
        return (op, f) -> {
            if (map.put(op, f) != null) {
                throw new IllegalStateException("operator " + op + " is defined twice");
            }
        };
    }

    static Object[] one(Object value) {
        return new Object[] {value};
    }

    static Tensor t(Object value) {
        return Values.tensor(value);
    }

    /** An operator of one tensor without attributes. */
    static Kernel.Factory unary(UnaryOperator<Tensor> f) {
        return node -> in -> one(f.apply(t(in[0])));
    }

    /** An operator of two broadcast tensors without attributes. */
    static Kernel.Factory binary(BinaryOperator<Tensor> f) {
        return node -> in -> one(f.apply(t(in[0]), t(in[1])));
    }

    /** {@code axis} (negative counts from the end) checked against {@code rank}. */
    static int axis(Node node, long axis, int rank) {
        if (axis < -rank || axis >= Math.max(rank, 1)) {
            throw node.fail("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Axes normalised against {@code rank}, each checked. */
    static int[] axes(Node node, long[] axes, int rank) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(node, axes[i], rank);
        }
        return out;
    }

    /** A 1-D int64 tensor of the given values. */
    static Tensor longs(long... values) {
        return Tensor.fromArray(values, values.length);
    }

    /** A 1-D int64 tensor of the given values. */
    static Tensor longs(int[] values) {
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return longs(v);
    }

    /** a and b broadcast together, materialised (contiguous). */
    static Tensor[] broadcast(String op, Tensor a, Tensor b) {
        Shape s = Shape.broadcast(op, a.shape(), b.shape());
        int[] dims = s.toArray();
        return new Tensor[] {a.expand(dims).contiguous(), b.expand(dims).contiguous()};
    }

    /**
     * An integer operation applied elementwise on the host to a and b broadcast together; the
     * result has the promoted dtype of a and b. No gradient (integers have none).
     */
    static Tensor integerBinary(String op, Tensor a, Tensor b, LongBinaryOperator f) {
        Tensor[] ab = broadcast(op, a, b);
        long[] x = ab[0].toLongArray();
        long[] y = ab[1].toLongArray();
        long[] z = new long[x.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = f.applyAsLong(x[i], y[i]);
        }
        return Tensor.fromArray(z, ab[0].shape().toArray()).to(DType.promote(a.dtype(), b.dtype()));
    }

    /** The sizes of a shape input, checked: non-negative (or the allowed specials) and fitting an array. */
    static int[] checkedSizes(Node node, long[] sizes) {
        int[] out = new int[sizes.length];
        long n = 1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0 || sizes[i] > TensorCodec.MAX_ELEMENTS) {
                throw node.fail("invalid size " + sizes[i] + " in shape " + java.util.Arrays.toString(sizes));
            }
            out[i] = (int) sizes[i];
            n *= sizes[i];
            if (n > TensorCodec.MAX_ELEMENTS) {
                throw node.fail("shape " + java.util.Arrays.toString(sizes) + " has too many elements for a tensor");
            }
        }
        return out;
    }

    /** The indices 0..n-1 reversed along {@code dim}: x flipped. Differentiable. */
    static Tensor flip(Tensor x, int dim) {
        int n = x.size(dim);
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = n - 1 - i;
        }
        return x.indexSelect(dim, longs(idx));
    }

    /** Shapes that differ only at {@code dim}: the product of the sizes before and after it. */
    static int prod(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }
}
