package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * ELU: x for x &gt; 0, alpha·(eˣ - 1) otherwise (Clevert et al. 2015). PyTorch's {@code nn.ELU};
 * {@link F#elu} as a function.
 *
 * <pre>{@code
 * new ELU().forward(x);
 * }</pre>
 */
public final class ELU extends Module {
    private final double alpha;

    /** ELU with alpha 1. */
    public ELU() {
        this(1.0);
    }

    /** ELU with the given alpha (the limit for very negative inputs is -alpha). */
    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.elu(x, alpha));
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
