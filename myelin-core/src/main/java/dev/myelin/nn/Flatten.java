package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * Merges dimensions {@code startDim} to {@code endDim} into one (a view where possible).
 * PyTorch's {@code nn.Flatten}; the default keeps the batch dimension: (N, *) gives (N, ∏*).
 *
 * <pre>{@code
 * new Flatten().forward(x);               // (32, 1, 28, 28) -> (32, 784)
 * }</pre>
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens all dimensions but the first. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code startDim} to {@code endDim}, both inclusive (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(x.flatten(startDim, endDim));
    }

    @Override
    protected String extraRepr() {
        return "startDim=" + startDim + ", endDim=" + endDim;
    }
}
