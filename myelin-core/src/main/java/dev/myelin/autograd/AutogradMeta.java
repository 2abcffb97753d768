package dev.myelin.autograd;

import dev.myelin.tensor.Tensor;

/**
 * A tensor's autograd state: whether it requires a gradient, its accumulated gradient, and the
 * graph node that produced it. Tensors create it on first use; only this package changes it.
 */
public final class AutogradMeta {
    boolean requiresGrad;
    boolean retainsGrad;
    Tensor grad;
    Node gradFn;
    int outputIndex;

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The gradient accumulated by backward passes, or {@code null}. */
    public Tensor grad() {
        return grad;
    }

    /** The node that produced this tensor, or {@code null} for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Which of its node's outputs this tensor is. */
    public int outputIndex() {
        return outputIndex;
    }

    /** Whether a non-leaf keeps its gradient after backward ({@link Autograd#retainGrad}). */
    public boolean retainsGrad() {
        return retainsGrad;
    }
}
