package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;
import java.util.Arrays;
import java.util.List;

/**
 * Schedules run one after another, switching at milestone epochs; each starts at its own epoch
 * 0. PyTorch's {@code SequentialLR}: the usual way to put a warm-up before a decay.
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * var cosine = new CosineAnnealingLR(opt, 95, 0.0);
 * var schedule = new SequentialLR(opt, List.of(warmup, cosine), 5);   // warm-up, then cosine from epoch 5
 * }</pre>
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    /** @param milestones one fewer than the schedulers, increasing: the epochs where the next one takes over */
    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int... milestones) {
        super(optimizer);
        check(!schedulers.isEmpty() && milestones.length == schedulers.size() - 1, "SequentialLR: expected one"
                + " milestone fewer than schedulers, got " + schedulers.size() + " schedulers and milestones "
                + Arrays.toString(milestones));
        for (int i = 0; i < schedulers.size(); i++) {
            check(schedulers.get(i).optimizer() == optimizer, "SequentialLR: scheduler " + i
                    + " belongs to another optimizer");
            check(i == 0 || milestones[i - 1] > (i == 1 ? 0 : milestones[i - 2]), "SequentialLR: milestones must"
                    + " be positive and increasing, got " + Arrays.toString(milestones));
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        start();
    }

    @Override
    protected void apply(int epoch) {
        int k = active(epoch);
        schedulers.get(k).stepTo(epoch - (k == 0 ? 0 : milestones[k - 1]));
    }

    private int active(int epoch) {
        int k = 0;
        while (k < milestones.length && milestones[k] <= epoch) {
            k++;
        }
        return k;
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        int k = active(epoch);
        LRScheduler s = schedulers.get(k);
        return s.lr(group, s.baseLrs()[group], epoch - (k == 0 ? 0 : milestones[k - 1]));
    }
}
