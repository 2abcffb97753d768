package dev.myelin.nn;

import dev.myelin.nn.functional.F;
import dev.myelin.tensor.Tensor;

/**
 * SiLU, also called swish: x·sigmoid(x), elementwise. PyTorch's {@code nn.SiLU}; {@link F#silu} as
 * a function.
 *
 * <pre>{@code
 * new SiLU().forward(x);
 * }</pre>
 */
public final class SiLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return hooked(F.silu(x));
    }
}
