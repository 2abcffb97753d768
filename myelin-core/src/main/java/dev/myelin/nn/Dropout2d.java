package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/**
 * Channel dropout: in training mode, zeroes whole channels of x (N, C, H, W) or (C, H, W) with
 * probability p and scales the rest by 1 / (1 - p). PyTorch's {@code nn.Dropout2d}.
 *
 * <pre>{@code
 * new Dropout2d(0.2).forward(features);   // (N, C, H, W), some (n, c) planes all zero
 * }</pre>
 */
public final class Dropout2d extends Module {
    private final double p;
    private final Generator generator;

    /** Channel dropout with probability p, from the default generator. */
    public Dropout2d(double p) {
        this(p, Generator.defaultGenerator());
    }

    /** Channel dropout with probability p, drawing masks from {@code generator}. */
    public Dropout2d(double p, Generator generator) {
        Layers.probability("Dropout2d", p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.dropout2d(x, p, isTraining(), generator));
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
