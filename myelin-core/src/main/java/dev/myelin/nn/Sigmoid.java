package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * The logistic function 1 / (1 + e⁻ˣ), elementwise. PyTorch's {@code nn.Sigmoid}; {@link
 * F#sigmoid} as a function.
 *
 * <pre>{@code
 * new Sigmoid().forward(Tensor.of(0f));     // [0.5]
 * }</pre>
 */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.sigmoid(x));
    }
}
