package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;
import java.util.function.IntToDoubleFunction;

/**
 * The base learning rate times a factor computed from the epoch by a function: PyTorch's
 * {@code LambdaLR}.
 *
 * <pre>{@code
 * new LambdaLR(opt, epoch -> Math.min(1.0, (epoch + 1) / 1000.0));   // linear warm-up over 1000 steps
 * }</pre>
 */
public final class LambdaLR extends LRScheduler {
    private final IntToDoubleFunction factor;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction factor) {
        super(optimizer);
        this.factor = factor;
        start();
    }

    @Override
    protected double lr(int group, double baseLr, int epoch) {
        return baseLr * factor.applyAsDouble(epoch);
    }
}
