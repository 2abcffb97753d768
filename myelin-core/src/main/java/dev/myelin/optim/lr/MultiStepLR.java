package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;
import java.util.Arrays;

/**
 * Decays the learning rate by {@code gamma} at each milestone epoch: lr = base·γ^(number of
 * milestones reached). PyTorch's {@code MultiStepLR}.
 *
 * <pre>{@code
 * new MultiStepLR(opt, new int[] {30, 80}, 0.1);
 * }</pre>
 */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    /** @param milestones epochs, increasing (a repeated one decays twice) */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        for (int i = 1; i < milestones.length; i++) {
            check(milestones[i] >= milestones[i - 1], "MultiStepLR: milestones must not decrease, got "
                    + Arrays.toString(milestones));
        }
        this.milestones = milestones.clone();
        this.gamma = gamma;
        start();
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        int reached = 0;
        while (reached < milestones.length && milestones[reached] <= epoch) {
            reached++;
        }
        return baseLr * Math.pow(gamma, reached);
    }
}
