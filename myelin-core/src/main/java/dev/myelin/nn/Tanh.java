package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * The hyperbolic tangent, elementwise. PyTorch's {@code nn.Tanh}; {@link F#tanh} as a function.
 *
 * <pre>{@code
 * new Tanh().forward(x);                    // values in (-1, 1)
 * }</pre>
 */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.tanh(x));
    }
}
