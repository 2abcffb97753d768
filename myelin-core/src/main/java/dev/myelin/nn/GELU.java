package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * The Gaussian error linear unit x·Φ(x) (Hendrycks and Gimpel 2016), exact or with the tanh
 * approximation. PyTorch's {@code nn.GELU}; {@link F#gelu} and {@link F#geluTanh} as functions.
 *
 * <pre>{@code
 * new GELU().forward(x);
 * new GELU(GELU.Approximation.TANH).forward(x);
 * }</pre>
 */
public final class GELU extends Module {
    /** How GELU is computed: PyTorch's {@code approximate} argument. */
    public enum Approximation {
        /** x·Φ(x) with the error function. */
        NONE,
        /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
        TANH
    }

    private final Approximation approximation;

    /** The exact GELU. */
    public GELU() {
        this(Approximation.NONE);
    }

    /** GELU computed as {@code approximation} says. */
    public GELU(Approximation approximation) {
        this.approximation = approximation;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(approximation == Approximation.TANH ? F.geluTanh(x) : F.gelu(x));
    }

    @Override
    protected String extraRepr() {
        return approximation == Approximation.TANH ? "approximation=TANH" : "";
    }
}
