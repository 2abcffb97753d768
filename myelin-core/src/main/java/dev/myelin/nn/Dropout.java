package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/**
 * Dropout: in training mode, zeroes each element with probability p and scales the rest by
 * 1 / (1 - p); in evaluation mode, returns the input. PyTorch's {@code nn.Dropout}.
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.5);
 * drop.forward(x);          // training: about half the elements are 0, the rest doubled
 * drop.eval().forward(x);   // x
 * }</pre>
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator generator;

    /** Dropout with probability p, drawing masks from the default generator. */
    public Dropout(double p) {
        this(p, Generator.defaultGenerator());
    }

    /** Dropout with probability p, drawing masks from {@code generator}. */
    public Dropout(double p, Generator generator) {
        Layers.probability("Dropout", p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.dropout(x, p, isTraining(), generator));
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
