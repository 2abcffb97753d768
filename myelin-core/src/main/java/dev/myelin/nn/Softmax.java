package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Softmax along a dimension: exp(x) / Σ exp(x), each slice summing to 1. PyTorch's {@code
 * nn.Softmax}; {@link F#softmax} as a function.
 *
 * <pre>{@code
 * new Softmax(-1).forward(logits);          // (N, C), rows sum to 1
 * }</pre>
 */
public final class Softmax extends Module {
    private final int dim;

    /** Softmax along {@code dim} (negative counts from the end). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.softmax(x, dim));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
