package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.Grad;
import dev.myelin.kernels.FlashAttention;
import java.util.List;

/**
 * Scaled dot-product attention, softmax(Q·Kᵀ·scale + mask)·V over the last two dimensions: the
 * op behind every attention layer.
 *
 * <p>Shapes: q (..., L, E), k (..., S, E), v (..., S, Ev) with the same leading dimensions; the
 * result is (..., L, Ev). The mask, broadcastable to (..., L, S), is either bool (true where a
 * query may attend a key, as in PyTorch 2's {@code F.scaled_dot_product_attention}) or additive
 * (added to the scores, -inf to forbid); {@code causal} also forbids keys after the query. A row
 * with no key to attend gives NaN, as in PyTorch.
 *
 * <p>Float32 inputs run the fused kernel ({@link FlashAttention}), which never holds more than a
 * block of the score matrix; other dtypes, and masks that require grad, run the textbook formula
 * ({@link #reference}), which the kernel is tested against.
 *
 * <pre>{@code
 * Tensor y = Attention.scaledDotProduct(q, k, v, null, true, 1 / Math.sqrt(64));   // causal
 * }</pre>
 */
public final class Attention {
    private Attention() {}

    /** Attention with the given mask (or null), causal flag and scale (usually 1/sqrt(E)). */
    public static Tensor scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale) {
        check(q, k, v, mask);
        boolean fused = q.dtype() == DType.FLOAT32 && k.dtype() == DType.FLOAT32 && v.dtype() == DType.FLOAT32
                && (mask == null || !mask.requiresGrad()) && q.dim() >= 2;
        return fused ? fused(q, k, v, mask, causal, scale) : reference(q, k, v, mask, causal, scale);
    }

    /** The textbook formula: scores, mask, softmax, weighted sum. */
    public static Tensor reference(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale) {
        check(q, k, v, mask);
        Tensor scores = q.matmul(k.mT()).mul(scale);
        if (mask != null) {
            scores = mask.dtype() == DType.BOOL ? scores.maskedFill(mask.logicalNot(), Double.NEGATIVE_INFINITY)
                    : scores.add(mask);
        }
        if (causal) {
            int l = q.size(-2);
            int s = k.size(-2);
            Tensor above = Tensor.arange(s).unsqueeze(0).gt(Tensor.arange(l).unsqueeze(1));
            scores = scores.maskedFill(above, Double.NEGATIVE_INFINITY);
        }
        return scores.softmax(-1).matmul(v);
    }

    /**
     * Whether q, k, v and the mask (or null) have shapes this op takes: q (..., L, E), k (..., S, E)
     * and v (..., S, Ev) with the same rank (at least 2) and leading dimensions, the mask
     * broadcastable to (..., L, S).
     */
    public static boolean accepts(Shape q, Shape k, Shape v, Shape mask) {
        if (q.rank() < 2 || k.rank() != q.rank() || v.rank() != q.rank()) {
            return false;
        }
        Shape lead = q.remove(-1).remove(-1);
        return k.remove(-1).remove(-1).equals(lead) && v.remove(-1).remove(-1).equals(lead)
                && k.size(-1) == q.size(-1) && v.size(-2) == k.size(-2)
                && (mask == null || mask.broadcastsTo(q.with(-1, k.size(-2))));
    }

    private static void check(Tensor q, Tensor k, Tensor v, Tensor mask) {
        if (q.dim() < 2 || k.dim() != q.dim() || v.dim() != q.dim()) {
            throw new IllegalArgumentException("scaledDotProductAttention: q, k and v need the same rank (at least 2),"
                    + " got shapes " + q.shape() + ", " + k.shape() + " and " + v.shape());
        }
        if (!accepts(q.shape(), k.shape(), v.shape(), null)) {
            throw new IllegalArgumentException("scaledDotProductAttention: expected q (..., L, E), k (..., S, E) and"
                    + " v (..., S, Ev) with equal leading dimensions, got " + q.shape() + ", " + k.shape() + " and "
                    + v.shape());
        }
        if (mask != null && !mask.shape().broadcastsTo(q.shape().with(-1, k.size(-2)))) {
            throw new IllegalArgumentException("scaledDotProductAttention: the mask " + mask.shape()
                    + " does not broadcast to the scores' shape " + q.shape().with(-1, k.size(-2)));
        }
    }

    private static Tensor fused(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale) {
        int l = q.size(-2);
        int s = k.size(-2);
        int e = q.size(-1);
        int ev = v.size(-1);
        int heads = q.numel() / Math.max(1, l * e);
        FlashAttention.Rows qRows = rows(q, heads);
        FlashAttention.Rows kRows = rows(k, heads);
        FlashAttention.Rows vRows = rows(v, heads);
        FlashAttention.Dims dims = new FlashAttention.Dims(heads, l, s, e, ev);
        FlashAttention.Mask m = kernelMask(mask, q.shape().with(-1, s), heads, causal);
        Tensor out = output(q, ev);
        FlashAttention.Rows outRows = rows(out, heads);
        float[] lse = new float[heads * l];
        if (out.numel() > 0) {
            FlashAttention.forward(dims, qRows, kRows, vRows, m, (float) scale, outRows, lse);
        }
        return Autograd.record("scaledDotProductAttention", out, (g, needs) -> {
            if (Grad.isEnabled()) {
                return compositeGradients(q, k, v, mask, causal, scale, g, needs);
            }
            // The gradients in their inputs' head layouts, so that the views that split the heads
            // pass them back as views too.
            Tensor dq = output(q, e);
            Tensor dk = output(k, e);
            Tensor dv = output(v, ev);
            FlashAttention.backward(dims, qRows, kRows, vRows, m, (float) scale, outRows, lse, rows(g, heads),
                    rows(dq, heads), rows(dk, heads), rows(dv, heads));
            return new Tensor[] {dq, dk, dv};
        }, q, k, v);
    }

    /**
     * An operand's rows where they are when each row is contiguous (the heads of a (B, T, H·E)
     * projection seen as (B, H, T, E) are read in place); otherwise a contiguous copy's.
     */
    private static FlashAttention.Rows rows(Tensor t, int heads) {
        Tensor view = t.detach();
        int[] strides = view.stridesRef();
        int rank = view.dim();
        if (strides[rank - 1] != 1 || (view.size(-2) > 1 && strides[rank - 2] < view.size(-1))) {
            view = view.contiguous();
            strides = view.stridesRef();
        }
        return new FlashAttention.Rows(view.storage().floats(), headOffsets(view, heads), strides[rank - 2]);
    }

    /**
     * A new tensor of t's shape with last size ev (the output, or a gradient), laid out as t's
     * heads are: when t is the (..., H, L, E) view of an (..., L, H, E) tensor, the result is the
     * same view of a new (..., L, H, Ev) tensor, so that merging the heads back is a view rather
     * than a copy. Its elements are undefined.
     */
    private static Tensor output(Tensor t, int ev) {
        Shape shape = t.shape().with(-1, ev);
        int rank = t.dim();
        int[] strides = t.stridesRef();
        if (rank < 3 || t.size(-3) == 1 || strides[rank - 3] >= strides[rank - 2]) {
            return Tensor.uninitialized(shape, DType.FLOAT32);
        }
        int[] swapped = shape.toArray();
        swapped[rank - 3] = shape.size(rank - 2);
        swapped[rank - 2] = shape.size(rank - 3);
        return Tensor.uninitialized(Shape.of(swapped), DType.FLOAT32).transpose(rank - 3, rank - 2);
    }

    /** The gradients by the textbook formula, recorded, so that they can be differentiated again. */
    private static Tensor[] compositeGradients(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale,
            Tensor g, boolean[] needs) {
        List<Tensor> wrt = new java.util.ArrayList<>();
        Tensor[] inputs = {q, k, v};
        for (int i = 0; i < 3; i++) {
            if (needs[i]) {
                wrt.add(inputs[i]);
            }
        }
        List<Tensor> grads = Autograd.grad(List.of(reference(q, k, v, mask, causal, scale)), wrt, List.of(g),
                false, true, true);
        Tensor[] out = new Tensor[3];
        for (int i = 0, j = 0; i < 3; i++) {
            out[i] = needs[i] ? grads.get(j++) : null;
        }
        return out;
    }

    /** The mask as the kernel reads it: float values (bool becomes 0 / -inf) and offsets per head. */
    private static FlashAttention.Mask kernelMask(Tensor mask, Shape scores, int heads, boolean causal) {
        if (mask == null) {
            return FlashAttention.Mask.none(causal);
        }
        Tensor additive = mask.dtype() == DType.BOOL
                ? Tensor.where(mask, Tensor.scalar(0.0), Tensor.scalar(Double.NEGATIVE_INFINITY))
                : mask.to(DType.FLOAT32).contiguous();
        Tensor view = additive.detach().expand(scores.toArray());
        int[] strides = view.stridesRef();
        int rank = scores.rank();
        int[] offsets = headOffsets(view, heads);
        return new FlashAttention.Mask(view.storage().floats(), offsets, strides[rank - 2], strides[rank - 1], causal);
    }

    /** Where each of the heads (the index over all but the last two dimensions) of a view starts in its storage. */
    private static int[] headOffsets(Tensor view, int heads) {
        int[] strides = view.stridesRef();
        int lead = view.dim() - 2;
        int[] offsets = new int[heads];
        int[] index = new int[lead];
        for (int h = 0; h < heads; h++) {
            int off = view.storageOffset();
            for (int d = 0; d < lead; d++) {
                off += index[d] * strides[d];
            }
            offsets[h] = off;
            for (int d = lead - 1; d >= 0; d--) {
                if (++index[d] < view.size(d)) {
                    break;
                }
                index[d] = 0;
            }
        }
        return offsets;
    }
}
