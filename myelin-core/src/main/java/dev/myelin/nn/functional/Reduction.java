package dev.myelin.nn.functional;

import dev.myelin.tensor.Tensor;

/**
 * How a loss turns per-element losses into its result: PyTorch's {@code reduction} argument.
 *
 * <pre>{@code
 * F.mseLoss(prediction, target, Reduction.SUM)
 * }</pre>
 */
public enum Reduction {
    /** The per-element losses, unreduced. */
    NONE,
    /** Their mean (the default); weighted losses divide by the total weight. */
    MEAN,
    /** Their sum. */
    SUM,
    /** Their sum divided by the batch size (the first dimension): PyTorch's {@code 'batchmean'}, for KL divergence. */
    BATCH_MEAN;

    /** Applies this reduction to per-element losses. */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case NONE -> losses;
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case BATCH_MEAN -> losses.sum().div(losses.dim() == 0 ? 1 : losses.size(0));
        };
    }
}
