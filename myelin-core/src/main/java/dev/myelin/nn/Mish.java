package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * Mish, x·tanh(softplus(x)), elementwise (Misra 2019). PyTorch's {@code nn.Mish}; {@link F#mish}
 * as a function.
 *
 * <pre>{@code
 * new Mish().forward(x);
 * }</pre>
 */
public final class Mish extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.mish(x));
    }
}
