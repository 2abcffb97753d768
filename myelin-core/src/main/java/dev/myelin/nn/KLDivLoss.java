package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Kullback-Leibler divergence of a target distribution from log-probabilities. PyTorch's {@code
 * nn.KLDivLoss}; {@link F#klDiv} as a function.
 *
 * <pre>{@code
 * Tensor loss = new KLDivLoss(Reduction.BATCH_MEAN, false).forward(logProbs, targetProbs);
 * }</pre>
 */
public final class KLDivLoss extends Loss {
    private final boolean logTarget;

    /** Mean over all elements, probability targets (PyTorch's defaults; {@code BATCH_MEAN} is the true KL). */
    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    /** The given reduction; {@code logTarget} when targets are log-probabilities. */
    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.klDiv(input, target, reduction(), logTarget));
    }

    @Override
    protected String extraRepr() {
        return "logTarget=" + logTarget + (super.extraRepr().isEmpty() ? "" : ", " + super.extraRepr());
    }
}
