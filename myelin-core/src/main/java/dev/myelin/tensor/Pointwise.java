package dev.myelin.tensor;

import dev.myelin.kernels.BinaryOp;
import dev.myelin.kernels.PointwiseKernels;
import dev.myelin.kernels.StridedLoop;
import dev.myelin.kernels.UnaryOp;

/**
 * The forward computation of elementwise ops: dtype promotion, broadcasting, the output, and
 * the row kernels. No autograd here; {@link MathOps} records the gradient rules.
 *
 * <p>Integer and bool operands are computed in int64 (the kernels' integer family) and
 * converted back to the result's dtype.
 */
final class Pointwise {
    private Pointwise() {}

    /** The op's result for {@code x}, in x's dtype (float32 for integer x, unless the op keeps integers). */
    static Tensor unary(UnaryOp op, double p, double q, Tensor x) {
        DType dtype = x.dtype();
        if (!dtype.isFloatingPoint()) {
            if (!op.keepsIntegers()) {
                return unary(op, p, q, Conversion.to(x.detach(), DType.FLOAT32));
            }
            if (dtype == DType.BOOL && op != UnaryOp.ABS && op != UnaryOp.RELU) {
                throw new IllegalArgumentException(name(op) + ": not defined for bool tensors (shape " + x.shape()
                        + "); convert with to(DType.INT64) first");
            }
            if (dtype != DType.INT64) {
                return Conversion.to(unary(op, p, q, Conversion.to(x.detach(), DType.INT64)), dtype);
            }
        }
        Tensor out = Tensor.uninitialized(x.shape(), dtype);
        StridedLoop loop = Loops.over(x.shape(), out, x);
        int ys = loop.innerStride(0);
        int xs = loop.innerStride(1);
        switch (x.array()) {
            case float[] a -> {
                float[] y = out.storage().floats();
                loop.forEachRow((off, n) -> PointwiseKernels.unary(op, p, q, a, off[1], xs, y, off[0], ys, n));
            }
            case double[] a -> {
                double[] y = out.storage().doubles();
                loop.forEachRow((off, n) -> PointwiseKernels.unary(op, p, q, a, off[1], xs, y, off[0], ys, n));
            }
            case long[] a -> {
                long[] y = out.storage().longs();
                loop.forEachRow((off, n) -> PointwiseKernels.unary(op, a, off[1], xs, y, off[0], ys, n));
            }
            default -> throw new IllegalStateException();
        }
        return out;
    }

    /** The dtype an arithmetic op computes in: the promoted type, floating for true division. */
    static DType arithmeticType(BinaryOp op, Tensor a, Tensor b) {
        DType t = TypePromotion.resultType(a, b);
        if (op == BinaryOp.DIV) {
            return t.toFloatingPoint();
        }
        if (t == DType.BOOL && op == BinaryOp.SUB) {
            throw new IllegalArgumentException("sub: subtracting bool tensors is not defined (shapes " + a.shape()
                    + " and " + b.shape() + "); use logicalXor or convert to an integer dtype");
        }
        return t;
    }

    /** a op b for an arithmetic op, broadcast, in {@code dtype}. */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b, DType dtype) {
        Shape shape = Shape.broadcast(name(op), a.shape(), b.shape());
        DType compute = dtype.isFloatingPoint() ? dtype : DType.INT64;
        Tensor ca = Conversion.to(a.detach(), compute);
        Tensor cb = Conversion.to(b.detach(), compute);
        Tensor out = Tensor.uninitialized(shape, compute);
        run(op, out, ca, cb);
        return compute == dtype ? out : Conversion.to(out, dtype);
    }

    /** out = a op b, with a and b already of out's dtype and broadcastable to its shape; out may alias a. */
    static void run(BinaryOp op, Tensor out, Tensor a, Tensor b) {
        StridedLoop loop = Loops.over(out.shape(), out, a, b);
        int ys = loop.innerStride(0);
        int as = loop.innerStride(1);
        int bs = loop.innerStride(2);
        switch (out.array()) {
            case float[] y -> {
                float[] fa = a.storage().floats();
                float[] fb = b.storage().floats();
                loop.forEachRow((off, n) -> PointwiseKernels.binary(op, fa, off[1], as, fb, off[2], bs, y, off[0], ys, n));
            }
            case double[] y -> {
                double[] da = a.storage().doubles();
                double[] db = b.storage().doubles();
                loop.forEachRow((off, n) -> PointwiseKernels.binary(op, da, off[1], as, db, off[2], bs, y, off[0], ys, n));
            }
            case long[] y -> {
                long[] la = a.storage().longs();
                long[] lb = b.storage().longs();
                loop.forEachRow((off, n) -> PointwiseKernels.binary(op, la, off[1], as, lb, off[2], bs, y, off[0], ys, n));
            }
            default -> throw new IllegalArgumentException(name(op) + ": unsupported dtype " + out.dtype());
        }
    }

    /** a op b for a comparison or logical op, broadcast, as bool. */
    static Tensor predicate(BinaryOp op, Tensor a, Tensor b) {
        Shape shape = Shape.broadcast(name(op), a.shape(), b.shape());
        DType common = TypePromotion.resultType(a, b);
        DType compute = common.isFloatingPoint() ? common : DType.INT64;
        Tensor ca = Conversion.to(a.detach(), compute);
        Tensor cb = Conversion.to(b.detach(), compute);
        Tensor out = Tensor.empty(shape, DType.BOOL);
        StridedLoop loop = Loops.over(shape, out, ca, cb);
        int ys = loop.innerStride(0);
        int as = loop.innerStride(1);
        int bs = loop.innerStride(2);
        boolean[] y = out.storage().bools();
        Object xa = ca.array();
        Object xb = cb.array();
        loop.forEachRow((off, n) -> PointwiseKernels.predicate(op, xa, off[1], as, xb, off[2], bs, y, off[0], ys, n));
        return out;
    }

    /** condition ? a : b, all broadcast together, in the promoted dtype of a and b. */
    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        if (condition.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: the condition must be bool, got " + condition.dtype()
                    + " of shape " + condition.shape());
        }
        Shape shape = Shape.broadcast("where", Shape.broadcast("where", condition.shape(), a.shape()), b.shape());
        DType dtype = TypePromotion.resultType(a, b);
        Tensor ca = Conversion.to(a.detach(), dtype);
        Tensor cb = Conversion.to(b.detach(), dtype);
        Tensor out = Tensor.empty(shape, dtype);
        StridedLoop loop = Loops.over(shape, out, condition, ca, cb);
        int ys = loop.innerStride(0);
        int cs = loop.innerStride(1);
        int as = loop.innerStride(2);
        int bs = loop.innerStride(3);
        boolean[] c = condition.storage().bools();
        Object xa = ca.array();
        Object xb = cb.array();
        Object y = out.array();
        loop.forEachRow((off, n) -> PointwiseKernels.where(c, off[1], cs, xa, off[2], as, xb, off[3], bs, y, off[0], ys, n));
        return out;
    }

    /** The op's name as users call it, for error messages. */
    static String name(Enum<?> op) {
        String[] words = op.name().toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return sb.toString();
    }
}
