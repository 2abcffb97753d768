package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Softplus, log(1 + e^(beta·x)) / beta, a smooth ReLU; linear where beta·x exceeds the threshold.
 * PyTorch's {@code nn.Softplus}; {@link F#softplus} as a function.
 *
 * <pre>{@code
 * new Softplus().forward(x);
 * }</pre>
 */
public final class Softplus extends Module {
    private final double beta;
    private final double threshold;

    /** Softplus with beta 1 and threshold 20. */
    public Softplus() {
        this(1, 20);
    }

    /** Softplus with the given beta and threshold. */
    public Softplus(double beta, double threshold) {
        if (beta == 0) {
            throw new IllegalArgumentException("Softplus: beta must not be 0");
        }
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.softplus(x, beta, threshold));
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
