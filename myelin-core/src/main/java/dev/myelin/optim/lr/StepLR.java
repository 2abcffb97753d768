package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;

/**
 * Decays the learning rate by {@code gamma} every {@code stepSize} epochs: lr = base·γ^⌊epoch /
 * stepSize⌋. PyTorch's {@code StepLR}.
 *
 * <pre>{@code
 * new StepLR(opt, 30, 0.1);    // 0.1 for epochs 0-29, 0.01 for 30-59, ...
 * }</pre>
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        check(stepSize > 0, "StepLR: stepSize must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        start();
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        return baseLr * Math.pow(gamma, epoch / stepSize);
    }
}
