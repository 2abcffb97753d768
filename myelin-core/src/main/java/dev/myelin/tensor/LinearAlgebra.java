package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.kernels.Gemm;
import dev.myelin.kernels.Parallel;

/**
 * Matrix products. {@link #matmul} follows PyTorch's rules by reshaping and broadcasting its
 * operands into one primitive, the (batched) matrix product {@link #mm}, whose gradient is two
 * more matrix products over transposed views: dA = dC·Bᵀ, dB = Aᵀ·dC.
 */
final class LinearAlgebra {
    private LinearAlgebra() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least 1 dimension, got shapes "
                    + a.shape() + " and " + b.shape());
        }
        if (a.dim() == 1 && b.dim() == 1) {
            checkInner(a.shape(), b.shape(), a.size(0), b.size(0));
            return mm(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (a.dim() == 1) {
            return matmul(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.dim() == 1) {
            return matmul(a, b.unsqueeze(1)).squeeze(-1);
        }
        checkInner(a.shape(), b.shape(), a.size(-1), b.size(-2));
        if (a.dim() == 2 && b.dim() == 2) {
            return mm(a, b);
        }
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        if (b.dim() == 2) {
            // (..., m, k) · (k, n): fold the batch into the rows.
            int[] outShape = a.shape().with(-1, n).toArray();
            return mm(a.reshape(-1, k), b).reshape(outShape);
        }
        Shape batchA = Shape.of(java.util.Arrays.copyOf(a.shape().toArray(), a.dim() - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(b.shape().toArray(), b.dim() - 2));
        Shape batch = Shape.broadcast("matmul", batchA, batchB);
        int batches = batch.numel();
        Tensor a3 = a.expand(batch.insert(batch.rank(), m).insert(batch.rank() + 1, k).toArray()).reshape(batches, m, k);
        Tensor b3 = b.expand(batch.insert(batch.rank(), k).insert(batch.rank() + 1, n).toArray()).reshape(batches, k, n);
        return mm(a3, b3).reshape(batch.insert(batch.rank(), m).insert(batch.rank() + 1, n).toArray());
    }

    private static void checkInner(Shape a, Shape b, int ka, int kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: shapes " + a + " and " + b + " do not align: " + ka + " != " + kb);
        }
    }

    /** The matrix product of two 2-D tensors, or the batched product of two 3-D tensors with equal batch sizes. */
    static Tensor mm(Tensor a, Tensor b) {
        boolean batched = a.dim() == 3;
        String op = batched ? "bmm" : "mm";
        if (a.dtype() != b.dtype() || !a.dtype().isFloatingPoint()) {
            DType common = TypePromotion.resultType(a, b).toFloatingPoint();
            return mm(a.to(common), b.to(common));
        }
        int batches = batched ? a.size(0) : 1;
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        Tensor out = Tensor.uninitialized(batched ? Shape.of(batches, m, n) : Shape.of(m, n), a.dtype());
        int[] as = a.stridesRef();
        int[] bs = b.stridesRef();
        int r = as.length - 2;
        int aBatch = batched ? as[0] : 0;
        int bBatch = batched ? bs[0] : 0;
        Object aa = a.array();
        Object ba = b.array();
        Object ca = out.array();
        Parallel.forRange(batches, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int ao = a.storageOffset() + i * aBatch;
                int bo = b.storageOffset() + i * bBatch;
                int co = i * m * n;
                if (ca instanceof float[] c) {
                    Gemm.gemm(m, n, k, (float[]) aa, ao, as[r], as[r + 1], (float[]) ba, bo, bs[r], bs[r + 1], c, co, n, false);
                } else {
                    Gemm.gemm(m, n, k, (double[]) aa, ao, as[r], as[r + 1], (double[]) ba, bo, bs[r], bs[r + 1],
                            (double[]) ca, co, n, false);
                }
            }
        });
        return Autograd.record(op, out, (g, needs) -> new Tensor[] {
                needs[0] ? mm(g, b.mT()) : null,
                needs[1] ? mm(a.mT(), g) : null}, a, b);
    }

    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        checkLinear(x, weight, bias);
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /** Checks the operands of a dense layer: weight (out, in), x (..., in), bias (out) or null. */
    static void checkLinear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: the weight must be 2-D (out_features, in_features), got shape "
                    + weight.shape());
        }
        if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: the input has " + (x.dim() == 0 ? 0 : x.size(-1))
                    + " features (shape " + x.shape() + ") but the weight expects " + weight.size(1)
                    + " (shape " + weight.shape() + ")");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0))) {
            throw new IllegalArgumentException("linear: the bias must have shape (" + weight.size(0) + "), got "
                    + bias.shape());
        }
    }
}
