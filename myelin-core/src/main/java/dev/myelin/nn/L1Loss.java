package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.tensor.Tensor;

/**
 * Mean absolute error, |input - target| reduced. PyTorch's {@code nn.L1Loss}; {@link F#l1Loss} as
 * a function.
 *
 * <pre>{@code
 * Tensor loss = new L1Loss().forward(prediction, target);
 * }</pre>
 */
public final class L1Loss extends Loss {
    /** The mean of the absolute errors. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /** Absolute errors, reduced as given. */
    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return hooked(F.l1Loss(input, target, reduction()));
    }
}
