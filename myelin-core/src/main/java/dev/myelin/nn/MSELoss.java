package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Mean squared error, (input - target)² reduced. PyTorch's {@code nn.MSELoss}; {@link F#mseLoss}
 * as a function.
 *
 * <pre>{@code
 * Tensor loss = new MSELoss().forward(prediction, target);   // same shapes
 * }</pre>
 */
public final class MSELoss extends Loss {
    /** The mean of the squared errors. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** Squared errors, reduced as given. */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.mseLoss(input, target, reduction()));
    }
}
