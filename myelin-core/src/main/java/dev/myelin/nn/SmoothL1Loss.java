package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Smooth L1: quadratic below beta, linear above. PyTorch's {@code nn.SmoothL1Loss}; {@link
 * F#smoothL1Loss} as a function.
 *
 * <pre>{@code
 * Tensor loss = new SmoothL1Loss().forward(boxes, targetBoxes);
 * }</pre>
 */
public final class SmoothL1Loss extends Loss {
    private final double beta;

    /** beta 1, mean. */
    public SmoothL1Loss() {
        this(1.0, Reduction.MEAN);
    }

    /** The given beta (>= 0; 0 is the L1 loss) and reduction. */
    public SmoothL1Loss(double beta, Reduction reduction) {
        super(reduction);
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be >= 0, got " + beta);
        }
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.smoothL1Loss(input, target, beta, reduction()));
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + (super.extraRepr().isEmpty() ? "" : ", " + super.extraRepr());
    }
}
