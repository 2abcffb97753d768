package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;

/**
 * Cosine annealing (Loshchilov and Hutter 2017) from the base rate down to {@code etaMin} over
 * {@code tMax} epochs: lr = etaMin + (base - etaMin)·(1 + cos(π·epoch / tMax)) / 2 (which rises
 * again after tMax, as in PyTorch). PyTorch's {@code CosineAnnealingLR}; for restarts see
 * {@link CosineAnnealingWarmRestarts}.
 *
 * <pre>{@code
 * new CosineAnnealingLR(opt, 100, 0.0);
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        check(tMax > 0, "CosineAnnealingLR: tMax must be positive, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        start();
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
