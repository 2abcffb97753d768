package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;

/**
 * Decays the learning rate by {@code gamma} every epoch: lr = base·γ^epoch. PyTorch's
 * {@code ExponentialLR}.
 *
 * <pre>{@code
 * new ExponentialLR(opt, 0.95);
 * }</pre>
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        start();
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        return baseLr * Math.pow(gamma, epoch);
    }
}
