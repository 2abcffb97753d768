package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * x limited to [min, max] (default [-1, 1]), elementwise. PyTorch's {@code nn.Hardtanh}; {@link
 * F#hardtanh} as a function.
 *
 * <pre>{@code
 * new Hardtanh(0, 6).forward(x);           // ReLU6
 * }</pre>
 */
public final class Hardtanh extends Module {
    private final double min;
    private final double max;

    /** Limits to [-1, 1]. */
    public Hardtanh() {
        this(-1, 1);
    }

    /** Limits to [min, max]. */
    public Hardtanh(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("Hardtanh: min must be below max, got " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.hardtanh(x, min, max));
    }

    @Override
    protected String extraRepr() {
        return "min=" + min + ", max=" + max;
    }
}
