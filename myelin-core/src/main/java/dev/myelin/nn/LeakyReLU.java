package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Leaky ReLU: x for x &gt; 0, negativeSlope·x otherwise. PyTorch's {@code nn.LeakyReLU}; {@link
 * F#leakyRelu} as a function.
 *
 * <pre>{@code
 * new LeakyReLU(0.2).forward(Tensor.of(-1f, 2f));   // [-0.2, 2]
 * }</pre>
 */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    /** Leaky ReLU with PyTorch's default slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** Leaky ReLU with the given slope for negative inputs. */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.leakyRelu(x, negativeSlope));
    }

    @Override
    protected String extraRepr() {
        return "negativeSlope=" + negativeSlope;
    }
}
