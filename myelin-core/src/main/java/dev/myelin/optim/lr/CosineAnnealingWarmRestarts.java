package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter 2017): the rate follows a
 * cosine from the base rate to {@code etaMin} over a period, then jumps back; the first period is
 * {@code t0} epochs and each next one {@code tMult} times longer. PyTorch's
 * {@code CosineAnnealingWarmRestarts}.
 *
 * <pre>{@code
 * new CosineAnnealingWarmRestarts(opt, 10, 2, 1e-5);   // restarts at epochs 10, 30, 70, ...
 * }</pre>
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    private final int t0;
    private final int tMult;
    private final double etaMin;

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        check(t0 > 0, "CosineAnnealingWarmRestarts: t0 must be positive, got " + t0);
        check(tMult >= 1, "CosineAnnealingWarmRestarts: tMult must be >= 1, got " + tMult);
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        start();
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        long period = t0;
        long position = epoch;
        while (position >= period) {
            position -= period;
            period *= tMult;
        }
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * position / period)) / 2;
    }
}
