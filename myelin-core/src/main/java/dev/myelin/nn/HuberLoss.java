package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Huber loss: 0.5·d² below delta, delta·(|d| - 0.5·delta) above. PyTorch's {@code nn.HuberLoss};
 * {@link F#huberLoss} as a function.
 *
 * <pre>{@code
 * Tensor loss = new HuberLoss(1.0, Reduction.MEAN).forward(prediction, target);
 * }</pre>
 */
public final class HuberLoss extends Loss {
    private final double delta;

    /** delta 1, mean. */
    public HuberLoss() {
        this(1.0, Reduction.MEAN);
    }

    /** The given delta (> 0) and reduction. */
    public HuberLoss(double delta, Reduction reduction) {
        super(reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("HuberLoss: delta must be > 0, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.huberLoss(input, target, delta, reduction()));
    }

    @Override
    protected String extraRepr() {
        return "delta=" + delta + (super.extraRepr().isEmpty() ? "" : ", " + super.extraRepr());
    }
}
