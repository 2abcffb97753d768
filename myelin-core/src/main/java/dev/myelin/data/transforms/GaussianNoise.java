package dev.myelin.data.transforms;

import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Tensor;

/**
 * Adds independent normal noise of standard deviation {@code std} to every element:
 * x + std·N(0, 1). Works on any shape and floating dtype.
 *
 * <pre>{@code
 * new GaussianNoise(0.05)
 * }</pre>
 *
 * @param std the standard deviation of the noise
 */
public record GaussianNoise(double std) implements Transform {
    /** Checks the standard deviation. */
    public GaussianNoise {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("GaussianNoise: std must be finite and non-negative, got " + std);
        }
    }

    @Override
    public Tensor apply(Tensor x, Generator generator) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("GaussianNoise: expects a floating-point tensor, got " + x.dtype());
        }
        return x.add(Tensor.randn(x.shape(), x.dtype(), generator), std);
    }
}
