package dev.myelin.optim;

import dev.myelin.tensor.Tensor;

/**
 * L1 and L2 penalties on parameters, to add to a loss (differentiable). Adding
 * {@code λ/2·l2(params)} to the loss is the coupled weight decay λ of SGD and Adam; L1 pushes
 * weights to exactly zero (sparsity).
 *
 * <pre>{@code
 * Tensor loss = F.crossEntropy(logits, y).add(Penalty.l1(model.parameters()).mul(1e-5));
 * }</pre>
 */
public final class Penalty {
    private Penalty() {}

    /** Σ|p| over all elements of all parameters, as a scalar. */
    public static Tensor l1(Iterable<Tensor> params) {
        Tensor total = null;
        for (Tensor p : params) {
            Tensor s = p.abs().sum();
            total = total == null ? s : total.add(s);
        }
        return total == null ? Tensor.scalar(0) : total;
    }

    /** Σp² over all elements of all parameters, as a scalar (its gradient is 2p). */
    public static Tensor l2(Iterable<Tensor> params) {
        Tensor total = null;
        for (Tensor p : params) {
            Tensor s = p.square().sum();
            total = total == null ? s : total.add(s);
        }
        return total == null ? Tensor.scalar(0) : total;
    }
}
