package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;

/**
 * Scales the base learning rate by a factor moving linearly from {@code startFactor} to
 * {@code endFactor} over {@code totalIters} epochs, then constant: a linear warm-up (or decay).
 * PyTorch's {@code LinearLR}.
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.01, 1.0, 500);   // from 1% to the full rate in 500 steps
 * }</pre>
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /**
     * @param startFactor the factor at epoch 0, in (0, 1]
     * @param endFactor the factor from epoch {@code totalIters} on, in [0, 1]
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        check(startFactor > 0 && startFactor <= 1, "LinearLR: startFactor must lie in (0, 1], got " + startFactor);
        check(endFactor >= 0 && endFactor <= 1, "LinearLR: endFactor must lie in [0, 1], got " + endFactor);
        check(totalIters > 0, "LinearLR: totalIters must be positive, got " + totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        start();
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        return baseLr * (startFactor + (endFactor - startFactor) * Math.min(totalIters, epoch) / totalIters);
    }
}
